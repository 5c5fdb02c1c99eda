package ttl

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"strings"
	"time"
	"unicode"

	"golang.org/x/tools/go/types/typeutil"
)

// Evaluator evaluates TTL expressions of one package.
type Evaluator struct {
	Info *types.Info
	Pkg  *types.Package
	Fset *token.FileSet
	// JitterFunc reports whether a function of another package returns a
	// randomized duration (a fact the caller imports). May be nil.
	JitterFunc func(*types.Func) bool
	// Reaching, when set, returns the expressions stored to the local
	// variable v whose values reach the use of v at id (from the SSA
	// form), or ok false when it cannot tell; then every store counts.
	Reaching func(v *types.Var, id *ast.Ident) (exprs []ast.Expr, ok bool)

	decls     map[*types.Func]*ast.FuncDecl
	params    map[*types.Var]Param
	stores    map[*types.Var][]store
	opaque    map[*types.Var]bool // stored to in ways not followed
	litParams map[*types.Var]bool
	random    map[*types.Var]bool // filled by a random source: crypto/rand.Read(b[:])
	owners    map[*types.Var]fieldInfo

	lits    map[*ast.FuncLit]*types.Func
	memo    map[ast.Expr]Value
	vars    map[*types.Var]Value // a variable's value is the join of its stores: once per variable
	results map[*types.Func]Value
	busy    map[any]bool
}

// A store is one expression assigned to a variable or field.
type store struct {
	expr  ast.Expr
	lhs   *ast.Ident // the variable as written on the left, for a local
	opAdd bool       // x op= expr: only a jittered expr keeps the variable usable
}

// StoreSite is one store to a local variable: the identifier on the left
// and the expression stored (for x op= e, Op is true and Expr is e).
type StoreSite struct {
	LHS  *ast.Ident
	Expr ast.Expr
	Op   bool
}

// StoreSites returns the stores to v that name it on their left side.
func (e *Evaluator) StoreSites(v *types.Var) []StoreSite {
	var out []StoreSite
	for _, s := range e.stores[v] {
		if s.lhs != nil {
			out = append(out, StoreSite{s.lhs, s.expr, s.opAdd})
		}
	}
	return out
}

// New indexes the files of a package: its functions, their parameters, and
// every store to a variable or field.
//
// lits names the function literals that are called by name (write :=
// func(k, v string) {...}; write(key, v)): their parameters are the
// parameters of that function, like a declared wrapper's. May be nil.
func New(info *types.Info, pkg *types.Package, fset *token.FileSet, files []*ast.File, lits map[*ast.FuncLit]*types.Func) *Evaluator {
	e := &Evaluator{
		Info: info, Pkg: pkg, Fset: fset,
		decls:     map[*types.Func]*ast.FuncDecl{},
		params:    map[*types.Var]Param{},
		stores:    map[*types.Var][]store{},
		opaque:    map[*types.Var]bool{},
		litParams: map[*types.Var]bool{},
		random:    map[*types.Var]bool{},
		memo:      map[ast.Expr]Value{},
		vars:      map[*types.Var]Value{},
		results:   map[*types.Func]Value{},
		busy:      map[any]bool{},
		lits:      lits,
	}
	for _, f := range files {
		e.index(f)
	}
	return e
}

// ParamOf reports which parameter of which declared function v is.
func (e *Evaluator) ParamOf(v *types.Var) (Param, bool) {
	p, ok := e.params[v]
	return p, ok
}

