package cachemodel

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// A key family is how a key is made, whatever it is made from: the
// builder function (call:pkg.UserCache.key), the format string
// (fmt:user:%d) or the constant prefix (prefix:user:). Real loaders read a
// key made from the id they are asked for and refill one made from the
// loaded record (Set(ctx, user) → key(user.ID)): the two are the same
// entry when they share a family, though no expression is the same.

// family returns the family of a key expression of this package, or "".
func (st *state) family(x ast.Expr) string {
	return st.family1(x, 0)
}

func (st *state) family1(x ast.Expr, depth int) string {
	if x == nil || depth > 4 {
		return ""
	}
	info := st.pass.TypesInfo
	if tv, ok := info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		// One constant key ("tags:all"), read in one function and written
		// in another: the family is the key itself.
		if k := constant.StringVal(tv.Value); k != "" {
			return "const:" + k
		}
	}
	switch y := ast.Unparen(x).(type) {
	case *ast.Ident:
		// key := c.key(id): a local stored once.
		if v, ok := info.Uses[y].(*types.Var); ok && !v.IsField() && v.Parent() != st.pass.Pkg.Scope() {
			if stores, complete := st.ev.Stores(v); complete && len(stores) == 1 && stores[0] != x {
				return st.family1(stores[0], depth+1)
			}
		}
	case *ast.BinaryExpr:
		if y.Op == token.ADD {
			if p := st.keyPrefix(y); p != "" {
				return "prefix:" + p
			}
		}
	case *ast.CallExpr:
		var obj types.Object
		name := ""
		switch c := typeutil.Callee(info, y).(type) {
		case *types.Func:
			obj, name = c, ttl.FuncName(c)
		case *types.Var:
			// var VideoKey = func(id int64) string { ... }: a builder held
			// in a package variable.
			if c.Pkg() != nil && c.Parent() == c.Pkg().Scope() {
				obj, name = c, c.Name()
			}
		}
		if obj == nil || obj.Pkg() == nil {
			return ""
		}
		fn := obj
		if fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf" && len(y.Args) > 0 {
			// Only a format with a literal start names a family: "%s:%d"
			// is shared by unrelated keys.
			if tv, ok := info.Types[y.Args[0]]; ok && tv.Value != nil {
				if s, err := strconv.Unquote(tv.Value.ExactString()); err == nil && s != "" && s[0] != '%' {
					return "fmt:" + s
				}
			}
			return ""
		}
		// A key builder of the program's own (strconv.Itoa builds every
		// kind of key: no family).
		first, _, _ := strings.Cut(fn.Pkg().Path(), "/")
		own, _, _ := strings.Cut(st.pass.Pkg.Path(), "/")
		if !strings.Contains(first, ".") && first != own {
			return "" // the standard library
		}
		if t := info.TypeOf(y); t != nil && t.Underlying() == types.Typ[types.String] {
			if len(y.Args) == 0 {
				// r.allTagsKey(): one fixed key, whoever builds it.
				return "const:call:" + fn.Pkg().Path() + "." + name
			}
			return "call:" + fn.Pkg().Path() + "." + name
		}
	}
	return ""
}

// readParam is a parameter whose key a read wrapper reads, with the key's
// family.
type readParam struct {
	param  int
	family string
}

// readFamilies returns the read parameters of a wrapper (through its
// implementations for an interface method) with their families.
func (st *state) readFamilies(fn, from *types.Func) []readParam {
	var out []readParam
	if p, fam := st.contractReads(fn); p >= 0 {
		return []readParam{{p, fam}}
	}
	add := func(p int, fam string) {
		for i, rp := range out {
			if rp.param == p {
				if rp.family == "" {
					out[i].family = fam
				}
				return
			}
		}
		out = append(out, readParam{p, fam})
	}
	for _, t := range st.targets(fn, from) {
		if t.Pkg() == st.pass.Pkg {
			for _, p := range st.reads[t] {
				add(p, st.readFam[t][p])
			}
			continue
		}
		var f readsFact
		if st.importFact(t, &f) {
			for i, p := range f.KeyParams {
				fam := ""
				if i < len(f.Families) {
					fam = f.Families[i]
				}
				add(p, fam)
			}
		}
	}
	return out
}

