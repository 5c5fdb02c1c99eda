package cachemodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// flow is the package in SSA form, built inside the model's run only for
// a package that reaches a Redis client and type-checks (never as a
// required pass: buildssa would put SSA on every dependency once an
// analyzer has facts). It answers the questions about values that a
// variable cannot: which store of a local reaches this use (a TTL
// jittered, then reassigned to a constant; a key variable reused for
// another key), following x/tools' nilness, which reasons on SSA values.
//
// Debug information maps the syntax back to values: ValueForExpr of an
// identifier is the value it holds there (the stored value for the left
// side of an assignment), so messages keep printing the source text.
type flow struct {
	funcs []span // every source function, closures included, by position
}

type span struct {
	pos, end token.Pos
	fn       *ssa.Function
}

// buildFlow builds the package's SSA, or returns nil when it cannot (type
// errors, or a shape go/ssa refuses): the model then answers on variables.
func buildFlow(pass *analysis.Pass) (fl *flow) {
	if len(pass.TypeErrors) > 0 {
		return nil
	}
	defer func() {
		if recover() != nil {
			fl = nil // go/ssa's own invariant failed: the AST answers stand
		}
	}()
	prog := ssa.NewProgram(pass.Fset, 0)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.SetDebugMode(true)
	pkg.Build()
	fl = &flow{}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if syn := fn.Syntax(); syn != nil {
			fl.funcs = append(fl.funcs, span{syn.Pos(), syn.End(), fn})
		}
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			if obj, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok {
				if fn := prog.FuncValue(obj); fn != nil {
					add(fn)
				}
			}
		}
	}
	// Innermost first among those that contain a position: sort by start,
	// and a closure starts after its enclosing function.
	sort.Slice(fl.funcs, func(i, j int) bool {
		if fl.funcs[i].pos != fl.funcs[j].pos {
			return fl.funcs[i].pos < fl.funcs[j].pos
		}
		return fl.funcs[i].end > fl.funcs[j].end
	})
	return fl
}

// funcAt returns the innermost source function whose syntax holds pos.
func (fl *flow) funcAt(pos token.Pos) *ssa.Function {
	// Sorted by start (enclosing before enclosed): going down from the
	// last function that starts at or before pos, the first that holds it
	// is the innermost.
	i := sort.Search(len(fl.funcs), func(i int) bool { return fl.funcs[i].pos > pos })
	for j := i - 1; j >= 0; j-- {
		if s := fl.funcs[j]; pos < s.end {
			return s.fn
		}
	}
	return nil
}

// value returns the SSA value an identifier denotes at its place (the
// stored value on the left of an assignment), or nil.
func (fl *flow) value(id *ast.Ident) ssa.Value {
	if fl == nil {
		return nil
	}
	fn := fl.funcAt(id.Pos())
	if fn == nil {
		return nil
	}
	v, isAddr := fn.ValueForExpr(id)
	if isAddr {
		return nil // a variable kept in memory (captured, address taken): not followed by value
	}
	return v
}

// sources returns the values that can reach v through φ-nodes: v itself
// when it is not a φ. It stops (ok false) past a bound, for code with
// pathological φ webs.
func sources(v ssa.Value) (out []ssa.Value, ok bool) {
	seen := map[ssa.Value]bool{}
	var walk func(v ssa.Value) bool
	walk = func(v ssa.Value) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		if len(seen) > 256 {
			return false
		}
		if phi, isPhi := v.(*ssa.Phi); isPhi {
			for _, e := range phi.Edges {
				if !walk(e) {
					return false
				}
			}
			return true
		}
		out = append(out, v)
		return true
	}
	if !walk(v) {
		return nil, false
	}
	return out, true
}

