package cachemodel

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/cacheguard/cacheguard/analyzers/internal/redisapi"
	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// KeyOp is a cache read or write at a call, direct or through a wrapper:
// what the loader model is built from.
type KeyOp struct {
	Call *ast.CallExpr
	Func *ast.FuncDecl // the enclosing declaration
	Read bool          // a read; otherwise a write
	Key  ast.Expr
	// Value is the argument written, when there is one at this call.
	// ConstValue is the value when it is a constant (here or chosen inside
	// a wrapper: a sentinel writer); HasConst says whether it is known.
	Value      ast.Expr
	ConstValue string
	HasConst   bool
	// TTL is the argument holding the TTL, with its form; nil when the
	// write sets no expiry here (or a wrapper chooses it inside).
	TTL     ast.Expr
	TTLForm redisapi.TTLForm
	Cmd     *redisapi.Call // the client command; nil through a wrapper
	Callee  *types.Func    // the wrapper, when Cmd is nil
	InLoop  bool           // in a loop over a collection
	// Family is the key's family (the builder, format or prefix it is
	// made with), when known: a read keyed on an id and a refill keyed
	// on the loaded record (Set(ctx, user) → key(user.ID)) pair by it.
	Family string
	// Fill says the write adds members to a collection in a loop over
	// rows (ZADD, SADD, RPUSH): when there are no rows it writes nothing,
	// and the key is never created.
	Fill bool
	// Member says the write adds to a set the one member the function
	// asked about first (SISMEMBER, then SADD when the database says
	// yes): the answer decides whether it is written, not what.
	Member bool
}

// keyOps returns the key operations at a site.
func (st *state) keyOps(s *site) []*KeyOp {
	var out []*KeyOp
	if s.cmd != nil {
		for _, k := range st.readKeys(s) {
			out = append(out, &KeyOp{Call: s.call, Func: s.decl, Read: true, Key: k, Cmd: s.cmd, InLoop: s.inLoop, Family: st.family(k)})
		}
	} else {
		for _, rp := range st.readFamilies(s.callee, s.fn) {
			if key := wrapperKey(s, rp.param); key != nil {
				out = append(out, &KeyOp{Call: s.call, Func: s.decl, Read: true, Key: key, Callee: s.callee, InLoop: s.inLoop, Family: st.argFamily(rp.family, key)})
			}
		}
	}
	if s.cmd != nil {
		c := s.cmd
		fill := st.fillsCollection(s) && !st.counterKeys(s.fn)[st.keyID(c.KeyArg())]
		member := !fill && st.addsMember(s)
		if (c.Kind != redisapi.Write && !fill && !member) || c.KeyArg() == nil || c.Loader {
			return out
		}
		op := &KeyOp{Call: s.call, Func: s.decl, Key: c.KeyArg(), Cmd: c, InLoop: s.inLoop, Family: st.family(c.KeyArg()), Fill: fill, Member: member}
		if v := c.ValueArg(); v != nil {
			op.Value = v
			op.ConstValue, op.HasConst = st.constString(op.Value)
		}
		if t := c.TTLArg(); t != nil {
			op.TTL, op.TTLForm = t, c.Form
		} else if c.TTL < 0 {
			op.TTL, op.TTLForm = st.expireAfter(s, op.Key) // HSET, then EXPIRE of the key
		}
		return append(out, op)
	}
	for _, kw := range st.keyWritesOf(s.callee, s.fn) {
		key := wrapperKey(s, kw.KeyParam)
		if key == nil {
			continue
		}
		record := false // the key is made from the record written: Set(ctx, user)
		if kw.KeyField != "" {
			// The key travels in a field of a struct argument:
			// client.Set(&Item{Key: fullKey, ...}), or is built from one
			// (Set(ctx, user) → key(user.ID)): then the family pairs it.
			if lit := redisapi.CompositeLit(key); lit != nil {
				if key = redisapi.FieldValue(lit, kw.KeyField); key == nil {
					continue
				}
			} else if kw.Family == "" {
				continue
			} else {
				record = true
			}
		}
		family := kw.Family
		if !record {
			family = st.argFamily(kw.Family, key)
		}
		op := &KeyOp{Call: s.call, Func: s.decl, Key: key, Callee: s.callee,
			ConstValue: kw.Const, HasConst: kw.HasConst, InLoop: s.inLoop, Family: family, Fill: kw.Fill}
		if kw.ValueParam >= 0 && kw.ValueParam < len(s.call.Args) {
			op.Value = s.call.Args[kw.ValueParam]
			op.ConstValue, op.HasConst = st.constString(op.Value)
		} else if record || (kw.Family != "" && !IsKeyLike(st.pass.TypesInfo.TypeOf(key))) {
			op.Value = key // the record is the value, and its id the key
		}
		if kw.TTLParam >= 0 && kw.TTLParam < len(s.call.Args) {
			op.TTL, op.TTLForm = s.call.Args[kw.TTLParam], redisapi.DurationArg
		}
		out = append(out, op)
	}
	return out
}

