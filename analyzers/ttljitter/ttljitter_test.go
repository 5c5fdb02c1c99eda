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
		"./ttljitter/fixtaken", "./ttljitter/many", "./ttljitter/jitterwrap", "./ttljitter/flow", "./ttljitter/record", "./ttljitter/collections", "./ttljitter/lua", "./iface/genuse", "./nullcache/notloader", "./robust/cycles", "./robust/genlib", "./robust/genuse")
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

// TestFixOnlyWhenSafe: no fix is offered when the import it adds would
// clash with a declaration in the package's test file, or when the TTL is
// too small to draw a jitter from.
func TestFixOnlyWhenSafe(t *testing.T) {
	results := analysistest.Run(t, scenarios.Dir(t), ttljitter.Analyzer, "./ttljitter/fixunsafe")
	at := map[string]bool{} // the package and its test variant report the same lines
	for _, r := range results {
		for _, d := range r.Diagnostics {
			at[r.Pass.Fset.Position(d.Pos).String()] = true
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: a fix was offered: %v", d.Message, d.SuggestedFixes[0].Message)
			}
		}
	}
	if len(at) != 2 {
		t.Errorf("findings at %v, want 2 positions", at)
	}
}
