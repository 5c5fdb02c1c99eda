package loader

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/datalayer"
	"github.com/cacheguard/cacheguard/analyzers/internal/redisapi"
)

// comparison splits `a == b`, `a != b` and `errors.Is(a, b)` into the
// variable side and the other side (with the package-level error it names,
// if any); neg is true for !=.
func comparison(info *types.Info, x ast.Expr, v *types.Var) (other ast.Expr, obj types.Object, neg, is, ok bool) {
	other, obj, neg, is, ok = comparison1(info, x, v)
	if ok && obj == nil && other != nil {
		obj = errorVar(info, other)
	}
	return
}

func comparison1(info *types.Info, x ast.Expr, v *types.Var) (other ast.Expr, obj types.Object, neg, is, ok bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.BinaryExpr:
		if x.Op != token.EQL && x.Op != token.NEQ {
			return nil, nil, false, false, false
		}
		switch {
		case refersTo(info, x.X, v):
			return x.Y, nil, x.Op == token.NEQ, false, true
		case refersTo(info, x.Y, v):
			return x.X, nil, x.Op == token.NEQ, false, true
		}
	case *ast.CallExpr:
		if isErrorsIs(info, x) && len(x.Args) == 2 && refersTo(info, x.Args[0], v) {
			return x.Args[1], nil, false, true, true
		}
		// rueidis.IsRedisNil(err) is errors.Is(err, rueidis.Nil).
		if fn, ok := typeutil.Callee(info, x).(*types.Func); ok && redisapi.IsNilCheck(fn) && len(x.Args) == 1 && refersTo(info, x.Args[0], v) {
			if nilObj := fn.Pkg().Scope().Lookup("Nil"); nilObj != nil {
				return x, nilObj, false, true, true
			}
		}
	}
	return nil, nil, false, false, false
}

func refersTo(info *types.Info, x ast.Expr, v *types.Var) bool {
	x = ast.Unparen(x)
	if v != nil && cmdErr(info, x, v) {
		return true // cmd.Err(), for cmd := rdb.Exists(ctx, key)
	}
	if sel, ok := x.(*ast.SelectorExpr); ok && v != nil && ErrorChain(v.Type()) && sel.Sel.Name == "Error" {
		x = ast.Unparen(sel.X) // res.Error, for res := db.First(&u)
	}
	id, ok := x.(*ast.Ident)
	return ok && v != nil && info.Uses[id] == v
}

// ErrorChain reports whether t is a query chain that keeps its error in a
// field (gorm's *DB: res := db.First(&u); res.Error).
func ErrorChain(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && datalayer.ErrorField(datalayer.Lib(n.Obj().Pkg().Path()), "Error")
}

func isErrorsIs(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Name() == "Is" && strings.HasSuffix(fn.Pkg().Path(), "errors")
}

// IsNilIdent reports whether x is the predeclared nil.
func IsNilIdent(info *types.Info, x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// errorVar returns the package-level error variable or constant x names
// (redis.Nil is a constant; sql.ErrNoRows, catalog.ErrNotFound are
// variables), or the struct field of error type it selects (go-zero keeps
// its miss error in c.errNotFound), or nil.
func errorVar(info *types.Info, x ast.Expr) types.Object {
	if sel, ok := ast.Unparen(x).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok {
			if v, ok := s.Obj().(*types.Var); ok && s.Kind() == types.FieldVal && IsError(v.Type()) {
				return v
			}
			return nil
		}
	}
	var id *ast.Ident
	switch y := ast.Unparen(x).(type) {
	case *ast.Ident:
		id = y
	case *ast.SelectorExpr:
		id = y.Sel
	default:
		return nil
	}
	obj := info.Uses[id]
	switch obj.(type) {
	case *types.Var, *types.Const:
	default:
		return nil
	}
	if obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
		return nil
	}
	return obj
}

// OtherErrorAtom decides conditions on err under the assumption that the
// read failed with an error other than redis.Nil (a timeout, a refused
// connection). For a read through a wrapper, a comparison with any error
// variable is taken to be the wrapper's own miss error.
func OtherErrorAtom(info *types.Info, err *types.Var, wrapper bool) Atom {
	return func(x ast.Expr) (Tri, bool) {
		other, obj, neg, _, ok := comparison(info, x, err)
		if !ok {
			return Unknown, false
		}
		t := Unknown
		switch {
		case IsNilIdent(info, other):
			t = False // err == nil
		case obj != nil && (redisapi.IsNil(obj) || wrapper):
			t = False // err == redis.Nil, errors.Is(err, ErrMiss)
		}
		if neg {
			t = t.not()
		}
		return t, false
	}
}