func (st *state) keyWritesOf(fn, from *types.Func) []keyWrite {
	if fn == nil {
		return nil
	}
	var out []keyWrite
	if _, kw, ok := st.contractWrite(fn); ok {
		return []keyWrite{kw}
	}
	for _, t := range st.targets(fn, from) {
		if t.Pkg() == st.pass.Pkg {
			out = append(out, st.keyWrites[t]...)
			continue
		}
		var f writesFact
		if st.importFact(t, &f) {
			out = append(out, f.Keys...)
		}
	}
	return out
}

// constString returns the value of a constant string or []byte(constant)
// expression: a sentinel such as "null", "*" or "".
func (st *state) constString(x ast.Expr) (string, bool) {
	x = ast.Unparen(x)
	if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 {
		if tv, ok := st.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() {
			x = call.Args[0] // []byte("null"), string(...)
		}
	}
	if tv, ok := st.pass.TypesInfo.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	return "", false
}

// summarizeKeyWrites finds, to a fixpoint, the functions that write the
// key given by one of their parameters.
func (st *state) summarizeKeyWrites() {
	for changed := true; changed; {
		changed = false
		for _, s := range st.sites {
			for _, op := range st.keyOps(s) {
				if op.Read {
					continue
				}
				p, field, ok := st.keyParamField(s.fn, op.Key)
				if !ok {
					if !strings.HasPrefix(op.Family, "const:") {
						continue
					}
					p = -1 // one constant key chosen inside: SetAllTags(ctx, tags)
				}
				kw := keyWrite{KeyParam: p, KeyField: field, ValueParam: -1, TTLParam: -1, Const: op.ConstValue, HasConst: op.HasConst, Family: op.Family, Fill: op.Fill}
				if op.Value != nil {
					if vp, ok := st.paramOf(s.fn, op.Value); ok {
						kw.ValueParam, kw.HasConst, kw.Const = vp, false, ""
					}
				}
				if op.TTL != nil && op.TTLForm == redisapi.DurationArg {
					if tp, ok := st.paramOf(s.fn, op.TTL); ok {
						kw.TTLParam = tp
					}
				}
				if !slices.Contains(st.keyWrites[s.fn], kw) {
					st.keyWrites[s.fn] = append(st.keyWrites[s.fn], kw)
					changed = true
				}
			}
		}
	}
}

// Ops returns the key operations of the package, in source order.
func (r *Result) Ops() []*KeyOp { return r.ops }

// OpAt returns the key operations at a call.
func (r *Result) OpAt(call *ast.CallExpr) []*KeyOp { return r.opsAt[call] }

// SameKey reports whether two key expressions name the same key: the same
// stored expressions (for locals whose flow is known), the same variable,
// or the same text. Serialized: the flow's answers are memoized.
func (r *Result) SameKey(a, b ast.Expr) bool {
	if a == nil || b == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.keyID(a) == r.st.keyID(b)
}

// SameEntry reports whether two key operations touch the same cache
// entry: the same key, or keys of one family (the read keyed on an id,
// the refill on the loaded record's id, both through one key builder).
func (r *Result) SameEntry(a, b *KeyOp) bool {
	if r.SameKey(a.Key, b.Key) || (a.Family != "" && a.Family == b.Family) {
		return true
	}
	if a.Func != b.Func || r.st == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.sameRecord(a.Key, b.Key) || r.st.sameRecord(b.Key, a.Key)
}

