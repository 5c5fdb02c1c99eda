package nullcache

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
	"github.com/cacheguard/cacheguard/analyzers/internal/redisapi"
)

// libraries checks the loader callbacks of cache libraries, which cache a
// not-found result only when the callback reports it as a value:
//   - go-redis/cache's Once caches nothing when Item.Do returns an error;
//   - rockscache's Fetch caches an empty result (for Options.EmptyExpire)
//     only when fn returns "" and a nil error, and EmptyExpire 0 turns
//     that off.
func (c *checker) libraries() {
	info := c.pass.TypesInfo
	for _, f := range c.pass.Files {
		if c.res.Model.Silent(f.Package) {
			continue // tests and generated files: the model's one rule
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				fn, ok := typeutil.Callee(info, n).(*types.Func)
				if !ok || fn.Pkg() == nil {
					return true
				}
				switch path := fn.Pkg().Path(); {
				case slices.Contains(redisapi.GoRedisCachePaths, path) && fn.Name() == "Once" && len(n.Args) == 1:
					if lit := redisapi.CompositeLit(n.Args[0]); lit != nil {
						if do, ok := ast.Unparen(redisapi.FieldValue(lit, "Do")).(*ast.FuncLit); ok {
							c.callback(do, "Once caches nothing when Item.Do returns an error", "return a nil error with an empty or sentinel value for not-found")
						}
					}
				case path == redisapi.RocksCachePath && (fn.Name() == "Fetch" || fn.Name() == "Fetch2"):
					if last, ok := ast.Unparen(n.Args[len(n.Args)-1]).(*ast.FuncLit); ok {
						c.callback(last, "rockscache caches an empty result only when fn returns \"\" and a nil error", "return \"\", nil for not-found")
					}
				}
			case *ast.CompositeLit:
				c.rocksOptions(n)
			case *ast.AssignStmt:
				c.rocksAssign(n)
			}
			return true
		})
	}
}

// callback reports a return of a non-nil error on a path where the
// callback's source said not-found.
func (c *checker) callback(lit *ast.FuncLit, what, fix string) {
	cb := c.res.CallbackSource(lit)
	if cb == nil {
		return
	}
	info := c.pass.TypesInfo
	g := c.res.Graph(cb.Body)
	l := &loader.Loader{Source: cb.Source, SourceBody: cb.Body, SourceErr: cb.SourceErr, SourceValue: cb.SourceValue}
	known, _ := knownNotFoundSource(info, l, func(call *ast.CallExpr) string {
		return c.res.Model.NotFoundOf(call, nil)
	})
	atom := loader.NotFoundErrAtom(info, cb.SourceErr, c.cfg.NotFoundErrors)
	hit, found := g.Search(cb.Source, atom, known != "", true, func(n ast.Node) loader.Action {
		ret, ok := n.(*ast.ReturnStmt)
		if !ok {
			return loader.Continue
		}
		if len(ret.Results) == 0 || loader.IsNilIdent(info, ret.Results[len(ret.Results)-1]) {
			return loader.Stop // not-found is returned as a value: cached
		}
		return loader.Found
	})
	if !found {
		return
	}
	c.report(analysis.Diagnostic{
		Pos: hit.Node.Pos(), End: hit.Node.End(), Category: CategoryUnguarded,
		Message: fmt.Sprintf("%s: a not-found from %s returned here as an error is never cached, and every request for a missing id goes to the database (cache penetration); %s",
			what, types.ExprString(cb.Source.Fun), fix),
	}, hit.Node)
}

// rocksOptions reports a rockscache.Options literal whose EmptyExpire is
// 0 or left out: rockscache then deletes the key instead of caching the
// empty result.
func (c *checker) rocksOptions(lit *ast.CompositeLit) {
	t := c.pass.TypesInfo.TypeOf(lit)
	if !isRocksOptions(t) {
		return
	}
	v := redisapi.FieldValue(lit, "EmptyExpire")
	if v != nil && !c.zero(v) {
		return
	}
	at := ast.Node(lit)
	if v != nil {
		at = v
	}
	c.report(analysis.Diagnostic{
		Pos: at.Pos(), End: at.End(), Category: CategoryUnguarded,
		Message: "rockscache.Options.EmptyExpire is 0, so empty results are deleted instead of cached and every request for a missing id goes to the database (cache penetration); start from rockscache.NewDefaultOptions() or set EmptyExpire to a short duration",
	}, at)
}

// rocksAssign reports opts.EmptyExpire = 0.
func (c *checker) rocksAssign(as *ast.AssignStmt) {
	for i, lhs := range as.Lhs {
		sel, ok := lhs.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "EmptyExpire" || i >= len(as.Rhs) || !isRocksOptions(c.pass.TypesInfo.TypeOf(sel.X)) {
			continue
		}
		if c.zero(as.Rhs[i]) {
			c.report(analysis.Diagnostic{
				Pos: as.Rhs[i].Pos(), End: as.Rhs[i].End(), Category: CategoryUnguarded,
				Message: "EmptyExpire = 0 turns off rockscache's caching of empty results; every request for a missing id goes to the database (cache penetration); keep a short EmptyExpire",
			}, as)
		}
	}
}

func (c *checker) zero(x ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[x]
	return ok && tv.Value != nil && tv.Value.ExactString() == "0"
}

func isRocksOptions(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == redisapi.RocksCachePath && n.Obj().Name() == "Options"
}
