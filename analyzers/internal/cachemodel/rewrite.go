package cachemodel

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// A record kept in Redis is read, changed and written back: a batch's
// progress, a job's status, a session touched on every request. The read
// comes before the write of the same key, as in a cache-aside loader, but
// the value written is the value read, not one loaded from the source of
// truth: the write is an update of the stored record, not a refill, and
// its fixed TTL is a retention period, not an expiry that many reloads
// share.

// rewritesRead reports whether the write at s stores a value derived from
// a read of the same key earlier in the same function (progress, err :=
// bt.GetBatch(ctx, id); progress.Done = n; bt.put(ctx, id, progress)).
func (st *state) rewritesRead(s *site, key ast.Expr) bool {
	if key == nil || s.decl == nil {
		return false
	}
	if r, ok := st.rewrites[[2]ast.Node{s.call, key}]; ok {
		return r
	}
	st.indexReads()
	r := st.rewritesReadAt(s, key)
	if st.rewrites == nil {
		st.rewrites = map[[2]ast.Node]bool{}
	}
	st.rewrites[[2]ast.Node{s.call, key}] = r
	return r
}

func (st *state) rewritesReadAt(s *site, key ast.Expr) bool {
	reads := map[token.Pos]bool{} // the earlier reads of the key, by the position SSA gives a call
	for _, c := range st.readCalls[s.fn][st.keyID(key)] {
		if c.Pos() < s.call.Pos() {
			reads[c.Lparen] = true
		}
	}
	if len(reads) == 0 {
		return false
	}
	if st.flow == nil {
		// No SSA (the package does not type-check): the syntax.
		return st.rewritesReadSyntax(s, key)
	}
	for _, a := range s.call.Args {
		if a == key {
			continue
		}
		id, ok := ast.Unparen(a).(*ast.Ident)
		if !ok {
			continue
		}
		if _, local := st.pass.TypesInfo.Uses[id].(*types.Var); !local {
			continue
		}
		if v := st.flow.value(id); v != nil && fromRead(v, reads, 0) {
			return true
		}
	}
	return false
}

// fromRead reports whether every value that reaches v comes from one of
// the read calls: their result, or a function of it (json.Marshal(p),
// *p, any(p)).
func fromRead(v ssa.Value, reads map[token.Pos]bool, depth int) bool {
	if depth > 8 {
		return false
	}
	srcs, ok := origins(v)
	if !ok || len(srcs) == 0 {
		return false
	}
	for _, src := range srcs {
		if !srcFromRead(src, reads, depth) {
			return false
		}
	}
	return true
}

func srcFromRead(v ssa.Value, reads map[token.Pos]bool, depth int) bool {
	switch x := v.(type) {
	case *ssa.Extract:
		if c, ok := x.Tuple.(*ssa.Call); ok {
			if reads[c.Pos()] {
				return x.Index == 0
			}
			return callOfRead(c, reads, depth)
		}
	case *ssa.Call:
		if reads[x.Pos()] {
			return true
		}
		return callOfRead(x, reads, depth)
	case *ssa.UnOp:
		// origins has seen through loads and conversions; what is left
		// (-x, !b, <-ch) is still a function of its operand.
		return fromRead(x.X, reads, depth+1)
	}
	return false
}

// callOfRead reports whether a call encodes a value read (json.Marshal of
// it): a static call with an argument that comes from a read.
func callOfRead(c *ssa.Call, reads map[token.Pos]bool, depth int) bool {
	if c.Call.StaticCallee() == nil {
		return false
	}
	for _, a := range c.Call.Args {
		if fromRead(a, reads, depth+1) {
			return true
		}
	}
	return false
}

// rewritesReadSyntax is rewritesReadAt on the syntax, for a package
// without SSA: a variable written whose every assignment in the function
// is the read of the key or a call handed a variable derived so (cbs :=
// store.GetOne(ctx, key); c := decode([]byte(cbs)); b := encode(c);
// store.SetOne(ctx, key, b, ttl)).
func (st *state) rewritesReadSyntax(s *site, key ast.Expr) bool {
	info := st.pass.TypesInfo
	reads := map[*ast.CallExpr]bool{}
	for _, c := range st.readCalls[s.fn][st.keyID(key)] {
		if c.Pos() < s.call.Pos() {
			reads[c] = true
		}
	}
	// Every assignment of each local before the write: its right-hand side.
	assigned := map[*types.Var][]ast.Expr{}
	ast.Inspect(s.decl.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() > s.call.Pos() {
			return true
		}
		for i, lhs := range as.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok {
				continue
			}
			v, _ := info.Defs[id].(*types.Var)
			if v == nil {
				v, _ = info.Uses[id].(*types.Var)
			}
			if v == nil {
				continue
			}
			switch {
			case len(as.Lhs) == len(as.Rhs):
				assigned[v] = append(assigned[v], as.Rhs[i])
			case len(as.Rhs) == 1 && i == 0:
				assigned[v] = append(assigned[v], as.Rhs[0]) // v, err := f(...): v is f's answer
			default:
				assigned[v] = append(assigned[v], nil) // another result: unknown
			}
		}
		return true
	})
	derived := map[*types.Var]bool{}
	var fromRead func(x ast.Expr, depth int) bool
	varFromRead := func(v *types.Var, depth int) bool {
		if done, ok := derived[v]; ok {
			return done
		}
		derived[v] = false // a cycle is not a derivation
		rhs := assigned[v]
		ok := len(rhs) > 0
		for _, r := range rhs {
			ok = ok && r != nil && fromRead(r, depth+1)
		}
		derived[v] = ok
		return ok
	}
	fromRead = func(x ast.Expr, depth int) bool {
		if depth > 8 {
			return false
		}
		switch x := ast.Unparen(x).(type) {
		case *ast.CallExpr:
			if reads[x] {
				return true
			}
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && reads[callIn(sel.X)] {
				return true // store.GetOne(ctx, key).Result()
			}
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				return fromRead(x.Args[0], depth+1) // []byte(cbs)
			}
			if _, static := typeutil.Callee(info, x).(*types.Func); !static || isInterfaceCall(info, x) {
				return false
			}
			for _, a := range x.Args {
				if fromRead(a, depth+1) {
					return true
				}
			}
		case *ast.Ident:
			if v, ok := info.Uses[x].(*types.Var); ok && !v.IsField() {
				return varFromRead(v, depth)
			}
		case *ast.UnaryExpr:
			return fromRead(x.X, depth+1)
		}
		return false
	}
	for _, a := range s.call.Args {
		if a == key {
			continue
		}
		if id, ok := ast.Unparen(a).(*ast.Ident); ok && fromRead(id, 0) {
			return true
		}
	}
	return false
}

// callIn returns x as a call, or nil.
func callIn(x ast.Expr) *ast.CallExpr {
	c, _ := ast.Unparen(x).(*ast.CallExpr)
	return c
}

// isInterfaceCall reports whether call is a method call through an
// interface: no static callee.
func isInterfaceCall(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s, ok := info.Selections[sel]
	return ok && types.IsInterface(s.Recv())
}
