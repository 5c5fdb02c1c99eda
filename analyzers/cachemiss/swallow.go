package cachemiss

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/internal/directive"
	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// CategorySwallowed is a read wrapper that returns a Redis failure as a
// miss: its callers cannot tell them apart.
const CategorySwallowed = "swallowed"

// swallowed reports the read wrappers — functions that read the key given
// by a parameter and are not loaders themselves — on which a Redis error
// other than redis.Nil reaches a return that drops it: no error result, or
// nil in the error slot. The loaders that call them query the source on
// every Redis failure, and the fix goes in the wrapper.
//
// It returns the wrappers reported (those a directive covers left out):
// their callers' checks cannot tell a failure from a miss.
func swallowed(pass *analysis.Pass, res *loader.Result, ignores *directive.Ignores, loaders map[*ast.FuncDecl]bool) map[*types.Func]bool {
	info := pass.TypesInfo
	done := map[*ast.FuncDecl]bool{}
	out := map[*types.Func]bool{}
	for _, op := range res.Model.Ops() {
		if !op.Read || op.Cmd == nil || op.Func == nil || loaders[op.Func] || done[op.Func] {
			continue
		}
		if !op.Cmd.ReadsValue() || res.Model.Silent(op.Call.Pos()) || (!keyFromParam(info, op) && !res.Model.KeyFromElem(op)) {
			continue
		}
		if retried(op.Func, op.Call) {
			continue // the control-flow graph does not count attempts: the last one may return the error
		}
		l := res.ReadOf(op)
		if l == nil || (l.Err == nil && !l.ErrDiscarded) {
			continue
		}
		fn, _ := info.Defs[op.Func.Name].(*types.Func)
		if fn == nil || l.ReadBody != op.Func.Body {
			continue // a read in a closure: its returns are not the wrapper's
		}
		results := fn.Type().(*types.Signature).Results()
		errResult := results.Len() > 0 && loader.IsError(results.At(results.Len()-1).Type())
		if !returnsValue(results) {
			continue // not a read wrapper: it hands no cached value back
		}
		g := res.Graph(l.ReadBody)
		atom := loader.Atom(func(ast.Expr) (loader.Tri, bool) { return loader.Unknown, false })
		if !l.ErrDiscarded {
			atom = loader.OtherErrorAtom(info, l.Err, false)
		}
		hit, ok := g.Search(op.Call, atom, false, false, func(n ast.Node) loader.Action {
			ret, ok := n.(*ast.ReturnStmt)
			if !ok {
				return loader.Continue
			}
			if errResult && (len(ret.Results) == 0 || !loader.IsNilIdent(info, ret.Results[len(ret.Results)-1])) {
				return loader.Stop // the error (or another one) goes back to the caller
			}
			return loader.Found
		})
		if !ok {
			continue
		}
		done[op.Func] = true
		at := hit.Node
		switch {
		case l.ErrDiscarded:
			at = op.Call
		case hit.Router != nil:
			at = hit.Router
		}
		if ignores.Covers(at, op.Call) {
			continue
		}
		out[fn] = true
		how := "returns here without the error"
		if l.ErrDiscarded {
			how = "discards the error"
		}
		of := op.Cmd.Name
		if l.Pipelined {
			of = "the pipeline that runs its " + op.Cmd.Name
		}
		pass.Report(analysis.Diagnostic{
			Pos: at.Pos(), End: at.End(), Category: CategorySwallowed,
			Message: fmt.Sprintf("%s %s of %s, so a Redis failure looks like a miss to its callers, and those that load on a miss query the database on every request while Redis is down (outage flood); return the error, and report a miss only for redis.Nil",
				ttl.FuncName(fn), how, of),
		})
	}
	return out
}

// returnsValue reports whether a result list hands back a value: something
// other than an error or a bool.
func returnsValue(results *types.Tuple) bool {
	for i := 0; i < results.Len(); i++ {
		t := results.At(i).Type()
		if b, ok := t.Underlying().(*types.Basic); (ok && b.Kind() == types.Bool) || loader.IsError(t) {
			continue
		}
		return true
	}
	return false
}

// keyFromParam reports whether the read's key is, or is built from, a
// parameter of its function: the function is a read wrapper.
func keyFromParam(info *types.Info, op *cachemodel.KeyOp) bool {
	found := false
	ast.Inspect(op.Key, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && isParamOf(op.Func, v) {
				found = true
			}
		}
		return !found
	})
	return found
}

func isParamOf(decl *ast.FuncDecl, v *types.Var) bool {
	for _, f := range decl.Type.Params.List {
		for _, n := range f.Names {
			if n.Pos() == v.Pos() {
				return true
			}
		}
	}
	return false
}

// retried reports whether the innermost loop around call is a loop of
// attempts (for i := 0; i < maxTry; i++), not a loop over a collection.
func retried(decl *ast.FuncDecl, call *ast.CallExpr) bool {
	var loop ast.Node
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if n == nil || n.Pos() > call.Pos() || n.End() < call.End() {
			return false
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loop = n
		}
		return true
	})
	f, ok := loop.(*ast.ForStmt)
	if !ok || f.Cond == nil {
		return false
	}
	b, ok := f.Cond.(*ast.BinaryExpr)
	if !ok || (b.Op != token.LSS && b.Op != token.LEQ) {
		return false
	}
	c, ok := ast.Unparen(b.Y).(*ast.CallExpr)
	return !ok || !isLen(c)
}

func isLen(c *ast.CallExpr) bool {
	id, ok := ast.Unparen(c.Fun).(*ast.Ident)
	return ok && id.Name == "len"
}
