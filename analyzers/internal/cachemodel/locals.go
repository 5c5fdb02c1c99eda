package cachemodel

import (
	"go/ast"
	"go/token"
	"go/types"
)

// StoredOnce returns the variables declared or assigned in root that are
// stored exactly once, with the expression stored (miss :=
// errors.Is(err, redis.Nil); write := func(...) {...}). A variable whose
// address is taken, or that is assigned from a multi-value call, is left
// out: it may change where the syntax does not show it. So is one that
// has a value before: a parameter, a result, a variable declared outside
// root.
func StoredOnce(info *types.Info, root ast.Node) map[*types.Var]ast.Expr {
	stores := map[*types.Var]int{}
	exprs := map[*types.Var]ast.Expr{}
	varOf := func(x ast.Expr) *types.Var {
		if x == nil {
			return nil
		}
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return nil
		}
		if v, ok := info.Defs[id].(*types.Var); ok {
			return v
		}
		v, _ := info.Uses[id].(*types.Var)
		return v
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				v := varOf(l)
				if v == nil {
					continue
				}
				stores[v]++
				if len(n.Lhs) == len(n.Rhs) {
					exprs[v] = n.Rhs[i]
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				v, _ := info.Defs[id].(*types.Var)
				if v == nil {
					continue
				}
				stores[v]++ // var miss bool: the zero value is a store too
				if len(n.Names) == len(n.Values) {
					exprs[v] = n.Values[i]
				}
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if v := varOf(x); v != nil {
					stores[v] += 2
				}
			}
		case *ast.FuncType:
			// A parameter or a result comes in with a value (a result
			// with its zero value): a store before the body.
			for _, fl := range []*ast.FieldList{n.Params, n.Results} {
				if fl == nil {
					continue
				}
				for _, f := range fl.List {
					for _, id := range f.Names {
						if v, _ := info.Defs[id].(*types.Var); v != nil {
							stores[v]++
						}
					}
				}
			}
		case *ast.IncDecStmt:
			if v := varOf(n.X); v != nil {
				stores[v] += 2
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := varOf(n.X); v != nil {
					stores[v] += 2 // stored to through a pointer
				}
			}
		}
		return true
	})
	for v := range exprs {
		// A variable declared outside root (a parameter of the function
		// whose body root is, a variable a closure captures) has a value
		// when root starts.
		if stores[v] != 1 || v.Pos() < root.Pos() || v.Pos() >= root.End() {
			delete(exprs, v)
		}
	}
	return exprs
}
