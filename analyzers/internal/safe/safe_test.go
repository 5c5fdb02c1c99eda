package safe_test

import (
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers/internal/safe"
)

func TestRunTurnsPanicsIntoErrors(t *testing.T) {
	run := safe.Run("boom", func(*analysis.Pass) (any, error) {
		var m map[string]int
		m["x"]++ //nolint:staticcheck // a nil map write: the panic this test needs
		return nil, nil
	})
	pass := &analysis.Pass{Pkg: types.NewPackage("example.com/p", "p"), Fset: token.NewFileSet()}
	res, err := run(pass)
	if res != nil || err == nil {
		t.Fatalf("got %v, %v; want an error", res, err)
	}
	for _, want := range []string{"boom", "example.com/p", "assignment to entry in nil map"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestRunPassesResults(t *testing.T) {
	run := safe.Run("ok", func(*analysis.Pass) (any, error) { return 42, nil })
	res, err := run(&analysis.Pass{Pkg: types.NewPackage("p", "p")})
	if res != 42 || err != nil {
		t.Fatalf("got %v, %v", res, err)
	}
}

func TestModelTurnsPanicsIntoResults(t *testing.T) {
	type result struct{ err error }
	run := safe.Model("model", func(*analysis.Pass) (any, error) {
		panic("odd shape")
	}, func(err error) any { return &result{err} })
	res, err := run(&analysis.Pass{Pkg: types.NewPackage("example.com/q", "q")})
	if err != nil {
		t.Fatalf("got error %v; want a result carrying it", err)
	}
	r, ok := res.(*result)
	if !ok || r.err == nil || !strings.Contains(r.err.Error(), "odd shape") || !strings.Contains(r.err.Error(), "example.com/q") {
		t.Fatalf("got %#v; want a result whose error names the panic and the package", res)
	}
}
