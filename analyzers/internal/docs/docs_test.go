package docs_test

import (
	"strings"
	"testing"

	"github.com/cacheguard/cacheguard/analyzers/internal/docs"
)

const src = `// Package p does things.
//
// # Analyzer thing
//
// thing: report things that are wrong
//
// Things go wrong in production.
//
//	bad()
//
// # Other
//
// Not part of it.
package p
`

func TestExtract(t *testing.T) {
	got, err := docs.Extract(src, "thing")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got, "report things that are wrong\n") || !strings.Contains(got, "bad()") || strings.Contains(got, "Not part") {
		t.Errorf("Extract = %q", got)
	}
	if _, err := docs.Extract(src, "other"); err == nil {
		t.Error("no error for a missing section")
	}
}
