package cachemodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/datalayer"
)

// Real loaders rarely check for not-found themselves: they call a DAO or a
// repository (u, err := s.dao.FindByID(ctx, id); if err != nil { return
// nil, err }), and the data layer decides what "not found" is — gorm's
// First, database/sql's Row.Scan, sqlx's Get, pgx, mongo's FindOne, ent,
// passed through or mapped to the DAO's own ErrUserNotFound. A function
// that may return such an error gets a notFoundFact, in every package that
// reaches a data layer, so that a loader calling it in another package
// knows its source may report not-found.

// notFoundFact marks a function whose error result may mean "no such
// record"; As names the error ("gorm.ErrRecordNotFound",
// "users.ErrUserNotFound").
type notFoundFact struct{ As string }

func (*notFoundFact) AFact()           {}
func (f *notFoundFact) String() string { return "notFound(" + f.As + ")" }

// dataLayerFact marks a package that uses a data layer, directly or
// through its imports: only such packages are summarized.
type dataLayerFact struct{}

func (*dataLayerFact) AFact()         {}
func (*dataLayerFact) String() string { return "dataLayer" }

// notFounds summarizes the package's functions that may report not-found,
// to a fixpoint over calls within the package, and exports the facts. It
// runs before the Redis gate: a repository package need not import Redis.
func notFounds(pass *analysis.Pass, facts bool) map[*types.Func]string {
	usesData := false
	for _, imp := range pass.Pkg.Imports() {
		if datalayer.IsPath(imp.Path()) || (facts && pass.ImportPackageFact(imp, new(dataLayerFact))) {
			usesData = true
			break
		}
	}
	if !usesData && !seesStoreInterface(pass.Pkg) {
		return nil
	}
	if facts && usesData {
		pass.ExportPackageFact(&dataLayerFact{})
	}
	info := pass.TypesInfo
	type fnDecl struct {
		fn   *types.Func
		decl *ast.FuncDecl
	}
	var decls []fnDecl
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			fn, _ := info.Defs[decl.Name].(*types.Func)
			if fn == nil || !returnsError(fn) || aggregate.MatchString(fn.Name()) {
				continue // a count or a yes/no answer has no not-found
			}
			decls = append(decls, fnDecl{fn, decl})
		}
	}
	out := map[*types.Func]string{}
	implsSeen := map[*types.Func][]*types.Func{} // see visibleImpls
	callee := func(call *ast.CallExpr) string {
		fn, _ := typeutil.Callee(info, call).(*types.Func)
		if fn == nil {
			return ""
		}
		if as := datalayer.Reports(fn); as != "" {
			return as
		}
		if rpcLookup(fn) {
			return rpcNotFound
		}
		if unseenLookup(fn) && !implementedIn(pass.Pkg, fn) {
			// A service method that returns the lookup's error as it is
			// (return s.db.GetVideo(ctx, id)) passes its not-found on.
			return unseenNotFound
		}
		fn = fn.Origin()
		if as, ok := out[fn]; ok {
			return as
		}
		var f notFoundFact
		if facts && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &f) {
			return f.As
		}
		if facts && lookupVerb.MatchString(fn.Name()) {
			// Through an interface whose implementation an import holds
			// (a dbs.Database wrapping gorm): the implementation's answer.
			impls, ok := implsSeen[fn]
			if !ok {
				impls = visibleImpls(pass.Pkg, fn)
				implsSeen[fn] = impls
			}
			for _, m := range impls {
				if m.Pkg() != pass.Pkg && pass.ImportObjectFact(m, &f) {
					return f.As
				}
			}
		}
		return ""
	}
	for changed := true; changed; {
		changed = false
		for _, d := range decls {
			if _, done := out[d.fn]; done {
				continue
			}
			if as := notFoundIn(info, d.decl, callee); as != "" {
				out[d.fn] = as
				changed = true
			}
		}
	}
	if facts {
		for fn, as := range out {
			pass.ExportObjectFact(fn, &notFoundFact{As: as})
		}
	}
	return out
}

func returnsError(fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	return res.Len() > 0 && IsError(res.At(res.Len()-1).Type())
}