func (e *Evaluator) index(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fn, ok := e.Info.Defs[n.Name].(*types.Func)
			if !ok {
				return true
			}
			e.decls[fn] = n
			i := 0
			for _, field := range n.Type.Params.List {
				if len(field.Names) == 0 {
					i++
					continue
				}
				for _, name := range field.Names {
					if v, ok := e.Info.Defs[name].(*types.Var); ok {
						e.params[v] = Param{Func: funcName(fn), Key: fn, Index: i}
					}
					i++
				}
			}
		case *ast.FuncLit:
			fn := e.lits[n]
			i := 0
			for _, field := range n.Type.Params.List {
				if len(field.Names) == 0 {
					i++
				}
				for _, name := range field.Names {
					if v, ok := e.Info.Defs[name].(*types.Var); ok {
						if fn != nil {
							e.params[v] = Param{Func: fn.Name(), Key: fn, Index: i}
						} else {
							e.litParams[v] = true
						}
					}
					i++
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				for _, l := range n.Lhs {
					e.markOpaque(l)
				}
				return true
			}
			for i, l := range n.Lhs {
				if v := e.target(l); v != nil {
					lhs, _ := ast.Unparen(l).(*ast.Ident)
					e.stores[v] = append(e.stores[v], store{expr: n.Rhs[i], lhs: lhs, opAdd: n.Tok != token.ASSIGN && n.Tok != token.DEFINE})
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				v, ok := e.Info.Defs[name].(*types.Var)
				if !ok {
					continue
				}
				switch {
				case len(n.Values) == len(n.Names):
					e.stores[v] = append(e.stores[v], store{expr: n.Values[i], lhs: name})
				case len(n.Values) > 0:
					e.opaque[v] = true
				}
			}
		case *ast.IncDecStmt:
			e.markOpaque(n.X)
		case *ast.RangeStmt:
			if n.Key != nil {
				e.markOpaque(n.Key)
			}
			if n.Value != nil {
				e.markOpaque(n.Value)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				e.markOpaque(n.X)
			}
		case *ast.CompositeLit:
			e.indexLiteral(n)
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(e.Info, n).(*types.Func); ok && IsRandom(fn) {
				for _, arg := range n.Args {
					if v := e.root(arg); v != nil {
						e.random[v] = true
					}
				}
			}
		}
		return true
	})
}

func (e *Evaluator) indexLiteral(lit *ast.CompositeLit) {
	tv, ok := e.Info.Types[lit]
	if !ok {
		return
	}
	st, ok := tv.Type.Underlying().(*types.Struct)
	if !ok {
		if p, isPtr := tv.Type.Underlying().(*types.Pointer); isPtr {
			st, ok = p.Elem().Underlying().(*types.Struct)
		}
		if !ok {
			return
		}
	}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				if v, ok := e.Info.Uses[id].(*types.Var); ok && v.IsField() {
					v = v.Origin()
					e.stores[v] = append(e.stores[v], store{expr: kv.Value})
				}
			}
			continue
		}
		if i < st.NumFields() {
			f := st.Field(i).Origin()
			e.stores[f] = append(e.stores[f], store{expr: elt})
		}
	}
}

// target returns the variable or field an assignment's left side names.
func (e *Evaluator) target(l ast.Expr) *types.Var {
	switch l := ast.Unparen(l).(type) {
	case *ast.Ident:
		if v, ok := e.Info.Defs[l].(*types.Var); ok {
			return v
		}
		if v, ok := e.Info.Uses[l].(*types.Var); ok {
			return v.Origin()
		}
	case *ast.SelectorExpr:
		if v, ok := e.Info.Uses[l.Sel].(*types.Var); ok {
			return v.Origin()
		}
	}
	return nil
}

// root returns the variable at the root of b, b[:], &b, b[i].
func (e *Evaluator) root(x ast.Expr) *types.Var {
	for {
		switch y := ast.Unparen(x).(type) {
		case *ast.SliceExpr:
			x = y.X
		case *ast.IndexExpr:
			x = y.X
		case *ast.UnaryExpr:
			x = y.X
		case *ast.Ident:
			v, _ := e.Info.Uses[y].(*types.Var)
			return v
		default:
			return nil
		}
	}
}

func (e *Evaluator) markOpaque(x ast.Expr) {
	if v := e.target(x); v != nil {
		e.opaque[v] = true
	}
}

// Eval returns the abstract value of x.
func (e *Evaluator) Eval(x ast.Expr) Value {
	if v, ok := e.memo[x]; ok {
		return v
	}
	if e.busy[x] {
		return Unknown
	}
	e.busy[x] = true
	v := e.eval(x)
	delete(e.busy, x)
	e.memo[x] = v
	return v
}

func (e *Evaluator) eval(x ast.Expr) Value {
	x = ast.Unparen(x)
	if tv, ok := e.Info.Types[x]; ok && tv.Value != nil {
		return e.constant(x, tv.Value)
	}
	switch x := x.(type) {
	case *ast.Ident:
		return e.object(x, e.Info.Uses[x])
	case *ast.SelectorExpr:
		if sel, ok := e.Info.Selections[x]; ok {
			if sel.Kind() != types.FieldVal {
				return Unknown
			}
			return e.object(x, sel.Obj())
		}
		return e.object(x, e.Info.Uses[x.Sel]) // a qualified identifier
	case *ast.BinaryExpr:
		return e.binary(x)
	case *ast.UnaryExpr:
		if x.Op == token.ADD {
			return e.Eval(x.X)
		}
		return Unknown
	case *ast.CallExpr:
		return e.call(x)
	case *ast.SliceExpr:
		if e.Eval(x.X).Jittered {
			return Jittered
		}
	case *ast.IndexExpr:
		if e.Eval(x.X).Jittered {
			return Jittered
		}
	}
	return Unknown
}

