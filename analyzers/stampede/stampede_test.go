package stampede_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"

	"github.com/cacheguard/cacheguard/analyzers/stampede"
)

func TestStampede(t *testing.T) {
	analysistest.Run(t, scenarios.Dir(t), stampede.Analyzer, "./stampede/basic")
}

// TestAll checks every loader with -stampede.all: NotHot is reported too.
func TestAll(t *testing.T) {
	a := stampede.New(stampede.Config{All: true})
	results := analysistest.Run(t, scenarios.Dir(t), a, "./stampede/all")
	if len(results) == 0 {
		t.Fatal("no results")
	}
}
