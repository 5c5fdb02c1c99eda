package cachemodel

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// Real code hides Redis behind interfaces: a StringCache or CacheClient
// interface in one package, a Redis adapter implementing it in another, and
// loaders that call the interface. A call through an interface method is
// summarized by the methods that implement it among the named types of this
// package and of the imported packages that can reach a Redis client (the
// others cannot write to Redis). The union of their summaries is taken: code
// written against the interface runs against the Redis adapter in
// production, even if an in-memory one also exists.

// targets returns the functions a call to fn from the function from may
// run: fn itself, or the implementations of an interface method — except
// the methods of from's own receiver type: a caching decorator that
// implements the repository interface it wraps calls the inner repository,
// not itself.
func (st *state) targets(fn, from *types.Func) []*types.Func {
	if fn == nil {
		return nil
	}
	all := st.implsOf(fn)
	self := recvNamed(from)
	if self == nil || (len(all) == 1 && all[0] == fn) {
		return all // a direct call, or no receiver to exclude
	}
	var out []*types.Func
	for _, t := range all {
		if recvNamed(t) != self {
			out = append(out, t)
		}
	}
	return out
}

// recvNamed returns the named type of fn's receiver, or nil.
func recvNamed(fn *types.Func) *types.Named {
	if fn == nil {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	if n != nil {
		n = n.Origin()
	}
	return n
}

// implsOf returns fn itself, or the implementations of an interface
// method visible from the package.
func (st *state) implsOf(fn *types.Func) []*types.Func {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) {
		return []*types.Func{fn}
	}
	if impls, ok := st.impls[fn]; ok {
		return impls
	}
	iface, _ := sig.Recv().Type().Underlying().(*types.Interface)
	var impls []*types.Func
	if iface != nil {
		for _, named := range st.concreteTypes() {
			want, impl := iface, types.Type(named)
			if named.TypeParams().Len() > 0 {
				// A generic type implements nothing until instantiated:
				// it implements a generic interface when it does for any
				// type arguments, its own (cacheClient[E] and
				// CacheClient[E]).
				if impl, want = sameParams(named, sig.Recv().Type()); want == nil {
					continue
				}
			}
			// The method first: one lookup rules out most types before
			// the whole interface is checked.
			ptr := types.NewPointer(impl)
			obj, _, _ := types.LookupFieldOrMethod(ptr, true, fn.Pkg(), fn.Name())
			m, ok := obj.(*types.Func)
			if !ok || m == fn || !types.Implements(ptr, want) {
				continue
			}
			impls = append(impls, m.Origin())
		}
	}
	st.impls[fn] = impls
	return impls
}

// concreteTypes returns the named types that are not interfaces, of the
// packages whose types may implement an interface used here
// (implPackages), gathered once per package.
func (st *state) concreteTypes() []*types.Named {
	if st.concrete != nil {
		return st.concrete
	}
	st.concrete = []*types.Named{}
	for _, pkg := range st.implPackages() {
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
				continue
			}
			if named, ok := tn.Type().(*types.Named); ok {
				st.concrete = append(st.concrete, named)
			}
		}
	}
	return st.concrete
}

// sameParams instantiates the generic type and the generic interface
// iface with the type's own type parameters, when their numbers match.
func sameParams(generic *types.Named, iface types.Type) (types.Type, *types.Interface) {
	in, ok := types.Unalias(iface).(*types.Named)
	if !ok {
		return nil, nil
	}
	in = in.Origin()
	if in.TypeParams().Len() != generic.TypeParams().Len() {
		return nil, nil
	}
	args := make([]types.Type, generic.TypeParams().Len())
	for i := range args {
		args[i] = generic.TypeParams().At(i)
	}
	impl, err := types.Instantiate(nil, generic, args, false)
	if err != nil {
		return nil, nil
	}
	t, err := types.Instantiate(nil, in, args, false)
	if err != nil {
		return nil, nil
	}
	out, _ := t.Underlying().(*types.Interface)
	return impl, out
}

// implPackages returns this package and the packages it imports,
// transitively, that can reach a Redis client.
func (st *state) implPackages() []*types.Package {
	if st.implPkgs != nil {
		return st.implPkgs
	}
	seen := map[*types.Package]bool{}
	out := []*types.Package{st.pass.Pkg}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if seen[imp] {
				continue
			}
			seen[imp] = true
			if !st.facts || (!st.pass.ImportPackageFact(imp, new(reachesFact)) && !st.pass.ImportPackageFact(imp, new(dataLayerFact))) {
				continue // reaches neither Redis nor a data layer: its types matter not
			}
			out = append(out, imp)
			visit(imp)
		}
	}
	visit(st.pass.Pkg)
	st.implPkgs = out
	return out
}

// readParams returns the parameters whose key fn reads, through its
// implementations for an interface method.
func (st *state) readParams(fn, from *types.Func) []int {
	var out []int
	for _, rp := range st.readFamilies(fn, from) {
		out = append(out, rp.param)
	}
	return out
}

// effectsOf returns the write effects of fn (through its implementations
// for an interface method), and whether they come from this package.
func (st *state) effectsOf(fn, from *types.Func) (effects []Effect, local bool) {
	if e, _, ok := st.contractWrite(fn); ok {
		if e == nil {
			return nil, false // the implementation chooses the TTL
		}
		return []Effect{*e}, false
	}
	for _, t := range st.targets(fn, from) {
		start := len(effects)
		if t.Pkg() == st.pass.Pkg {
			effects = append(effects, st.effects[t]...)
			local = true
		} else {
			var f writesFact
			if st.importFact(t, &f) {
				effects = append(effects, f.Effects...)
			}
		}
		if t != fn {
			// Through an interface: the finding names the implementation
			// that writes (ArticleCache.Set → RedisArticleCache.Set → Set).
			for i := start; i < len(effects); i++ {
				effects[i].Chain = ttl.FuncName(t) + " → " + effects[i].Chain
			}
		}
	}
	return effects, local
}