// Holds reports whether the variable at use may hold the value stored at
// def (the left side of an assignment to the same variable); known is
// false when the flow cannot tell (no SSA for this package or function).
func (r *Result) Holds(use, def *ast.Ident) (holds, known bool) {
	if r.st == nil || r.st.flow == nil {
		return false, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	u, d := r.st.flow.value(use), r.st.flow.value(def)
	if u == nil || d == nil {
		return false, false
	}
	srcs, ok := sources(u)
	if !ok {
		return false, false
	}
	if slices.Contains(srcs, d) {
		return true, true
	}
	for _, s := range srcs {
		if un, ok := s.(*ssa.UnOp); ok && un.Op == token.MUL {
			// A load: the variable lives in memory (captured by a
			// closure, a deferred call, its address taken), and its
			// stores are not values the flow follows.
			return false, false
		}
	}
	return false, true
}

// FuncOf returns the function in SSA form whose body is body (a
// declaration's or a closure's), or nil when the package has no SSA (it
// does not type-check, or go/ssa refused it). The function is complete:
// reading it needs no lock.
func (r *Result) FuncOf(body *ast.BlockStmt) *ssa.Function {
	if r.st == nil || r.st.flow == nil || body == nil {
		return nil
	}
	fn := r.st.flow.funcAt(body.Lbrace)
	if fn == nil {
		return nil
	}
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body == body {
			return fn
		}
	case *ast.FuncLit:
		if syn.Body == body {
			return fn
		}
	}
	return nil
}

// Eval evaluates a TTL expression of the package. The evaluator memoizes,
// and the analyzers that share a Result run in parallel: calls are
// serialized.
func (r *Result) Eval(x ast.Expr) ttl.Value {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.ev.Eval(x)
}

// TTLOf evaluates the TTL a write sets; the zero Value (no constants, no
// parameters) when it sets none.
func (r *Result) TTLOf(op *KeyOp) ttl.Value {
	if op.TTL == nil {
		if op.Cmd != nil {
			return ttl.Value{} // a write command with no expiry argument
		}
		return ttl.Unknown
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.value(write{ttlExpr: op.TTL, form: op.TTLForm})
}

// Family returns the family of a key expression as written, whatever a
// wrapper it is given to makes of it.
func (r *Result) Family(x ast.Expr) string {
	if r.st == nil {
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.family(x)
}

// KeyFromElem reports whether the key of op is built from an element of
// a slice parameter of its function (for _, id := range ids { ...
// key(id) ... }): the function reads or writes the keys of many entries
// for its callers, a batch wrapper.
func (r *Result) KeyFromElem(op *KeyOp) bool {
	if r.st == nil || op.Func == nil || op.Key == nil {
		return false
	}
	fn, ok := r.st.pass.TypesInfo.Defs[op.Func.Name].(*types.Func)
	if !ok {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.fromElem(fn, op.Key, 0)
}

// fromElem reports whether x is built from an element of a slice
// parameter of fn, directly or through locals stored once (key :=
// userKey(id)).
func (st *state) fromElem(fn *types.Func, x ast.Expr, depth int) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok || found {
			return !found
		}
		if _, found = st.elemParamOf(fn, e); found {
			return false
		}
		if id, ok := e.(*ast.Ident); ok && depth < 3 {
			if v, ok := st.pass.TypesInfo.Uses[id].(*types.Var); ok && !v.IsField() {
				if stores, complete := st.ev.Stores(v); complete && len(stores) == 1 && stores[0] != e {
					found = st.fromElem(fn, stores[0], depth+1)
				}
			}
		}
		return !found
	})
	return found
}

// Decl returns the declaration of a function of this package, or nil.
func (r *Result) Decl(fn *types.Func) *ast.FuncDecl {
	if r.st == nil || r.st.ev == nil {
		return nil
	}
	return r.st.ev.Decl(fn)
}

// ReachesRedis reports whether the package can reach a Redis client at all.
func (r *Result) ReachesRedis() bool { return r.st != nil }

// IsKeyLike reports whether t can be a key or the id a key is built from:
// a string, a number, or bytes. A struct handed to several wrappers (an
// *http.Request, a request's meta) is no key they share: each may key on
// a different field of it.
func IsKeyLike(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsString|types.IsInteger) != 0
	case *types.Slice:
		return isByte(u.Elem())
	}
	return false
}

