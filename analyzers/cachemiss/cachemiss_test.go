package cachemiss_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/cachemiss"
)

var scenarios = filepath.Join("..", "..", "testdata", "scenarios")

func TestCachemiss(t *testing.T) {
	analysistest.Run(t, scenarios, cachemiss.Analyzer,
		"./cachemiss/basic", "./cachemiss/wrapper", "./cachemiss/v8client", "./nullcache/notloader")
}
