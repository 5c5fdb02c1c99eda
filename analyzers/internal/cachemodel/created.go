package cachemodel

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// A get-or-create reads a key and, when it is absent, makes a new value
// and stores it: an invitation code, a session id, a visit marker "1".
// The read comes before the write as in a cache-aside loader, but nothing
// is loaded from a source of truth, so the entry's expiry sends no reload
// to the database: its fixed TTL is a validity period, not an avalanche.

// createdValue reports whether the value the write at s stores is made
// there, not loaded: random and identifier generators and strings built
// from them, or a constant written only if the key is absent (SET NX
// "1", a marker) — or, through a wrapper, a value the wrapper makes
// inside. A constant written unconditionally is taken for data.
func (st *state) createdValue(s *site, w write) bool {
	if w.eff.Created {
		return true
	}
	// Asked again at every round of the write summaries: once per call,
	// key and condition.
	k := createdKey{s.call, w.key, w.ttlExpr, w.eff.Conditional}
	if r, ok := st.created[k]; ok {
		return r
	}
	r := st.createdAt(s, w)
	if st.created == nil {
		st.created = map[createdKey]bool{}
	}
	st.created[k] = r
	return r
}

type createdKey struct {
	call        *ast.CallExpr
	key, ttl    ast.Expr
	conditional bool
}

func (st *state) createdAt(s *site, w write) bool {
	var args []ast.Expr
	if s.cmd != nil {
		if v := s.cmd.ValueArg(); v != nil {
			args = append(args, v)
		}
	} else {
		for _, a := range s.call.Args {
			if a == w.key || a == w.ttlExpr || st.isContext(a) {
				continue
			}
			args = append(args, a)
		}
	}
	if len(args) == 0 {
		return false
	}
	generated := false
	for _, a := range args {
		made, gen := st.createdExpr(a)
		if !made {
			return false
		}
		generated = generated || gen
	}
	return generated || w.eff.Conditional
}

func (st *state) isContext(x ast.Expr) bool {
	tv, ok := st.pass.TypesInfo.Types[x]
	if !ok || tv.Type == nil {
		return false
	}
	n, ok := types.Unalias(tv.Type).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// createdExpr reports whether an argument holds a made value (constants
// included), and whether a generator made it.
func (st *state) createdExpr(x ast.Expr) (made, generated bool) {
	x = ast.Unparen(x)
	if tv, ok := st.pass.TypesInfo.Types[x]; ok && tv.Value != nil {
		return true, false
	}
	if st.flow == nil {
		return st.madeSyntax(x, 0) // no SSA: the package does not type-check
	}
	fn := st.flow.funcAt(x.Pos())
	if fn == nil {
		return false, false
	}
	v, isAddr := fn.ValueForExpr(x)
	if v == nil || isAddr {
		return false, false
	}
	return madeValue(v, 0)
}

// madeSyntax is madeValue on the syntax, for a package without SSA: a
// local's stores (all of them, wherever they reach), generator calls,
// text built from made values.
func (st *state) madeSyntax(x ast.Expr, depth int) (made, generated bool) {
	if depth > 4 {
		return false, false
	}
	x = ast.Unparen(x)
	info := st.pass.TypesInfo
	if tv, ok := info.Types[x]; ok && tv.Value != nil {
		return true, false
	}
	switch y := x.(type) {
	case *ast.Ident:
		v, ok := info.Uses[y].(*types.Var)
		if !ok || v.IsField() || v.Parent() == st.pass.Pkg.Scope() {
			return false, false
		}
		stores, complete := st.ev.Stores(v)
		if !complete || len(stores) == 0 {
			return false, false
		}
		for _, e := range stores {
			m, g := st.madeSyntax(e, depth+1)
			if !m {
				return false, false
			}
			generated = generated || g
		}
		return true, generated
	case *ast.BinaryExpr:
		if y.Op != token.ADD {
			return false, false
		}
		mx, gx := st.madeSyntax(y.X, depth+1)
		my, gy := st.madeSyntax(y.Y, depth+1)
		return mx && my, gx || gy
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, y).(*types.Func)
		if ttl.IsGenerator(fn) {
			return true, true
		}
		if fn == nil || fn.Pkg() == nil || !textOf[fn.Pkg().Path()] {
			return false, false
		}
		for _, a := range y.Args {
			m, g := st.madeSyntax(a, depth+1)
			if !m {
				return false, false
			}
			generated = generated || g
		}
		return true, generated
	}
	return false, false
}

// textOf are the packages whose functions turn made values into text.
var textOf = map[string]bool{"strconv": true, "strings": true, "encoding/hex": true, "encoding/base64": true}

// madeValue reports whether every origin of v is made on the spot, and
// whether some generator made one.
func madeValue(v ssa.Value, depth int) (made, generated bool) {
	if depth > 6 {
		return false, false
	}
	srcs, ok := origins(v)
	if !ok || len(srcs) == 0 {
		return false, false
	}
	for _, src := range srcs {
		m, g := madeOrigin(src, depth)
		if !m {
			return false, false
		}
		generated = generated || g
	}
	return true, generated
}

func madeOrigin(v ssa.Value, depth int) (made, generated bool) {
	switch x := v.(type) {
	case *ssa.Const:
		return true, false
	case *ssa.BinOp:
		if x.Op != token.ADD {
			return false, false
		}
		mx, gx := madeValue(x.X, depth+1)
		my, gy := madeValue(x.Y, depth+1)
		return mx && my, gx || gy
	case *ssa.Extract:
		if c, ok := x.Tuple.(*ssa.Call); ok {
			return madeCall(c, depth)
		}
	case *ssa.Call:
		return madeCall(x, depth)
	}
	return false, false
}

// madeCall reports whether a call makes a new value: a generator, or a
// conversion to text of made values (strconv.Itoa(n), hex of random
// bytes).
func madeCall(c *ssa.Call, depth int) (made, generated bool) {
	callee := c.Call.StaticCallee()
	if callee == nil {
		return false, false
	}
	fn, _ := callee.Object().(*types.Func)
	if ttl.IsGenerator(fn) {
		return true, true
	}
	if fn == nil || fn.Pkg() == nil {
		return false, false
	}
	if !textOf[fn.Pkg().Path()] {
		return false, false
	}
	args := c.Call.Args
	if c.Call.Signature().Recv() != nil && len(args) > 0 {
		args = args[1:]
	}
	for _, a := range args {
		m, g := madeValue(a, depth+1)
		if !m {
			return false, false
		}
		generated = generated || g
	}
	return true, generated
}
