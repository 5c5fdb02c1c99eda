package ttljitter_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/ttljitter"
)

// scenarios is the module of test programs, type-checked against the real
// go-redis v9 and v8 modules.
var scenarios = filepath.Join("..", "..", "testdata", "scenarios")

func TestDefault(t *testing.T) {
	analysistest.Run(t, scenarios, ttljitter.Analyzer,
		"./ttljitter/basic", "./ttljitter/pipeline", "./ttljitter/precision",
		"./ttljitter/fields", "./ttljitter/wrapper/use", "./ttljitter/generic",
		"./ttljitter/v8client", "./ttljitter/clients", "./ttljitter/directive",
		"./ttljitter/fixtaken")
}

// TestFacts checks the facts the model exports about wrappers and jitter
// helpers (the want comments on their declarations).
func TestFacts(t *testing.T) {
	analysistest.Run(t, scenarios, cachemodel.Analyzer,
		"./ttljitter/model", "./ttljitter/wrapper/lib", "./iface/store")
}

func TestStrict(t *testing.T) {
	cfg := ttljitter.Default()
	cfg.Strict = true
	cfg.NotCacheKeys = []string{"session:"}
	analysistest.Run(t, scenarios, ttljitter.New(cfg), "./ttljitter/strict")
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, scenarios, ttljitter.Analyzer, "./ttljitter/fix")
}
