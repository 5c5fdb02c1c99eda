package cachemiss

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/directive"
	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
	"github.com/cacheguard/cacheguard/analyzers/internal/names"
	"github.com/cacheguard/cacheguard/analyzers/internal/redisapi"
	"github.com/cacheguard/cacheguard/analyzers/internal/safe"
	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// Name is the analyzer's name, its flag prefix and directive name.
const Name = names.CacheMiss

// Category of the findings.
const CategoryOutage = "outage"

// Analyzer reports loaders that treat every Redis error as a miss.
var Analyzer = newOn(loader.Analyzer)

// Local is Analyzer without cross-package facts: the fast mode for one
// package at a time.
var Local = newOn(loader.Local)

func newOn(loaders *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             Name,
		Doc:              doc,
		URL:              "https://github.com/cacheguard/cacheguard#cachemiss",
		Requires:         []*analysis.Analyzer{loaders},
		Run:              safe.Run(Name, func(pass *analysis.Pass) (any, error) { return run(pass, loaders) }),
		RunDespiteErrors: true, // the model skips the functions that do not type-check
	}
}

func run(pass *analysis.Pass, loaders *analysis.Analyzer) (any, error) {
	res := pass.ResultOf[loaders].(*loader.Result)
	if res.Err != nil {
		return nil, res.Err
	}
	ignores := directive.Parse(pass, Name)
	all := append(res.Loaders[:len(res.Loaders):len(res.Loaders)], res.Fallbacks...)
	isLoader := map[*ast.FuncDecl]bool{}
	for _, l := range all {
		isLoader[l.Decl] = true
	}
	swallowers := swallowed(pass, res, ignores, isLoader)
	reported := map[*ast.CallExpr]bool{}
	for _, l := range all {
		if reported[l.Read.Call] || degrades(pass.TypesInfo, l) || retried(l.Decl, l.Read.Call) {
			continue // a read retried in a counted loop: the graph does not count the attempts
		}
		g := res.Graph(l.ReadBody)
		if !g.Contains(l.Source) || !g.Contains(l.Read.Call) {
			continue
		}
		if w := l.Read.Callee; w != nil && swallowers[w] {
			// No check here can tell a failure from a miss: the wrapper
			// has already made one into the other.
			reported[l.Read.Call] = true
			if !ignores.Covers(l.Read.Call, l.Read.Call) {
				src := types.ExprString(l.Source.Fun)
				pass.Report(analysis.Diagnostic{
					Pos: l.Read.Call.Pos(), End: l.Read.Call.End(), Category: CategoryOutage,
					Message: fmt.Sprintf("%s hands a Redis failure back as a miss (reported there), so during a Redis outage or timeout every request here calls %s, the load the cache was absorbing; have %s return the error, and return it here (or degrade deliberately)",
						ttl.FuncName(w), src, w.Name()),
				})
			}
			continue
		}
		if w := l.Read.Callee; w != nil && l.Err == nil && !l.ErrDiscarded && noError(pass.Pkg, w) {
			// A wrapper with no error result (exists(ctx, key) bool): it
			// has made a failure into an answer before this code sees it.
			reported[l.Read.Call] = true
			if !ignores.Covers(l.Read.Call, l.Read.Call) {
				src := types.ExprString(l.Source.Fun)
				name := ttl.FuncName(w)
				if w.Pkg() != pass.Pkg {
					name = w.Pkg().Name() + "." + name
				}
				pass.Report(analysis.Diagnostic{
					Pos: l.Read.Call.Pos(), End: l.Read.Call.End(), Category: CategoryOutage,
					Message: fmt.Sprintf("%s returns no error, so a Redis failure reaches this code as a miss, and during a Redis outage or timeout every request here calls %s, the load the cache was absorbing; have %s return the error (and report a miss only for redis.Nil), and return it here (or degrade deliberately)",
						name, src, w.Name()),
				})
			}
			continue
		}
		atom := loader.Atom(func(ast.Expr) (loader.Tri, bool) { return loader.Unknown, false })
		if !l.ErrDiscarded {
			if l.Err == nil {
				continue // the error is not in a variable we can follow
			}
			atom = res.ReadErrOnly(l, loader.EmptyOnFailure(pass.TypesInfo, l, loader.OtherErrorAtom(pass.TypesInfo, l.Err, l.Read.Cmd == nil)))
		}
		hit, ok := g.Search(l.Read.Call, atom, false, false, func(n ast.Node) loader.Action {
			if n != nil && n.Pos() <= l.Source.Pos() && l.Source.End() <= n.End() {
				return loader.Found
			}
			return loader.Continue
		})
		if !ok {
			continue
		}
		reported[l.Read.Call] = true
		d := diagnostic(l, hit)
		if ignores.Covers(d.node, l.Read.Call) {
			continue
		}
		pass.Report(d.Diagnostic)
	}
	ignores.ReportUnused(pass, Name)
	return nil, nil
}

