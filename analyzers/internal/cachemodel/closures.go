package cachemodel

import (
	"go/ast"
	"go/types"
)

// A closure held in a local and called by name is a wrapper like any
// other:
//
//	write := func(k, v string) { rdb.Set(ctx, k, v, ttl) }
//	write(key, v)
//
// Each such literal gets a function object of its own (not declared in
// the package scope, so no fact is exported for it), its parameters are
// that function's parameters, the cache calls in its body are that
// function's sites, and a call of the local is a call of the function:
// the write effects and read summaries of wrappers then apply.

// namedLits finds the function literals stored once in a local variable
// (write := func(...) {...}) whose address is never taken, and those
// with parameters called where they are written.
func (st *state) namedLits() {
	info := st.pass.TypesInfo
	lits := map[*types.Var]*ast.FuncLit{}
	for _, f := range st.pass.Files {
		for v, x := range StoredOnce(info, f) {
			if lit, ok := ast.Unparen(x).(*ast.FuncLit); ok {
				lits[v] = lit
			}
		}
	}
	st.lits = map[*ast.FuncLit]*types.Func{}
	st.litVars = map[*types.Var]*types.Func{}
	st.litFuncs = map[*types.Func]bool{}
	for v, lit := range lits {
		sig, ok := info.TypeOf(lit).(*types.Signature)
		if !ok || v.Parent() == st.pass.Pkg.Scope() {
			continue
		}
		fn := types.NewFunc(lit.Pos(), st.pass.Pkg, v.Name(), sig)
		st.lits[lit] = fn
		st.litVars[v] = fn
		st.litFuncs[fn] = true
	}
	// A literal called where it is written, with parameters — go
	// func(key, v string) { ... }(key(id), v), a deferred one — is a
	// wrapper too: its parameters are the arguments of that call.
	for _, f := range st.pass.Files {
		var how string
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				how = "go func"
			case *ast.DeferStmt:
				how = "defer func"
			case *ast.CallExpr:
				lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit)
				if !ok || lit.Type.Params.NumFields() == 0 {
					how = ""
					break
				}
				if sig, ok := info.TypeOf(lit).(*types.Signature); ok {
					if how == "" {
						how = "func"
					}
					fn := types.NewFunc(lit.Pos(), st.pass.Pkg, how, sig)
					st.lits[lit] = fn
					st.litFuncs[fn] = true
				}
				how = ""
			}
			return true
		})
	}
}

// litCallee returns the function of the named closure a call calls, or nil.
func (st *state) litCallee(call *ast.CallExpr) *types.Func {
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return st.lits[lit] // called where it is written
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := st.pass.TypesInfo.Uses[id].(*types.Var)
	return st.litVars[v]
}

// isLit reports whether fn is a named closure's function (no facts).
func (st *state) isLit(fn *types.Func) bool { return st.litFuncs[fn] }