// NotFound reports whether v is an error variable that means "no such
// record": redis.Nil, sql.ErrNoRows, gorm.ErrRecordNotFound,
// mongo.ErrNoDocuments, a user's ErrNotFound, or one the user configured
// ("pkgpath.Name").
func NotFound(v types.Object, extra []string) bool {
	if v == nil || v.Pkg() == nil {
		return false
	}
	for _, e := range extra {
		if e == v.Pkg().Path()+"."+v.Name() {
			return true
		}
	}
	return datalayer.IsNotFoundName(v.Name())
}

// NotFoundErrAtom decides conditions on the source's results under the
// assumption that it answered "not found" with an error. A check that
// names a not-found error is evidence.
func NotFoundErrAtom(info *types.Info, err *types.Var, extra []string) Atom {
	return func(x ast.Expr) (Tri, bool) {
		other, ref, neg, _, ok := comparison(info, x, err)
		if !ok {
			return Unknown, false
		}
		t, ev := Unknown, false
		switch {
		case IsNilIdent(info, other):
			t = False
		case ref != nil && NotFound(ref, extra):
			t, ev = True, true
		case ref != nil:
			t = False // another known error
		}
		if neg {
			t = t.not()
		}
		return t, ev
	}
}

// NilResultAtom decides conditions under the assumption that the source
// answered "not found" with a nil result and a nil error; `v == nil` is
// the evidence.
func NilResultAtom(info *types.Info, err, val *types.Var) Atom {
	return func(x ast.Expr) (Tri, bool) {
		if other, obj, neg, _, ok := comparison(info, x, err); ok {
			t := Unknown
			if IsNilIdent(info, other) {
				t = True
			} else if obj != nil {
				t = False
			}
			if neg {
				t = t.not()
			}
			return t, false
		}
		if other, _, neg, is, ok := comparison(info, x, val); ok && !is && IsNilIdent(info, other) {
			if neg {
				return False, false
			}
			return True, true
		}
		return Unknown, false
	}
}

// EmptyOnFailure extends an atom that assumes the read failed: a client
// read's value is then its zero value (go-redis's Result() gives "" or
// nil with the error), so a test of it for empty (v == "", len(v) == 0,
// v == nil) is true, and its negation false. It applies to a value the
// read's statement alone assigns.
func EmptyOnFailure(info *types.Info, l *Loader, atom Atom) Atom {
	if l.Read.Cmd == nil || l.Value == nil || assignments(info, l.Decl.Body, l.Value) != 1 {
		return atom
	}
	return func(x ast.Expr) (Tri, bool) {
		b, ok := ast.Unparen(x).(*ast.BinaryExpr)
		if !ok || (b.Op != token.EQL && b.Op != token.NEQ) {
			return atom(x)
		}
		empty := func(v, zero ast.Expr) bool {
			if call, ok := ast.Unparen(v).(*ast.CallExpr); ok && IsLen(info, call) && len(call.Args) == 1 {
				tv, ok := info.Types[zero]
				return refersTo(info, call.Args[0], l.Value) && ok && tv.Value != nil && tv.Value.ExactString() == "0"
			}
			if !refersTo(info, v, l.Value) || cmdErr(info, v, l.Value) {
				return false // not the value (cmd.Err() is the error)
			}
			if IsNilIdent(info, zero) {
				return true
			}
			tv, ok := info.Types[zero]
			return ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == ""
		}
		if empty(b.X, b.Y) || empty(b.Y, b.X) {
			if b.Op == token.NEQ {
				return False, false
			}
			return True, false
		}
		return atom(x)
	}
}

// assignments counts the statements that store to v: assignments, and
// its address handed anywhere (&v).
func assignments(info *types.Info, body *ast.BlockStmt, v *types.Var) int {
	n := 0
	ast.Inspect(body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, lhs := range x.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && identVar(info, id) == v {
					n++
				}
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND && refersTo(info, x.X, v) {
				n++
			}
		}
		return true
	})
	return n
}

// IsLen reports whether x is a call of the builtin len.
func IsLen(info *types.Info, x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	_, builtin := info.Uses[id].(*types.Builtin)
	return builtin && id.Name == "len"
}