// anyJittered reports whether a call draws on randomness through its
// arguments or its receiver: binary.LittleEndian.Uint64(randomBytes),
// n.Int64() of a crypto/rand big.Int.
func (e *Evaluator) anyJittered(call *ast.CallExpr) bool {
	args := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isMethod := e.Info.Selections[sel]; isMethod {
			args = append([]ast.Expr{sel.X}, args...)
		}
	}
	for _, a := range args {
		if e.Eval(a).Jittered {
			return true
		}
	}
	return false
}

func (e *Evaluator) constant(x ast.Expr, val constant.Value) Value {
	c := Const{Text: types.ExprString(x), Pos: x.Pos(), val: val}
	c.D = toDuration(val)
	// A named constant was chosen at its declaration.
	var id *ast.Ident
	switch x := x.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	}
	if id != nil {
		// A constant of this package was chosen at its declaration; one
		// of another package (time.Hour, config.TTL) where it is used.
		if k, ok := e.Info.Uses[id].(*types.Const); ok && k.Pkg() == e.Pkg {
			c.Pos = k.Pos()
			c.Via = "const " + k.Name()
		}
	}
	return Single(c)
}

func toDuration(v constant.Value) time.Duration {
	if v.Kind() == constant.Int {
		if i, ok := constant.Int64Val(v); ok {
			return time.Duration(i)
		}
		return 0
	}
	if f, ok := constant.Float64Val(constant.ToFloat(v)); ok && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return time.Duration(f)
	}
	return 0
}

func (e *Evaluator) object(x ast.Expr, obj types.Object) Value {
	v, ok := obj.(*types.Var)
	if !ok {
		return Unknown
	}
	v = v.Origin() // a field of an instantiated generic type
	if p, ok := e.params[v]; ok {
		return e.param(v, p)
	}
	if v.Pkg() != e.Pkg || e.opaque[v] || e.busy[v] {
		return Unknown
	}
	if v.IsField() && !e.fieldFollowed(v) {
		return Unknown
	}
	if e.random[v] {
		return Jittered
	}
	if e.litParams[v] {
		return Unknown // a closure's parameter comes from wherever it is called
	}
	if id, ok := x.(*ast.Ident); ok && e.Reaching != nil && !v.IsField() && v.Parent() != e.Pkg.Scope() {
		// A local: only the stores that reach this use count (a TTL
		// jittered, then set to a constant and written again).
		if exprs, ok := e.Reaching(v, id); ok {
			stores := make([]store, len(exprs))
			for i, x := range exprs {
				stores[i] = store{expr: x}
			}
			e.busy[v] = true
			defer delete(e.busy, v)
			return e.joinStores(v, stores)
		}
	}
	if val, ok := e.vars[v]; ok {
		return val
	}
	e.busy[v] = true
	defer delete(e.busy, v)
	out := e.joinStores(v, e.stores[v])
	e.vars[v] = out
	return out
}

// joinStores is the value of variable v: the join of the given stores to
// it, with the way the value got there.
func (e *Evaluator) joinStores(v *types.Var, stores []store) Value {
	var out Value
	if len(stores) == 0 {
		return Unknown // never stored: a zero value, or set where we do not look
	}
	for _, s := range stores {
		sv := e.Eval(s.expr)
		if s.opAdd {
			if sv.Jittered {
				return Jittered
			}
			return Unknown
		}
		out = Join(out, sv)
		if out.Top() {
			return out
		}
	}
	// Say how the value got here: through a variable or a field.
	via := "var " + v.Name()
	if v.IsField() {
		fi, _ := e.field(v)
		via = "field " + fi.owner.Obj().Name() + "." + v.Name()
	}
	for i := range out.Consts {
		if out.Consts[i].Via == "" {
			out.Consts[i].Via = via
		} else {
			out.Consts[i].Via = via + " = " + out.Consts[i].Via
		}
	}
	return out
}

