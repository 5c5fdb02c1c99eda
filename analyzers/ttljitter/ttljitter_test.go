package ttljitter_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/ttljitter"
)

func TestDefault(t *testing.T) {
	analysistest.Run(t, scenarios.Dir(t), ttljitter.Analyzer,
		"./ttljitter/basic", "./ttljitter/pipeline", "./ttljitter/precision",
		"./ttljitter/fields", "./ttljitter/wrapper/use", "./ttljitter/generic",
		"./ttljitter/v8client", "./ttljitter/clients", "./ttljitter/directive",
		"./ttljitter/fixtaken", "./ttljitter/many", "./robust/cycles", "./robust/genlib", "./robust/genuse")
}

// TestFacts checks the facts the model exports about wrappers and jitter
// helpers (the want comments on their declarations).
func TestFacts(t *testing.T) {
	analysistest.Run(t, scenarios.Dir(t), cachemodel.Analyzer,
		"./ttljitter/model", "./ttljitter/wrapper/lib", "./iface/store")
}

func TestStrict(t *testing.T) {
	cfg := ttljitter.Default()
	cfg.Strict = true
	cfg.NotCacheKeys = []string{"session:"}
	analysistest.Run(t, scenarios.Dir(t), ttljitter.New(cfg), "./ttljitter/strict")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, scenarios.Dir(t), ttljitter.Analyzer, "./ttljitter/fix")
}
