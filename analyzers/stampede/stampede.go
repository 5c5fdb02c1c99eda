package stampede

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/internal/directive"
	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
	"github.com/cacheguard/cacheguard/analyzers/internal/names"
	"github.com/cacheguard/cacheguard/analyzers/internal/redisapi"
	"github.com/cacheguard/cacheguard/analyzers/internal/safe"
)

// Name is the analyzer's name, its flag prefix and directive name.
const Name = names.Stampede

// Categories of the findings.
const (
	CategoryNoDedup   = "no-dedup"   // the refill runs once per concurrent miss
	CategoryNoRecheck = "no-recheck" // a lock is taken but the cache is not read again
)

// Config is the configuration of one stampede analyzer.
type Config struct {
	// All treats every loader as a hot key's loader; by default only
	// loaders marked //cacheguard:hot are checked.
	All bool `json:"all"`
}

// Default is the configuration of Analyzer.
func Default() Config { return Config{} }

// Validate reports a configuration error (none is possible yet).
func (c Config) Validate() error { return nil }

// Analyzer reports hot-key loaders whose refill is not deduplicated.
var Analyzer = New(Default())

// New returns a stampede analyzer for cfg; its flags change that copy.
func New(cfg Config) *analysis.Analyzer { return newOn(loader.Analyzer, cfg) }

// NewLocal is New without cross-package facts.
func NewLocal(cfg Config) *analysis.Analyzer { return newOn(loader.Local, cfg) }

func newOn(loaders *analysis.Analyzer, cfg Config) *analysis.Analyzer {
	c := &cfg
	a := &analysis.Analyzer{
		Name:             Name,
		Doc:              doc,
		URL:              "https://github.com/cacheguard/cacheguard#stampede",
		Requires:         []*analysis.Analyzer{loaders},
		Run:              safe.Run(Name, func(pass *analysis.Pass) (any, error) { return run(pass, loaders, c) }),
		RunDespiteErrors: true, // the model skips the functions that do not type-check
	}
	a.Flags.BoolVar(&c.All, "all", c.All, "check every loader, not only those marked //cacheguard:hot")
	return a
}

func run(pass *analysis.Pass, loaders *analysis.Analyzer, cfg *Config) (any, error) {
	res := pass.ResultOf[loaders].(*loader.Result)
	if res.Err != nil {
		return nil, res.Err
	}
	ignores := directive.Parse(pass, Name)
	seen := map[*ast.CallExpr]bool{}
	for _, l := range res.Loaders {
		if seen[l.Source] || (!cfg.All && !hot(l.Decl)) {
			continue
		}
		seen[l.Source] = true
		d, ok := check(pass, res, l)
		if !ok || ignores.Covers(l.Source, l.Read.Call) {
			continue
		}
		pass.Report(d)
	}
	ignores.ReportUnused(pass, Name)
	return nil, nil
}

// hot reports whether the declaration's doc comment marks it
// //cacheguard:hot.
func hot(decl *ast.FuncDecl) bool {
	if decl.Doc == nil {
		return false
	}
	for _, c := range decl.Doc.List {
		if directive.IsHot(c) {
			return true
		}
	}
	return false
}

func check(pass *analysis.Pass, res *loader.Result, l *loader.Loader) (analysis.Diagnostic, bool) {
	model := res.Model
	info := pass.TypesInfo
	src := types.ExprString(l.Source.Fun)
	if deduplicated(info, l) {
		return analysis.Diagnostic{}, false
	}
	if lock := lockBefore(info, model, l); lock != nil {
		if rereads(model, l, lock) {
			return analysis.Diagnostic{}, false
		}
		return analysis.Diagnostic{
			Pos: l.Source.Pos(), End: l.Source.End(), Category: CategoryNoRecheck,
			Message: fmt.Sprintf("%s runs after %s without reading the cache again; the requests that waited for the lock each query the source once it is released (cache stampede); re-read %s after acquiring the lock",
				src, types.ExprString(lock.Fun), res.KeyName(l)),
		}, true
	}
	return analysis.Diagnostic{
		Pos: l.Source.Pos(), End: l.Source.End(), Category: CategoryNoDedup,
		Message: fmt.Sprintf("when %s expires, every request in flight misses and runs %s at once (cache breakdown / stampede); deduplicate the refill with singleflight.Group.Do keyed by the cache key, or a per-key lock with a second cache read",
			res.KeyName(l), src),
	}, true
}

// deduplicated reports whether the source call runs inside a closure
// passed to singleflight's Do, DoChan or a look-alike (a method Do or
// DoChan of a type named Group, or of a cache library's Once).
func deduplicated(info *types.Info, l *loader.Loader) bool {
	found := false
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if call.Pos() > l.Source.Pos() || l.Source.End() > call.End() {
			return true
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok {
			return true
		}
		if redisapi.IsDedup(fn) {
			for _, a := range call.Args {
				if lit, ok := a.(*ast.FuncLit); ok && lit.Pos() <= l.Source.Pos() && l.Source.End() <= lit.End() {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// lockBefore returns the lock taken between the read and the source: a
// sync mutex, a Redis SET NX, or a lock library's Lock/Obtain/Acquire.
func lockBefore(info *types.Info, model *cachemodel.Result, l *loader.Loader) *ast.CallExpr {
	var lock *ast.CallExpr
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || lock != nil {
			return lock == nil
		}
		if call.Pos() <= l.Read.Call.End() || call.Pos() >= l.Source.Pos() {
			return true
		}
		for _, op := range model.OpAt(call) {
			if !op.Read && op.Cmd != nil && op.Cmd.Conditional {
				lock = call
			}
		}
		if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && redisapi.IsLock(fn) {
			lock = call
		}
		return lock == nil
	})
	return lock
}

// rereads reports whether the key is read again after the lock and
// before the source (the double-check).
func rereads(model *cachemodel.Result, l *loader.Loader, lock *ast.CallExpr) bool {
	for _, op := range model.Ops() {
		if op.Read && op.Func == l.Decl && op.Call.Pos() > lock.End() && op.Call.Pos() < l.Source.Pos() &&
			(model.SameKey(op.Key, l.Read.Key) || l.Batch) {
			return true
		}
	}
	return false
}