// IsError reports whether t is the error type.
func IsError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// notFoundIn returns the not-found error a function's error result may
// carry, or "": a not-found error returned by name, a not-found error type
// built in place (ent's &NotFoundError{...}), or an error variable set
// from a call that reports not-found, returned as it is or wrapped.
func notFoundIn(info *types.Info, decl *ast.FuncDecl, callee func(*ast.CallExpr) string) string {
	// A function that checks for not-found and then returns a nil error
	// (if errors.Is(err, gorm.ErrRecordNotFound) { return nil, nil }) maps
	// it away: only not-found errors it returns by name count then.
	// One that returns another error there maps it to that error:
	// return nil, errors.New("shop not found").
	mapsToNil := false
	mapped := ""
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if !isNotFoundCheck(info, n.Cond) {
				break
			}
			// Only a data layer's not-found (gorm's, sql's) mapped to a new
			// error: a cache read's miss, or a library's missing key, is
			// not a lookup's answer.
			cacheMiss := !mentionsDataLayer(info, n.Cond)
			for _, st := range n.Body.List {
				ret, ok := st.(*ast.ReturnStmt)
				if !ok || len(ret.Results) == 0 {
					continue
				}
				last := ast.Unparen(ret.Results[len(ret.Results)-1])
				if id, ok := last.(*ast.Ident); ok && id.Name == "nil" {
					mapsToNil = true
				} else if mapped == "" && !cacheMiss && IsError(info.TypeOf(last)) {
					mapped = ownError(info, last)
				}
			}
		}
		return !mapsToNil
	})
	if mapped != "" && !mapsToNil {
		return mapped
	}
	// The not-found errors each local error variable may hold.
	holds := map[*types.Var]string{}
	if mapsToNil {
		callee = func(*ast.CallExpr) string { return "" }
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				v, _ := info.Defs[id].(*types.Var)
				if v == nil {
					v, _ = info.Uses[id].(*types.Var)
				}
				if v == nil || !IsError(v.Type()) {
					continue
				}
				var rhs ast.Expr
				switch {
				case len(n.Lhs) == len(n.Rhs):
					rhs = n.Rhs[i]
				case len(n.Rhs) == 1:
					rhs = n.Rhs[0] // u, err := repo.Find(ctx, id)
				}
				if as := errorOrigin(info, rhs, callee, holds); as != "" {
					holds[v] = as
				}
			}
		}
		return true
	})
	// A bare return hands back the named error result:
	// func (q Query) ByID(id int) (p Product, err error) { err = q.db.First(&p).Error; return }.
	var namedErr *types.Var
	if res := decl.Type.Results; res != nil && len(res.List) > 0 {
		if last := res.List[len(res.List)-1]; len(last.Names) > 0 {
			namedErr, _ = info.Defs[last.Names[len(last.Names)-1]].(*types.Var)
		}
	}
	found := ""
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) > 0 {
				found = errorOrigin(info, n.Results[len(n.Results)-1], callee, holds)
			} else if namedErr != nil {
				found = holds[namedErr]
			}
		}
		return true
	})
	return found
}

// mentionsDataLayer reports whether x mentions a data layer's object
// (gorm.ErrRecordNotFound, sql.ErrNoRows).
func mentionsDataLayer(info *types.Info, x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil && obj.Pkg() != nil && datalayer.IsPath(obj.Pkg().Path()) {
				found = true
			}
		}
		return !found
	})
	return found
}

// ownError describes the error a function returns in place of a
// not-found it checked for: a package-level error by name, a new error by
// its text; "" for a local variable, which the flow below follows.
func ownError(info *types.Info, x ast.Expr) string {
	if as := errorOrigin(info, x, func(*ast.CallExpr) string { return "" }, nil); as != "" {
		return as
	}
	switch x := x.(type) {
	case *ast.Ident:
		if obj := info.Uses[x]; obj != nil && obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() {
			return datalayer.Short(obj)
		}
		return "" // a local: the error checked, passed on, or one made earlier
	case *ast.SelectorExpr:
		if obj := info.Uses[x.Sel]; obj != nil {
			if _, isVar := obj.(*types.Var); isVar && obj.Parent() == obj.Pkg().Scope() {
				return datalayer.Short(obj)
			}
		}
	case *ast.CallExpr:
		// errors.New("shop not found"), fmt.Errorf("no shop %d", id); a
		// call handed a local error wraps it (fmt.Errorf("...: %w", err)).
		for _, a := range x.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && IsError(info.TypeOf(id)) && ownError(info, id) == "" {
				return ""
			}
		}
		for _, a := range x.Args {
			if lit, ok := ast.Unparen(a).(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if text, err := strconv.Unquote(lit.Value); err == nil && len(text) <= 40 {
					return "its own error " + strconv.Quote(text)
				}
			}
		}
	}
	return "an error of its own"
}