// param is the value of a parameter: the caller's argument, unless the
// function adds jitter to it (ttl += rand.N(ttl/10), ttl = ttl + jitter:
// jittered, whatever its callers pass) or changes it otherwise (ttl *= 2:
// not followed). A plain default (if ttl <= 0 { ttl = 10 * time.Minute })
// is the caller's choice when it passes one: the parameter stands.
func (e *Evaluator) param(v *types.Var, p Param) Value {
	stores := e.stores[v]
	if len(stores) == 0 && !e.opaque[v] {
		return Value{Params: []Param{p}}
	}
	if e.opaque[v] || e.busy[v] {
		return Unknown
	}
	e.busy[v] = true
	defer delete(e.busy, v)
	out := Value{Params: []Param{p}}
	for _, s := range stores {
		sv := e.Eval(s.expr)
		switch {
		case sv.Jittered:
			return Jittered
		case s.opAdd:
			return Unknown // ttl *= 2, ttl += time.Minute: a changed argument, not followed
		}
	}
	return out
}

// fieldFollowed reports whether every store to field v can be seen in this
// package: unexported fields, or fields of unexported types, without struct
// tags (a tag means a decoder sets it from configuration).
func (e *Evaluator) fieldFollowed(v *types.Var) bool {
	fi, ok := e.field(v)
	if !ok || fi.tag != "" {
		return false
	}
	return !v.Exported() || !fi.owner.Obj().Exported()
}

type fieldInfo struct {
	owner *types.Named
	tag   string
}

// field returns the named struct type of this package that declares
// field, and the field's tag.
func (e *Evaluator) field(field *types.Var) (fieldInfo, bool) {
	if e.owners == nil {
		e.owners = map[*types.Var]fieldInfo{}
		for _, name := range e.Pkg.Scope().Names() {
			tn, ok := e.Pkg.Scope().Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			n, ok := types.Unalias(tn.Type()).(*types.Named)
			if !ok {
				continue
			}
			if st, ok := n.Underlying().(*types.Struct); ok {
				for i := 0; i < st.NumFields(); i++ {
					e.owners[st.Field(i)] = fieldInfo{owner: n, tag: st.Tag(i)}
				}
			}
		}
	}
	fi, ok := e.owners[field]
	return fi, ok
}

func (e *Evaluator) binary(x *ast.BinaryExpr) Value {
	switch x.Op {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL:
	default:
		return Unknown
	}
	l, r := e.Eval(x.X), e.Eval(x.Y)
	if l.Jittered || r.Jittered {
		return Jittered
	}
	if l.Unknown || r.Unknown {
		return Unknown
	}
	out := Value{}
	// A parameter times a constant (time.Duration(seconds) * time.Second)
	// keeps the factor, so that a caller's argument is scaled.
	scale := func(ps []Param, by []Const) []Param {
		if x.Op != token.MUL || len(by) != 1 || by[0].val.Kind() != constant.Int {
			return ps
		}
		k, ok := constant.Int64Val(by[0].val)
		if !ok {
			return ps
		}
		out := make([]Param, len(ps))
		for i, p := range ps {
			p.Scale = p.factor() * k
			out[i] = p
		}
		return out
	}
	for _, p := range append(scale(l.Params, r.Consts), scale(r.Params, l.Consts)...) {
		if !containsParam(out.Params, p) {
			out.Params = append(out.Params, p)
		}
	}
	for _, a := range l.Consts {
		for _, b := range r.Consts {
			c, ok := fold(a, x.Op, b)
			if !ok {
				return Unknown
			}
			c.Text = types.ExprString(x)
			c.Pos = x.Pos()
			c.Via = strings.TrimPrefix(strings.Join(nonEmpty(a.Via, b.Via), ", "), ", ")
			out.addConst(c)
		}
	}
	if len(l.Consts) > 0 && len(r.Consts) > 0 {
		out.More += l.More*max(len(r.Consts), 1) + r.More*max(len(l.Consts), 1)
	}
	return out
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func fold(a Const, op token.Token, b Const) (c Const, ok bool) {
	defer func() {
		if recover() != nil { // division by zero and the like
			ok = false
		}
	}()
	x, y := a.val, b.val
	if x.Kind() != y.Kind() {
		x, y = constant.ToFloat(x), constant.ToFloat(y)
	}
	var v constant.Value
	switch op {
	case token.SHL:
		s, exact := constant.Uint64Val(y)
		if !exact || s > 63 {
			return Const{}, false
		}
		v = constant.Shift(x, op, uint(s))
	case token.QUO:
		if x.Kind() == constant.Int && y.Kind() == constant.Int {
			v = constant.BinaryOp(x, token.QUO_ASSIGN, y) // integer division
		} else {
			v = constant.BinaryOp(x, op, y)
		}
	default:
		v = constant.BinaryOp(x, op, y)
	}
	if v.Kind() == constant.Unknown {
		return Const{}, false
	}
	return Const{val: v, D: toDuration(v)}, true
}

func (e *Evaluator) call(call *ast.CallExpr) Value {
	if tv, ok := e.Info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return e.Eval(call.Args[0]) // a conversion keeps the number
		}
		return Unknown
	}
	fn, _ := typeutil.Callee(e.Info, call).(*types.Func)
	if fn == nil {
		if e.anyJittered(call) {
			return Jittered
		}
		return Unknown
	}
	if IsRandom(fn) {
		return Jittered
	}
	if fn.Pkg() != e.Pkg {
		if (e.JitterFunc != nil && e.JitterFunc(fn)) || e.anyJittered(call) {
			return Jittered
		}
		return Unknown
	}
	fn = fn.Origin()
	res := e.Result(fn)
	if res.Top() || len(res.Params) == 0 {
		return res
	}
	// Substitute the callee's parameters by the call's arguments.
	out := Value{Consts: res.Consts, More: res.More}
	for _, p := range res.Params {
		if p.Key != fn || p.Index >= len(call.Args) {
			return Unknown
		}
		out = Join(out, Scale(e.Eval(call.Args[p.Index]), p.factor()))
		if out.Top() {
			return out
		}
	}
	return out
}