// readFamiliesAt returns the families of the keys a site reads.
func (st *state) readFamiliesAt(s *site) []string {
	var out []string
	if s.cmd != nil {
		for _, k := range st.readKeys(s) {
			if f := st.family(k); f != "" {
				out = append(out, f)
			}
		}
		return out
	}
	for _, rp := range st.readFamilies(s.callee, s.fn) {
		if k := wrapperKey(s, rp.param); k != nil {
			if f := st.argFamily(rp.family, k); f != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// wrapperKey is the key argument p of a wrapper call, or the call itself
// for a wrapper that reads or writes one constant key it chooses inside
// (p is -1: GetAllTags(ctx)), or nil.
func wrapperKey(s *site, p int) ast.Expr {
	switch {
	case p < 0:
		return s.call
	case p < len(s.call.Args):
		return s.call.Args[p]
	}
	return nil
}

// readFamilyOf is the family of the key k read at s: the key's own, or,
// through a wrapper, the one the wrapper builds (or an unseen cache
// interface names) from the argument.
func (st *state) readFamilyOf(s *site, k ast.Expr) string {
	if s.cmd == nil {
		for _, rp := range st.readFamilies(s.callee, s.fn) {
			if wrapperKey(s, rp.param) == k {
				return st.argFamily(rp.family, k)
			}
		}
	}
	return st.family(k)
}

// argFamily is the family of the key a wrapper reads or writes at a call:
// the one it builds from its parameter, or, when it takes the whole key,
// the family of the argument (RedisGet(fmt.Sprintf("quota:%d", id))).
func (st *state) argFamily(wrapperFamily string, arg ast.Expr) string {
	if wrapperFamily != "" {
		return wrapperFamily
	}
	return st.family(arg)
}

// recordKey is a key expression with its ids abstracted: the same builder
// applied to an id the function was given and to the id of the record it
// loaded (strconv.Itoa(id) read, strconv.Itoa(quiz.ID) written) names one
// entry, whatever the builder. It is "" unless every leaf is a constant,
// an id-named variable or an id-named field, and one of them an id;
// fromRecord says the ids are all fields.
func (st *state) recordKey(x ast.Expr) (key string, fromRecord bool) {
	var b strings.Builder
	ids, fields := 0, 0
	var walk func(x ast.Expr) bool
	walk = func(x ast.Expr) bool {
		info := st.pass.TypesInfo
		if tv, ok := info.Types[x]; ok && tv.Value != nil {
			b.WriteString(tv.Value.ExactString())
			return true
		}
		switch y := ast.Unparen(x).(type) {
		case *ast.Ident:
			if recordID.MatchString(y.Name) {
				b.WriteString("<id>")
				ids++
				return true
			}
		case *ast.SelectorExpr:
			if s, ok := info.Selections[y]; ok && s.Kind() == types.FieldVal && recordID.MatchString(y.Sel.Name) {
				b.WriteString("<id>")
				ids++
				fields++
				return true
			}
		case *ast.BinaryExpr:
			if y.Op == token.ADD {
				return walk(y.X) && b.WriteByte('+') == nil && walk(y.Y)
			}
		case *ast.CallExpr:
			obj := typeutil.Callee(info, y)
			if obj == nil || obj.Pkg() == nil {
				return false
			}
			b.WriteString(obj.Pkg().Path() + "." + obj.Name() + "(")
			for _, a := range y.Args {
				if !walk(a) {
					return false
				}
				b.WriteByte(',')
			}
			b.WriteByte(')')
			return true
		}
		return false
	}
	if !walk(x) || ids == 0 || (fields > 0 && fields < ids) {
		return "", false
	}
	return b.String(), fields > 0
}

// sameRecord reports whether a read's key and a write's pair as the
// entry of one record: the read made from ids the function was given, the
// write from the loaded record's (strconv.Itoa(userID) and
// strconv.Itoa(orderID) are two kinds of keys).
func (st *state) sameRecord(read, write ast.Expr) bool {
	r, rRec := st.recordKey(read)
	w, wRec := st.recordKey(write)
	return r != "" && r == w && !rRec && wRec
}

// recordID names an id: id, userID, quizId, UID.
var recordID = regexp.MustCompile(`(?i)(^|[a-z])id$`)