// errorOrigin names the not-found error an expression may be, or "".
func errorOrigin(info *types.Info, x ast.Expr, callee func(*ast.CallExpr) string, holds map[*types.Var]string) string {
	if x == nil {
		return ""
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		obj := info.Uses[x]
		if v, ok := obj.(*types.Var); ok {
			if as, ok := holds[v]; ok {
				return as
			}
		}
		if obj != nil && obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() && datalayer.IsNotFoundName(obj.Name()) {
			return datalayer.Short(obj)
		}
	case *ast.SelectorExpr:
		if s, ok := info.Selections[x]; ok {
			if s.Kind() == types.FieldVal {
				// db.Where(...).First(&u).Error: the chain's error field.
				if named := fieldOwner(s.Recv()); named != nil && named.Obj().Pkg() != nil &&
					datalayer.ErrorField(datalayer.Lib(named.Obj().Pkg().Path()), x.Sel.Name) {
					return chainReports(info, x.X, callee)
				}
			}
			return ""
		}
		if obj := info.Uses[x.Sel]; obj != nil && datalayer.IsNotFoundName(obj.Name()) {
			if _, isVar := obj.(*types.Var); isVar {
				return datalayer.Short(obj)
			}
		}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return errorOrigin(info, x.X, callee, holds)
		}
	case *ast.CompositeLit:
		if t := info.TypeOf(x); t != nil {
			if n, ok := types.Unalias(t).(*types.Named); ok && datalayer.IsNotFoundName(n.Obj().Name()) {
				return n.Obj().Name()
			}
		}
	case *ast.CallExpr:
		if as := callee(x); as != "" {
			return as
		}
		// fmt.Errorf("load user %d: %w", id, err), errors.Wrap(err, ...).
		if fn, ok := typeutil.Callee(info, x).(*types.Func); ok && fn.Pkg() != nil &&
			(fn.Name() == "Errorf" || fn.Name() == "Wrap" || fn.Name() == "Wrapf" || fn.Name() == "WithStack") {
			for _, a := range x.Args {
				if as := errorOrigin(info, a, callee, holds); as != "" {
					return as
				}
			}
		}
	}
	return ""
}

// chainReports returns the not-found error of the first call in a chain
// of calls (db.WithContext(ctx).Where(...).First(&u)) that reports one.
func chainReports(info *types.Info, x ast.Expr, callee func(*ast.CallExpr) string) string {
	for {
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			return ""
		}
		if as := callee(call); as != "" {
			return as
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return ""
		}
		x = sel.X
	}
}

func fieldOwner(t types.Type) *types.Named {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// isNotFoundCheck reports whether cond tests an error against a not-found
// error: errors.Is(err, sql.ErrNoRows), err == gorm.ErrRecordNotFound.
func isNotFoundCheck(info *types.Info, cond ast.Expr) bool {
	named := func(x ast.Expr) bool {
		var id *ast.Ident
		switch x := ast.Unparen(x).(type) {
		case *ast.Ident:
			id = x
		case *ast.SelectorExpr:
			id = x.Sel
		default:
			return false
		}
		obj := info.Uses[id]
		// Not the universe's nil (x == nil): redis.Nil is named so.
		return obj != nil && obj.Pkg() != nil && datalayer.IsNotFoundName(obj.Name())
	}
	switch c := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		if c.Op == token.EQL {
			return named(c.X) || named(c.Y)
		}
		if c.Op == token.LAND || c.Op == token.LOR {
			return isNotFoundCheck(info, c.X) || isNotFoundCheck(info, c.Y)
		}
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(info, c).(*types.Func); ok && fn.Name() == "Is" && len(c.Args) == 2 {
			return named(c.Args[1])
		}
	}
	return false
}