type diag struct {
	analysis.Diagnostic
	node ast.Node
}

func diagnostic(l *loader.Loader, hit loader.Hit) diag {
	read := "the read"
	if l.Read.Cmd != nil {
		read = l.Read.Cmd.Name
	} else if l.Read.Callee != nil {
		read = l.Read.Callee.Name()
	}
	src := types.ExprString(l.Source.Fun)
	why := "during a Redis outage or timeout every request calls " + src + ", the load the cache was absorbing"
	fix := "treat only redis.Nil as a miss"
	answer := missAnswer(l)
	if answer != "" {
		fix = "return (or degrade deliberately) on any error: " + read + " answers a missing key with " + answer + ", never with an error"
	}
	switch {
	case l.ErrDiscarded:
		return diag{analysis.Diagnostic{
			Pos: l.Read.Call.Pos(), End: l.Read.Call.End(), Category: CategoryOutage,
			Message: fmt.Sprintf("the error of %s is discarded, so any Redis failure reads as a miss and goes to %s; %s; check the error and %s", read, src, why, fix),
		}, l.Read.Call}
	case hit.Router != nil && throughPort(l):
		// The use case sees an interface only: redis.Nil is not its word.
		return diag{analysis.Diagnostic{
			Pos: hit.Router.Pos(), End: hit.Router.End(), Category: CategoryOutage,
			Message: fmt.Sprintf("%s every error of %s to %s, not only a miss; %s; have the cache port return a miss error of its own (ErrCacheMiss), treat only that as the miss and return (or degrade deliberately) on other errors", routes(hit), read, src, why),
		}, hit.Router}
	case hit.Router != nil && answer != "":
		return diag{analysis.Diagnostic{
			Pos: hit.Router.Pos(), End: hit.Router.End(), Category: CategoryOutage,
			Message: fmt.Sprintf("%s every error of %s to %s; %s; %s", routes(hit), read, src, why, fix),
		}, hit.Router}
	case hit.Router != nil:
		return diag{analysis.Diagnostic{
			Pos: hit.Router.Pos(), End: hit.Router.End(), Category: CategoryOutage,
			Message: fmt.Sprintf("%s every error of %s to %s, not only redis.Nil; %s; treat errors.Is(err, redis.Nil) as the miss and return (or degrade deliberately) on other errors", routes(hit), read, src, why),
		}, hit.Router}
	}
	return diag{analysis.Diagnostic{
		Pos: l.Read.Call.Pos(), End: l.Read.Call.End(), Category: CategoryOutage,
		Message: fmt.Sprintf("the error of %s is never checked before %s, so any Redis failure is treated as a miss; %s; %s", read, src, why, fix),
	}, l.Read.Call}
}

// noError reports whether a read wrapper hands back no error, nor a
// command that holds one: a wrapper of another package (a cache
// package's Exists(ctx, key) bool, Get(ctx, key) *User), or a yes/no
// wrapper of this package (exists(ctx, key) bool), which swallowed leaves
// alone because it returns no cached value.
func noError(pkg *types.Package, w *types.Func) bool {
	res := w.Type().(*types.Signature).Results()
	for i := 0; i < res.Len(); i++ {
		if t := res.At(i).Type(); loader.IsError(t) || loader.HasErrMethod(t) {
			return false // an error, or a command that holds one (*redis.StringCmd's Err)
		}
	}
	return res.Len() > 0 && (w.Pkg() != pkg || !returnsValue(res))
}

// missAnswer says how the loader's read answers a missing key when it
// never fails with redis.Nil (EXISTS's 0, SMEMBERS's empty set), or "".
func missAnswer(l *loader.Loader) string {
	if l.Read.Cmd == nil {
		return ""
	}
	return redisapi.MissAnswer(l.Read.Cmd.Command)
}

// throughPort reports whether the loader reads through a method of an
// interface (a clean-architecture cache port).
func throughPort(l *loader.Loader) bool {
	if l.Read.Callee == nil {
		return false
	}
	sig, ok := l.Read.Callee.Type().(*types.Signature)
	return ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// routes says how the condition lets the error through: its true branch
// ("err != nil sends"), or its false one, where the code falls through
// ("past err == nil goes").
func routes(hit loader.Hit) string {
	if hit.RouterFalse {
		return "falling past " + types.ExprString(hit.Router) + " sends"
	}
	return types.ExprString(hit.Router) + " sends"
}

// degrades reports whether the loader goes through a circuit breaker: the
// fallback to the source is then a decision, not an accident.
func degrades(info *types.Info, l *loader.Loader) bool {
	found := false
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
			name := strings.ToLower(fn.FullName())
			if strings.Contains(name, "breaker") || strings.Contains(name, "circuit") {
				found = true
			}
		}
		return !found
	})
	return found
}
