package stampede_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/stampede"
)

var scenarios = filepath.Join("..", "..", "testdata", "scenarios")

func TestStampede(t *testing.T) {
	analysistest.Run(t, scenarios, stampede.Analyzer, "./stampede/basic")
}

// TestAll checks every loader with -stampede.all: NotHot is reported too.
func TestAll(t *testing.T) {
	a := stampede.New(stampede.Config{All: true})
	results := analysistest.Run(t, scenarios, a, "./stampede/all")
	if len(results) == 0 {
		t.Fatal("no results")
	}
}