// NotFoundOf returns the not-found error the call may report — a data
// layer call, or a function (or the implementations of an interface
// method) that passes one through or maps it to its own — or "".
//
// from is the function making the call: a caching decorator that
// implements the interface it wraps is not its own source.
func (r *Result) NotFoundOf(call *ast.CallExpr, from *ast.FuncDecl) string {
	if r.st == nil {
		return ""
	}
	st := r.st
	var fromFn *types.Func
	if from != nil {
		fromFn, _ = st.pass.TypesInfo.Defs[from.Name].(*types.Func)
	}
	fn, _ := typeutil.Callee(st.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return ""
	}
	if as := datalayer.Reports(fn); as != "" {
		return as
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	targets := st.targets(fn.Origin(), fromFn)
	if len(targets) == 0 && unseenLookup(fn) {
		return unseenNotFound
	}
	for _, t := range targets {
		if as, ok := st.notFound[t]; ok {
			return as
		}
		var f notFoundFact
		if t.Pkg() != st.pass.Pkg && st.importFact(t, &f) {
			return f.As
		}
	}
	if rpcLookup(fn) {
		return rpcNotFound
	}
	return ""
}

// batchName names the lookups of many ids at once (MGetVideos,
// BatchGetUsers, UsersByIDs): a missing id is left out of the answer, not
// reported as an error.
var batchName = regexp.MustCompile(`^(MGet|Mget|Batch|Multi|List)|(Ids|IDs|List)$`)

// rpcNotFound is how a gRPC client's lookup reports not-found, in
// messages.
const rpcNotFound = "a gRPC NotFound status"

// rpcLookup reports whether fn is a lookup of a generated gRPC client (a
// method named Get..., Find..., ...ByID of an interface named ...Client in
// a package that imports google.golang.org/grpc): the server answers an
// unknown id with codes.NotFound, which reaches the caller as the error.
func rpcLookup(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !returnsError(fn) || !lookupVerb.MatchString(fn.Name()) || batchName.MatchString(fn.Name()) {
		return false
	}
	named, _ := types.Unalias(sig.Recv().Type()).(*types.Named)
	if named == nil || !types.IsInterface(named) || !strings.HasSuffix(named.Obj().Name(), "Client") || named.Obj().Pkg() == nil {
		return false
	}
	for _, imp := range named.Obj().Pkg().Imports() {
		if imp.Path() == "google.golang.org/grpc" {
			return true
		}
	}
	return false
}

// UsesDataLayer reports whether pkg is a data-layer package or uses one,
// directly or through its imports.
func (r *Result) UsesDataLayer(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	if datalayer.IsPath(pkg.Path()) {
		return true
	}
	if r.st == nil || pkg == r.st.pass.Pkg {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st.facts && r.st.pass.ImportPackageFact(pkg, new(dataLayerFact))
}

// IsList reports whether t is a slice or a map: a source's empty list is
// an answer, cached like any other, not a not-found.
func IsList(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map:
		return true
	}
	return false
}

// unseenNotFound is how a lookup through an unseen repository interface
// reports not-found, in messages.
const unseenNotFound = "its not-found error (its implementation is not visible from here)"

// seesStoreInterface reports whether pkg declares or imports a
// repository-like interface: its lookups may report not-found through an
// implementation the package cannot see (see unseenLookup).
func seesStoreInterface(pkg *types.Package) bool { return seesInterface(pkg, storeLike) }

// implementedIn reports whether a named type of pkg or of its imports
// implements the interface of the method fn.
func implementedIn(pkg *types.Package, fn *types.Func) bool {
	return len(visibleImpls(pkg, fn)) > 0
}

// visibleImpls returns the methods that implement the interface method fn
// among the named types of pkg and of its imports.
func visibleImpls(pkg *types.Package, fn *types.Func) []*types.Func {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	iface, _ := sig.Recv().Type().Underlying().(*types.Interface)
	if iface == nil {
		return nil
	}
	var out []*types.Func
	for _, p := range append([]*types.Package{pkg}, pkg.Imports()...) {
		scope := p.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() || types.IsInterface(tn.Type()) {
				continue
			}
			if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
				continue
			}
			ptr := types.NewPointer(tn.Type())
			if !types.Implements(ptr, iface) {
				continue
			}
			if m, ok := types.NewMethodSet(ptr).Lookup(fn.Pkg(), fn.Name()).Obj().(*types.Func); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// aggregate names the functions that answer with a number or a yes/no:
// a COUNT(*) always has its row, so their not-found is no answer.
var aggregate = regexp.MustCompile(`^([Cc]ount|[Tt]otal|[Ss]um|[Nn]um|[Ee]xists|[Hh]as)([A-Z_]|$)`)

var (
	storeLike  = regexp.MustCompile(`(?i)repo|store|storage|dao|database|persist`)
	lookupVerb = regexp.MustCompile(`^(Get|Find|Fetch|Load|Query|Select|Read|By)|[a-z]By[A-Z]`) // GetUser, UserByID
)

// unseenLookup reports whether fn is a lookup method (GetByID, FindUser)
// returning an error, of a repository-like interface (the caller found
// none of its implementations: clean architecture keeps the SQL code in a
// package only main imports). Such a lookup is taken to report not-found
// as an error, as repositories do.
func unseenLookup(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) || !returnsError(fn) || !lookupVerb.MatchString(fn.Name()) {
		return false
	}
	if sig.Results().Len() > 1 && IsList(sig.Results().At(0).Type()) {
		return false // a list: no rows is an empty list, not an error
	}
	named, _ := types.Unalias(sig.Recv().Type()).(*types.Named)
	if named == nil || cacheLike.MatchString(named.Obj().Name()) {
		return false
	}
	pkg := ""
	if named.Obj().Pkg() != nil {
		p := named.Obj().Pkg().Path()
		pkg = p[strings.LastIndexByte(p, '/')+1:]
	}
	return storeLike.MatchString(named.Obj().Name()) || storeLike.MatchString(pkg)
}