// origins returns the values a value is made of, as far as they can be
// followed inside the package: through φ-nodes, conversions, loads of a
// local kept in memory (the values stored to it, the fields stored into a
// struct literal, a closure's captured variable through the closure's
// binding). A pointer passed to a call (json.Unmarshal(b, &v)) makes the
// call an origin. ok is false past a bound or at an address it cannot
// follow.
func origins(v ssa.Value) (out []ssa.Value, ok bool) {
	seen := map[ssa.Value]bool{}
	var value, addr func(v ssa.Value) bool
	value = func(v ssa.Value) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		if len(seen) > 256 {
			return false
		}
		switch x := v.(type) {
		case *ssa.Phi:
			for _, e := range x.Edges {
				if !value(e) {
					return false
				}
			}
			return true
		case *ssa.MakeInterface:
			return value(x.X)
		case *ssa.ChangeType:
			return value(x.X)
		case *ssa.Convert:
			return value(x.X)
		case *ssa.ChangeInterface:
			return value(x.X)
		case *ssa.UnOp:
			if x.Op == token.MUL {
				return addr(x.X)
			}
		}
		out = append(out, v)
		return true
	}
	// stored gathers what is stored at a local's address a (an Alloc, or
	// the free variable a closure sees it as): its stores, the fields
	// stored into it, the calls it is handed to, and the same in the
	// closures that capture it (v, err = repo.Load(ctx, id) inside
	// g.Go(func() error { ... })). found is false when nothing is.
	var stored func(a ssa.Value) (found, ok bool)
	stored = func(a ssa.Value) (found, ok bool) {
		for _, r := range *a.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == a {
					found = true
					if !value(r.Val) {
						return found, false
					}
				}
			case *ssa.MakeClosure:
				fn, _ := r.Fn.(*ssa.Function)
				for i, b := range r.Bindings {
					if b != a || fn == nil || i >= len(fn.FreeVars) || seen[fn.FreeVars[i]] {
						continue
					}
					seen[fn.FreeVars[i]] = true
					f, ok := stored(fn.FreeVars[i])
					if !ok {
						return found, false
					}
					found = found || f
				}
			case *ssa.FieldAddr:
				// A struct literal: the values of its fields; a field's
				// address handed to a call (row.Scan(&t.ID, &t.Title)):
				// the call fills it.
				for _, rr := range *r.Referrers() {
					if st, ok := rr.(*ssa.Store); ok && st.Addr == r {
						found = true
						if !value(st.Val) {
							return found, false
						}
					}
				}
				if calls := handedTo(r); len(calls) > 0 {
					found = true
					out = append(out, calls...)
				}
			}
		}
		// The address handed to a call, as itself or as an any
		// (db.Pluck("n", &count)): the call fills it.
		if calls := handedTo(a); len(calls) > 0 {
			found = true
			out = append(out, calls...)
		}
		return found, true
	}
	addr = func(a ssa.Value) bool {
		if seen[a] {
			return true
		}
		seen[a] = true
		switch x := a.(type) {
		case *ssa.Alloc:
			found, ok := stored(x)
			return ok && found
		case *ssa.FreeVar:
			b := binding(x)
			return b != nil && addr(b)
		}
		return false
	}
	if !value(v) {
		return nil, false
	}
	return out, true
}

// handedTo returns the calls an address is handed to: as an argument, as
// an any, or in a variadic call's slice of any (row.Scan(&n)).
func handedTo(a ssa.Value) []ssa.Value {
	var out []ssa.Value
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.Call:
			out = append(out, r)
		case *ssa.MakeInterface:
			for _, rr := range *r.Referrers() {
				if c, ok := rr.(*ssa.Call); ok {
					out = append(out, c)
				} else if c := variadicCall(rr, r); c != nil {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// variadicCall returns the call that gets v in its variadic slice, when
// the instruction i stores v in an element of the array the call's slice
// is made of (Scan(&a, &b) is t0 = new [2]any; *&t0[0] = v; t1 = t0[:];
// Scan(t1)), or nil.
func variadicCall(i ssa.Instruction, v ssa.Value) *ssa.Call {
	st, ok := i.(*ssa.Store)
	if !ok || st.Val != v {
		return nil
	}
	ia, ok := st.Addr.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	arr, ok := ia.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	for _, r := range *arr.Referrers() {
		sl, ok := r.(*ssa.Slice)
		if !ok {
			continue
		}
		for _, rr := range *sl.Referrers() {
			if c, ok := rr.(*ssa.Call); ok {
				return c
			}
		}
	}
	return nil
}

// binding returns the value a closure's free variable is bound to where
// the closure is made, when it is made once.
func binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	if fn == nil || fn.Parent() == nil {
		return nil
	}
	idx := slices.Index(fn.FreeVars, fv)
	var out ssa.Value
	for _, b := range fn.Parent().Blocks {
		for _, in := range b.Instrs {
			if mc, ok := in.(*ssa.MakeClosure); ok && mc.Fn == fn && idx >= 0 && idx < len(mc.Bindings) {
				if out != nil {
					return nil
				}
				out = mc.Bindings[idx]
			}
		}
	}
	return out
}