// keyParamField is keyParamOf that also accepts a key carried in a field
// of a struct parameter (item.Key, r.getKey(item.Key)), and names the
// field.
func (st *state) keyParamField(fn *types.Func, x ast.Expr) (int, string, bool) {
	if p, ok := st.keyParamOf(fn, x); ok {
		return p, "", true
	}
	switch y := ast.Unparen(x).(type) {
	case *ast.Ident:
		// fullKey := c.generateFullKey(key): a local variable stored once.
		if v, ok := st.pass.TypesInfo.Uses[y].(*types.Var); ok && !v.IsField() {
			if stores, complete := st.ev.Stores(v); complete && len(stores) == 1 && stores[0] != x {
				return st.keyParamField(fn, stores[0])
			}
		}
	case *ast.SelectorExpr:
		if sel, ok := st.pass.TypesInfo.Selections[y]; ok && sel.Kind() == types.FieldVal {
			if p, ok := st.paramOf(fn, y.X); ok {
				return p, y.Sel.Name, true
			}
			if p, ok := st.elemParamOf(fn, y.X); ok {
				return p, y.Sel.Name, true // key(video.ID) for each video of a slice
			}
		}
	case *ast.BinaryExpr:
		if y.Op == token.ADD {
			return st.keyParamField(fn, y.Y)
		}
	case *ast.CallExpr:
		if tv, ok := st.pass.TypesInfo.Types[y]; ok && tv.Type != nil && tv.Type.Underlying() == types.Typ[types.String] {
			for _, a := range y.Args {
				if isContext(st.pass.TypesInfo.TypeOf(a)) {
					continue // BaseInfoKey(ctx, id): the context is no part of the key
				}
				if p, f, ok := st.keyParamField(fn, a); ok {
					return p, f, true
				}
			}
		}
	}
	return 0, "", false
}

// keyParamOf reports which parameter of fn a key expression is built
// from: the parameter itself, or a prefix added to it (c.prefix+key,
// "user:"+id), so that a caller reading and writing the same key through
// the wrapper is seen to use one key.
func (st *state) keyParamOf(fn *types.Func, x ast.Expr) (int, bool) {
	if p, ok := st.keyParam(fn, x); ok {
		return p, true
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			if p, ok := st.keyParam(fn, x.Y); ok {
				return p, true
			}
		}
	case *ast.CallExpr:
		// A key builder: r.getKey(key), fmt.Sprintf("user:%s", id),
		// metadataKey(repoURL, revision) — the first parameter it is
		// given stands for the key.
		if tv, ok := st.pass.TypesInfo.Types[x]; ok && tv.Type != nil && tv.Type.Underlying() == types.Typ[types.String] {
			for _, a := range x.Args {
				if isContext(st.pass.TypesInfo.TypeOf(a)) {
					continue
				}
				if p, ok := st.keyParam(fn, a); ok {
					return p, true
				}
			}
		}
	}
	return 0, false
}

// keyParam reports which parameter of fn x stands for, as a key: the
// parameter itself, or an element of a slice parameter (see elemParamOf).
func (st *state) keyParam(fn *types.Func, x ast.Expr) (int, bool) {
	if p, ok := st.paramOf(fn, x); ok {
		return p, true
	}
	return st.elemParamOf(fn, x)
}

// elemParamOf reports which slice parameter of fn x is an element of: the
// value of a range over it (for _, id := range ids) or an index into it
// (ids[i]). A function that reads or writes the key of each element reads
// or writes the keys of the whole slice: a batch wrapper, whose callers
// hand it the ids (or the records) of many entries at once.
func (st *state) elemParamOf(fn *types.Func, x ast.Expr) (int, bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.IndexExpr:
		if isSlice(st.pass.TypesInfo.TypeOf(x.X)) {
			return st.paramOf(fn, x.X)
		}
	case *ast.Ident:
		if v, ok := st.pass.TypesInfo.Uses[x].(*types.Var); ok {
			if over := st.rangeOver()[v]; over != nil {
				return st.paramOf(fn, over)
			}
		}
	}
	return 0, false
}

// rangeOver maps the value variable of each range over a slice to the
// slice ranged over (for _, id := range ids: id → ids).
func (st *state) rangeOver() map[*types.Var]ast.Expr {
	if st.ranges != nil {
		return st.ranges
	}
	st.ranges = map[*types.Var]ast.Expr{}
	info := st.pass.TypesInfo
	for _, f := range st.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			r, ok := n.(*ast.RangeStmt)
			if !ok || !isSlice(info.TypeOf(r.X)) {
				return true
			}
			if id, ok := r.Value.(*ast.Ident); ok {
				if v, ok := info.ObjectOf(id).(*types.Var); ok {
					st.ranges[v] = r.X
				}
			}
			return true
		})
	}
	return st.ranges
}

// isSlice reports whether t is a slice, other than of bytes.
func isSlice(t types.Type) bool {
	if t == nil {
		return false
	}
	s, ok := t.Underlying().(*types.Slice)
	return ok && !isByte(s.Elem())
}