// Result is the join of the values a function of this package returns as
// its first result; parameters stay symbolic.
func (e *Evaluator) Result(fn *types.Func) Value {
	if v, ok := e.results[fn]; ok {
		return v
	}
	decl := e.decls[fn]
	if decl == nil || decl.Body == nil || e.busy[fn] {
		return Unknown
	}
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() == 0 {
		return Unknown
	}
	e.busy[fn] = true
	var out Value
	seen := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if out.Top() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			seen = true
			switch {
			case len(n.Results) == sig.Results().Len():
				out = Join(out, e.Eval(n.Results[0]))
			case len(n.Results) == 0 && sig.Results().At(0).Name() != "":
				out = Join(out, e.object(nil, sig.Results().At(0)))
			default:
				out = Unknown
			}
		}
		return true
	})
	delete(e.busy, fn)
	if !seen {
		out = Unknown
	}
	for i := range out.Consts {
		if out.Consts[i].Via == "" {
			out.Consts[i].Via = "result of " + fn.Name()
		}
	}
	e.results[fn] = out
	return out
}

// Decl returns the declaration of a function of the package, or nil.
func (e *Evaluator) Decl(fn *types.Func) *ast.FuncDecl { return e.decls[fn] }

// IsRandom reports whether fn draws from a random source: a function or
// method of math/rand, math/rand/v2 or crypto/rand.
func IsRandom(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "math/rand", "math/rand/v2", "crypto/rand":
		return true
	}
	return false
}

// IsGenerator reports whether fn makes a new value rather than loading
// one: a random source, an identifier generator (uuid, ulid, xid,
// ksuid), or a function named as one (GenerateCode, genToken,
// RandomString, NewUUID).
func IsGenerator(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	if IsRandom(fn) {
		return true
	}
	switch fn.Pkg().Path() {
	case "github.com/google/uuid", "github.com/gofrs/uuid", "github.com/gofrs/uuid/v5",
		"github.com/satori/go.uuid", "github.com/rs/xid", "github.com/oklog/ulid",
		"github.com/oklog/ulid/v2", "github.com/segmentio/ksuid", "github.com/lithammer/shortuuid",
		"github.com/lithammer/shortuuid/v4", "github.com/bwmarrin/snowflake":
		return true
	}
	name := fn.Name()
	first := name
	for i, r := range name {
		if i > 0 && unicode.IsUpper(r) {
			first = name[:i]
			break
		}
	}
	switch strings.ToLower(first) {
	case "generate", "gen", "random", "rand", "uuid":
		return true
	}
	lower := strings.ToLower(name)
	for _, p := range []string{"newuuid", "newid", "newtoken", "newcode", "newnonce"} {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

func funcName(fn *types.Func) string {
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// FuncName is the name a message uses for fn: Name or Type.Name.
func FuncName(fn *types.Func) string { return funcName(fn) }

// Stores returns the expressions stored to v in this package, and whether
// that list is complete (v is never stored to in a way not followed).
func (e *Evaluator) Stores(v *types.Var) ([]ast.Expr, bool) {
	var out []ast.Expr
	for _, s := range e.stores[v] {
		if s.opAdd {
			return nil, false
		}
		out = append(out, s.expr)
	}
	return out, !e.opaque[v]
}
