package analyzers_test

import (
	"flag"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cacheguard/cacheguard/analyzers"
	"github.com/cacheguard/cacheguard/analyzers/internal/directive"
	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"
)

func TestRegistry(t *testing.T) {
	all := analyzers.All()
	if len(all) == 0 {
		t.Fatal("no analyzers")
	}
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range all {
		if seen[a.Name] {
			t.Errorf("%s registered twice", a.Name)
		}
		seen[a.Name] = true
		if a.Name != strings.ToLower(a.Name) {
			t.Errorf("%s: names are one lowercase word", a.Name)
		}
		first := strings.SplitN(a.Doc, "\n", 2)[0]
		if first == "" || first != strings.ToLower(first[:1])+first[1:] || len(first) > 60 {
			t.Errorf("%s: the doc's first line should be a short lowercase phrase: %q", a.Name, first)
		}
	}
	// The names a directive may name (internal/names, where each analyzer
	// takes its own) are the registry's, and only those.
	var names []string
	for _, a := range all {
		names = append(names, a.Name)
	}
	slices.Sort(names)
	if got := directive.Names(); !slices.Equal(got, names) {
		t.Errorf("a directive may name %v, the registry has %v", got, names)
	}
}

// TestScenarioModuleVersions: the modules that the main module and a
// module of its tests both require (go-redis v9, x/sync) are at the same
// version in each: testdata/scenarios, which the analyzers' tests and the
// command table's test (TestTableCoversClients) type-check against, and
// analyzers/cachetest, whose runtime checks run the example service that
// the main module type-checks. Modules only the scenarios use (the other
// clients, go-zero, cache libraries) are downloaded by internal/scenarios
// before the tests load them.
func TestScenarioModuleVersions(t *testing.T) {
	parse := func(path string) *modfile.File {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := modfile.Parse(path, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	main := parse(filepath.Join("..", "go.mod"))
	versions := map[string]string{}
	for _, r := range main.Require {
		if !r.Indirect {
			versions[r.Mod.Path] = r.Mod.Version
		}
	}
	for _, dir := range []string{filepath.Join("..", "testdata", "scenarios"), "cachetest"} {
		for _, r := range parse(filepath.Join(dir, "go.mod")).Require {
			v, ok := versions[r.Mod.Path]
			switch {
			case !ok:
				continue
			case v != r.Mod.Version:
				t.Errorf("%s requires %s %s, the main module %s: align them", filepath.ToSlash(dir), r.Mod.Path, r.Mod.Version, v)
			}
		}
	}
}

// loadScenarios loads packages of testdata/scenarios with their syntax,
// from the module cache only.
func loadScenarios(t *testing.T, patterns ...string) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  scenarios.Dir(t),
		Env:  append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// TestRobust runs every analyzer on code that does not type-check, on
// odd shapes and on wrappers on call cycles: no panic, no error, no hang.
func TestRobust(t *testing.T) {
	pkgs := loadScenarios(t, "./robust/...")
	if len(pkgs) != 10 {
		t.Fatalf("loaded %d packages, want 10", len(pkgs))
	}
	// Wrappers on two call cycles once made the model's fixpoint grow
	// without bound: the run must end, and soon.
	type outcome struct {
		res *checker.Graph
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := checker.Analyze(analyzers.All(), pkgs, nil)
		done <- outcome{res, err}
	}()
	var res *checker.Graph
	select {
	case o := <-done:
		if o.err != nil {
			t.Fatal(o.err)
		}
		res = o.res
	case <-time.After(2 * time.Minute):
		t.Fatal("the analyzers did not finish on ./robust/... in 2 minutes (a fixpoint that does not end?)")
	}
	// Code that does not type-check is analyzed around its broken
	// functions: no action fails, in the broken packages or above them.
	for act := range res.All() {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
	}
	for _, act := range res.Roots {
		if strings.HasSuffix(act.Package.PkgPath, "odd") {
			for _, d := range act.Diagnostics {
				t.Errorf("%s: unexpected finding on odd shapes: %s", act.Analyzer.Name, d.Message)
			}
		}
	}
}

// TestLocalRegistry: the fast mode has the same analyzers and flags, and
// declares no facts (so the driver can load dependencies from export data).
func TestLocalRegistry(t *testing.T) {
	local, err := analyzers.NewLocal(analyzers.Default())
	if err != nil {
		t.Fatal(err)
	}
	all := analyzers.All()
	if len(local) != len(all) {
		t.Fatalf("%d local analyzers, %d in All", len(local), len(all))
	}
	var withFacts []string
	if err := analysis.Validate(local); err != nil {
		t.Fatal(err)
	}
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		if len(a.FactTypes) > 0 {
			withFacts = append(withFacts, a.Name)
		}
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for i, a := range local {
		visit(a)
		if a.Name != all[i].Name {
			t.Errorf("local analyzer %d is %s, want %s", i, a.Name, all[i].Name)
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			if all[i].Flags.Lookup(f.Name) == nil {
				t.Errorf("%s: flag %s only in -local", a.Name, f.Name)
			}
		})
	}
	if len(withFacts) > 0 {
		t.Errorf("-local analyzers with facts: %v", withFacts)
	}
}

// TestLoaderWorkBounded: a function with thousands of reads has only as
// many examined as the work bound allows, and says so (Truncated).
func TestLoaderWorkBounded(t *testing.T) {
	var src strings.Builder
	src.WriteString("package big\n\nimport (\n\t\"context\"\n\t\"time\"\n\n\t\"github.com/redis/go-redis/v9\"\n)\n\n")
	src.WriteString("type repo interface{ Load(ctx context.Context, id string) (string, error) }\n\n")
	src.WriteString("func f(ctx context.Context, rdb *redis.Client, r repo) {\n")
	const n = 1500
	for i := range n {
		fmt.Fprintf(&src, "\tif _, err := rdb.Get(ctx, \"k%d\").Result(); err != nil { v, _ := r.Load(ctx, \"%d\"); rdb.Set(ctx, \"k%d\", v, time.Hour) }\n", i, i, i)
	}
	src.WriteString("}\n")
	results, ok := analyze(t, []byte(src.String()))
	if !ok {
		t.Fatal("the generated function does not type-check")
	}
	res := results[loader.Analyzer].(*loader.Result)
	if len(res.Truncated) != 1 || len(res.Loaders) == 0 || len(res.Loaders) >= n {
		t.Errorf("%d loaders of %d, %d functions truncated; want some but not all examined, one function truncated", len(res.Loaders), n, len(res.Truncated))
	}
}

// TestDirectivesOnce: every analyzer finds the malformed directives; with
// DirectivesOnce, the first of the analyzers that run in the registry's
// order reports them, once per position.
func TestDirectivesOnce(t *testing.T) {
	pkgs := loadScenarios(t, "./ttljitter/directive")
	if len(pkgs) != 1 {
		t.Fatalf("loaded %d packages, want 1", len(pkgs))
	}
	// reporters lists, per position of a malformed directive, the
	// analyzers that reported it.
	reporters := func(as []*analysis.Analyzer) map[token.Pos][]string {
		graph, err := checker.Analyze(as, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		out := map[token.Pos][]string{}
		for act := range graph.All() {
			for _, d := range act.Diagnostics {
				if act.IsRoot && d.Category == directive.CategoryMalformed {
					out[d.Pos] = append(out[d.Pos], act.Analyzer.Name)
				}
			}
		}
		return out
	}
	const positions = 6 // testdata/scenarios/ttljitter/directive
	all := analyzers.All()
	for pos, names := range reporters(all) {
		if len(names) != len(all) {
			t.Errorf("%v: reported by %v, want every analyzer", pkgs[0].Fset.Position(pos), names)
		}
	}
	for _, tc := range []struct {
		running func(string) bool
		owner   string
	}{
		{nil, "ttljitter"},
		{func(name string) bool { return name != "ttljitter" }, "nullcache"},
		{func(name string) bool { return name == "stampede" }, "stampede"},
	} {
		got := reporters(analyzers.DirectivesOnce(all, tc.running))
		if len(got) != positions {
			t.Errorf("owner %s: %d positions reported, want %d", tc.owner, len(got), positions)
		}
		for pos, names := range got {
			if len(names) != 1 || names[0] != tc.owner {
				t.Errorf("%v: reported by %v, want %s alone", pkgs[0].Fset.Position(pos), names, tc.owner)
			}
		}
	}
}