// expireAfter returns the TTL argument of an EXPIRE of key later in the
// same function as the write at s, with its form: a hash or a list
// filled by a command that takes no TTL gets its expiry that way.
func (st *state) expireAfter(s *site, key ast.Expr) (ast.Expr, redisapi.TTLForm) {
	if st.expires == nil {
		st.expires = map[*types.Func][]*site{}
		for _, o := range st.sites {
			if o.cmd != nil && o.cmd.Kind == redisapi.Expire {
				st.expires[o.fn] = append(st.expires[o.fn], o)
			}
		}
	}
	id := st.keyID(key)
	for _, o := range st.expires[s.fn] {
		if o.call.Pos() <= s.call.Pos() {
			continue
		}
		if k := o.cmd.KeyArg(); k != nil && st.keyID(k) == id {
			return o.cmd.TTLArg(), o.cmd.Form
		}
	}
	return nil, 0
}

// scriptCall classifies a call that runs a Lua script whose text is
// known (a constant, a local stored once, redis.NewScript(src)) and that
// writes one of its keys: the write of that key (the first with an expiry
// written as a number, else one stored with no expiry), an element of the
// keys handed to the script.
func (st *state) scriptCall(call *ast.CallExpr) *redisapi.Call {
	e, ok := redisapi.EvalOf(st.pass.TypesInfo, call)
	if !ok || e.Keys == nil {
		return nil
	}
	src, at, ok := st.scriptSource(e.Script, 0)
	if !ok {
		return nil
	}
	ws := redisapi.ScriptWrites(redisapi.ParseScript(src))
	if len(ws) == 0 {
		return nil
	}
	w := ws[0]
	keys := redisapi.CompositeLit(st.storedOnce(e.Keys))
	if keys == nil || w.Key >= len(keys.Elts) {
		return nil
	}
	pos := at.Pos()
	if lit, ok := at.(*ast.BasicLit); ok && strings.HasPrefix(lit.Value, "`") && !strings.Contains(lit.Value, "\r") {
		pos = lit.ValuePos + 1 + token.Pos(w.TTLOffset) // a raw string is its text
	}
	return redisapi.NewScriptWrite(call, keys.Elts[w.Key], w, pos)
}

// scriptSource returns the text of a Lua script and the expression that
// holds it: a constant, a local or package variable stored once, or the
// source handed to redis.NewScript.
func (st *state) scriptSource(x ast.Expr, depth int) (string, ast.Expr, bool) {
	if depth > 3 || x == nil {
		return "", nil, false
	}
	info := st.pass.TypesInfo
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if c, ok := info.Uses[id].(*types.Const); ok && c.Pkg() == st.pass.Pkg {
			if v := st.constDecl(c); v != nil {
				x = v // the literal, so that a position in it can be named
			}
		}
	}
	if tv, ok := info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), x, true
	}
	switch y := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		if redisapi.IsNewScript(info, y) {
			return st.scriptSource(y.Args[0], depth+1)
		}
	case *ast.Ident:
		if s := st.storedOnce(y); s != x {
			return st.scriptSource(s, depth+1)
		}
	}
	return "", nil, false
}

// storedOnce returns what a variable stored once holds, or x itself.
func (st *state) storedOnce(x ast.Expr) ast.Expr {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return x
	}
	v, ok := st.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.IsField() {
		return x
	}
	if stores, complete := st.ev.Stores(v); complete && len(stores) == 1 {
		return stores[0]
	}
	return x
}

// constDecl returns the expression a constant of this package is declared
// with, or nil.
func (st *state) constDecl(c *types.Const) ast.Expr {
	var out ast.Expr
	for _, f := range st.pass.Files {
		if f.Pos() > c.Pos() || c.Pos() > f.End() {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || out != nil {
				return out == nil
			}
			for i, name := range vs.Names {
				if name.Pos() == c.Pos() && i < len(vs.Values) {
					out = vs.Values[i]
				}
			}
			return false
		})
	}
	return out
}

// addsMember reports whether s adds one member to a set the function
// asked about first (SISMEMBER, ZSCORE): a membership cache refilled with
// the answer the database gave (is this video liked?), not a counter.
func (st *state) addsMember(s *site) bool {
	if s.cmd == nil || !redisapi.IsCollectionAdd(s.cmd.Command) || s.cmd.KeyArg() == nil {
		return false
	}
	id := st.keyID(s.cmd.KeyArg())
	for _, o := range st.sites {
		if o.fn == s.fn && o.cmd != nil && o.call.Pos() < s.call.Pos() && redisapi.AsksMembership(o.cmd.Command) &&
			o.cmd.KeyArg() != nil && st.keyID(o.cmd.KeyArg()) == id {
			return true
		}
	}
	return false
}
