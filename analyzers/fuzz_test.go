package analyzers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/cacheguard/cacheguard/analyzers"
	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"
)

// The packages a fuzzed program may import, loaded once (types only).
var (
	importsOnce sync.Once
	importable  map[string]*types.Package
	importsErr  error
)

func loadImportable(t testing.TB) map[string]*types.Package {
	importsOnce.Do(func() {
		cfg := &packages.Config{
			Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps,
			Dir:  scenarios.Dir(t),
			Env:  append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod"),
		}
		pkgs, err := packages.Load(cfg, "context", "time", "errors", "fmt", "sync", "math/rand",
			"math/rand/v2", "crypto/rand", "encoding/json", "encoding/binary", "bytes", "strings",
			"database/sql", "os", "testing", "github.com/redis/go-redis/v9", "github.com/go-redis/redis/v8",
			"golang.org/x/sync/singleflight")
		if err != nil {
			importsErr = err
			return
		}
		importable = map[string]*types.Package{}
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if p.Types != nil {
				importable[p.PkgPath] = p.Types
			}
		})
	})
	if importsErr != nil {
		t.Fatal(importsErr)
	}
	return importable
}

type mapImporter map[string]*types.Package

func (m mapImporter) Import(path string) (*types.Package, error) {
	if p, ok := m[path]; ok {
		return p, nil
	}
	return nil, os.ErrNotExist
}

// runAll type-checks src and runs the model and every analyzer of the
// registry on it, as the driver would (without facts from dependencies),
// whether or not it type-checks. It returns false when src does not
// type-check.
func runAll(t testing.TB, src []byte) bool {
	_, ok := analyze(t, src)
	return ok
}

// analyze is runAll returning the analyzers' results (nil when src does
// not parse).
func analyze(t testing.TB, src []byte) (map[*analysis.Analyzer]any, bool) {
	fset := token.NewFileSet()
	// Code that does not parse or type-check is analyzed too, as the
	// drivers do (RunDespiteErrors): a partial syntax tree and partial
	// types must not make any analyzer panic.
	f, _ := parser.ParseFile(fset, "fuzz.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if f == nil || f.Name == nil || f.Name.Name == "" || f.Name.Name == "_" {
		return nil, false
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{},
		Instances: map[*ast.Ident]types.Instance{}, FileVersions: map[*ast.File]string{},
	}
	var typeErrors []types.Error
	conf := types.Config{Importer: mapImporter(loadImportable(t)), Error: func(err error) {
		if te, ok := err.(types.Error); ok {
			typeErrors = append(typeErrors, te)
		}
	}}
	pkg, _ := conf.Check("fuzz", fset, []*ast.File{f}, info)
	results := map[*analysis.Analyzer]any{}
	pass := func(a *analysis.Analyzer) *analysis.Pass {
		return &analysis.Pass{
			Analyzer: a, Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info,
			TypesSizes: types.SizesFor("gc", "amd64"), ResultOf: results, TypeErrors: typeErrors,
			Report:            func(analysis.Diagnostic) {},
			ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
			ExportObjectFact:  func(types.Object, analysis.Fact) {},
			ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
			ExportPackageFact: func(analysis.Fact) {},
			AllObjectFacts:    func() []analysis.ObjectFact { return nil },
			AllPackageFacts:   func() []analysis.PackageFact { return nil },
			ReadFile:          func(string) ([]byte, error) { return src, nil },
		}
	}
	for _, a := range append([]*analysis.Analyzer{cachemodel.Analyzer, loader.Analyzer}, analyzers.All()...) {
		res, err := a.Run(pass(a))
		if err != nil {
			t.Fatalf("%s: %v\n%s", a.Name, err, src)
		}
		results[a] = res
	}
	return results, len(typeErrors) == 0
}

func seeds(t testing.TB) [][]byte {
	var out [][]byte
	dirs := []string{"ttljitter/basic", "ttljitter/pipeline", "ttljitter/precision", "ttljitter/fields",
		"ttljitter/generic", "nullcache/unguarded", "nullcache/permanent", "nullcache/unchecked",
		"nullcache/batch", "nullcache/closure", "cachemiss/basic", "stampede/basic", "robust/odd", "robust/cycles"}
	for _, d := range dirs {
		matches, _ := filepath.Glob(filepath.Join(scenarios.Dir(t), d, "*.go"))
		for _, m := range matches {
			b, err := os.ReadFile(m)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
	}
	return out
}

// TestSeedsTypeCheck makes sure the fuzz seeds exercise the analyzers: each
// must type-check in the fuzz harness.
func TestSeedsTypeCheck(t *testing.T) {
	for i, s := range seeds(t) {
		if !runAll(t, s) {
			t.Errorf("seed %d does not type-check in the fuzz harness", i)
		}
	}
}

// FuzzAnalyzers mutates small programs that use go-redis and runs every
// analyzer on those that type-check: none may panic or fail.
func FuzzAnalyzers(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		loadImportable(t) // once per process, before the clock starts: not part of an input's time
		done := make(chan struct{})
		go func() {
			defer close(done)
			runAll(t, src)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("no result after 10s (a hang?) on:\n%s", src)
		}
	})
}
