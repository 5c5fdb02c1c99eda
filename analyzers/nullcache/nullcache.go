package nullcache

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/internal/datalayer"
	"github.com/cacheguard/cacheguard/analyzers/internal/directive"
	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
	"github.com/cacheguard/cacheguard/analyzers/internal/names"
	"github.com/cacheguard/cacheguard/analyzers/internal/redisapi"
	"github.com/cacheguard/cacheguard/analyzers/internal/safe"
	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// Name is the analyzer's name, its flag prefix and directive name.
const Name = names.NullCache

// Analyzer reports loaders that let not-found answers through to the
// database, with the default configuration.
var Analyzer = New(Default())

// Categories of the findings.
const (
	CategoryUnguarded = "unguarded" // not-found reaches a return without a sentinel write
	CategoryPermanent = "permanent" // the sentinel never expires, or outlives the data
	CategoryUnchecked = "unchecked" // the read path never compares with the sentinel
)

// New returns a nullcache analyzer for cfg; its flags change that copy.
func New(cfg Config) *analysis.Analyzer { return newOn(loader.Analyzer, cfg) }

// NewLocal is New without cross-package facts: the fast mode for one
// package at a time.
func NewLocal(cfg Config) *analysis.Analyzer { return newOn(loader.Local, cfg) }

func newOn(loaders *analysis.Analyzer, cfg Config) *analysis.Analyzer {
	c := &cfg
	said := new(sync.Map)
	a := &analysis.Analyzer{
		Name:             Name,
		Doc:              doc,
		URL:              "https://github.com/cacheguard/cacheguard#nullcache",
		Requires:         []*analysis.Analyzer{loaders},
		Run:              safe.Run(Name, func(pass *analysis.Pass) (any, error) { return run(pass, loaders, c, said) }),
		RunDespiteErrors: true, // the model skips the functions that do not type-check
	}
	c.bind(&a.Flags)
	return a
}

func run(pass *analysis.Pass, loaders *analysis.Analyzer, cfg *Config, said *sync.Map) (any, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err // the driver names the analyzer
	}
	if bad := cfg.unresolvedOnce(pass.Pkg, said); len(bad) > 0 {
		return nil, fmt.Errorf("-nullcache.not-found-errors: %s", strings.Join(bad, "; "))
	}
	res := pass.ResultOf[loaders].(*loader.Result)
	if res.Err != nil {
		return nil, res.Err
	}
	ignores := directive.Parse(pass, Name)
	c := &checker{pass: pass, cfg: cfg, res: res, ignores: ignores, reported: map[token.Pos]bool{}}
	for _, l := range res.Loaders {
		c.check(l)
	}
	if res.Model.ReachesRedis() {
		c.libraries()
	}
	ignores.ReportUnused(pass, Name)
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	cfg      *Config
	res      *loader.Result
	ignores  *directive.Ignores
	reported map[token.Pos]bool
}

func (c *checker) report(d analysis.Diagnostic, nodes ...ast.Node) {
	if c.reported[d.Pos] || c.ignores.Covers(nodes...) {
		return
	}
	c.reported[d.Pos] = true
	c.pass.Report(d)
}

func (c *checker) check(l *loader.Loader) {
	if membersOnly(l) {
		return // a membership probe (is this video liked?): no record is missing
	}
	if l.Batch {
		c.batch(l)
		return
	}
	if !c.notFound(l) && fillsOnly(l) {
		c.emptyFill(l)
	}
	c.zeroMiss(l)
}

// membersOnly reports whether every write of the loader adds the member
// it asked about to a set (SISMEMBER, then SADD on a yes).
func membersOnly(l *loader.Loader) bool {
	for _, w := range l.Writes {
		if !w.Member {
			return false
		}
	}
	return len(l.Writes) > 0
}

// notFound follows the loader from its source assuming it said "not
// found", reports a return reached with no write of the key, and checks
// the sentinels written on the way. It reports whether such a return was
// reached.
func (c *checker) notFound(l *loader.Loader) bool {
	if l.SourceErr == nil && l.SourceValue == nil {
		return false
	}
	g := c.res.Graph(l.SourceBody)
	if !g.Contains(l.Source) {
		return false
	}
	info := c.pass.TypesInfo
	var sentinels []*cachemodel.KeyOp
	visit := func(n ast.Node) loader.Action {
		if n == nil {
			return loader.Continue
		}
		for _, w := range l.Writes {
			if n.Pos() <= w.Call.Pos() && w.Call.End() <= n.End() {
				sentinels = appendOnce(sentinels, w)
				return loader.Stop
			}
		}
		if _, ok := n.(*ast.ReturnStmt); ok {
			return loader.Found
		}
		return loader.Continue
	}
	known, knownAt := knownNotFoundSource(info, l, func(call *ast.CallExpr) string {
		return c.res.Model.NotFoundOf(call, l.Decl)
	})
	if known == "" {
		// The data layer decides: a DAO that passes gorm's or sql's
		// not-found through, or maps it to its own error.
		known = c.res.Model.NotFoundOf(l.Source, l.Decl)
	}
	var hit loader.Hit
	found := false
	if l.SourceErr != nil {
		atom := loader.NotFoundErrAtom(info, l.SourceErr, c.cfg.NotFoundErrors)
		hit, found = g.Search(l.Source, atom, known != "", true, visit)
	}
	if !found && l.SourceValue != nil && isNillable(l.SourceValue.Type()) && !cachemodel.IsList(l.SourceValue.Type()) {
		atom := loader.NilResultAtom(info, l.SourceErr, l.SourceValue)
		hit, found = g.Search(l.Source, atom, false, true, visit)
	}
	if found && !c.filtered(l) {
		src := sourceName(l, knownAt)
		why := "when it reports not-found"
		if known != "" {
			why = "when it returns " + known
		}
		c.report(analysis.Diagnostic{
			Pos: hit.Node.Pos(), End: hit.Node.End(), Category: CategoryUnguarded,
			Message: fmt.Sprintf("%s reaches this return %s without caching a sentinel under %s; every request for a missing id goes to the database (cache penetration); cache a short-lived null marker before returning, and check for it after %s",
				src, why, c.res.KeyName(l), readName(l)),
		}, hit.Node, l.Source)
	}
	if !found && c.misplaced(l, sentinels, sourceName(l, knownAt)) {
		return true
	}
	for _, s := range sentinels {
		if s.Fill {
			continue // the rows, not a sentinel: an empty fill writes nothing
		}
		c.permanent(l, s)
		c.unchecked(l, s)
	}
	return found
}

// misplaced reports a loader whose not-found path reaches only writes
// keyed on the record the source filled (setVideoCache(ctx, video),
// Set(ctx, key(u.ID), …)): a lookup that found nothing leaves the record
// empty, so its id is zero and the marker lands under the zero id, not
// under the key read. A record rebuilt after the source (u = &User{ID:
// id}) is left alone.
func (c *checker) misplaced(l *loader.Loader, sentinels []*cachemodel.KeyOp, src string) bool {
	records := c.records(l)
	if len(records) == 0 || len(sentinels) == 0 {
		return false
	}
	info := c.pass.TypesInfo
	onRecord := func(x ast.Node) bool {
		found := false
		ast.Inspect(x, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				v, _ := info.Uses[id].(*types.Var)
				if v == nil {
					v, _ = info.Defs[id].(*types.Var) // u := &User{ID: id}
				}
				found = found || (v != nil && records[v])
			}
			return !found
		})
		return found
	}
	last := token.NoPos
	for _, s := range sentinels {
		if s.Read || s.Key == nil || !onRecord(s.Key) || onRecord(l.Read.Key) {
			return false
		}
		last = max(last, s.Call.Pos())
	}
	// A record given its id: after the source (u.ID = id), or before it
	// (u := &User{ID: id}; u.ID = id; First(u)). A store of an empty
	// record before the source (u = &User{}) gives it none.
	rebuilt := false
	given := func(lhs, rhs ast.Expr, before bool) bool {
		if !onRecord(lhs) {
			return false
		}
		if !before {
			return true
		}
		if _, field := ast.Unparen(lhs).(*ast.SelectorExpr); field {
			return true
		}
		if u, ok := ast.Unparen(rhs).(*ast.UnaryExpr); ok && u.Op == token.AND {
			rhs = u.X
		}
		lit, ok := ast.Unparen(rhs).(*ast.CompositeLit)
		return ok && len(lit.Elts) > 0
	}
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Pos() >= last {
				break
			}
			before := n.Pos() < l.Source.Pos()
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				if len(n.Lhs) == len(n.Rhs) {
					rhs = n.Rhs[i]
				}
				rebuilt = rebuilt || given(lhs, rhs, before)
			}
		case *ast.ValueSpec:
			if n.Pos() < l.Source.Pos() {
				for i, name := range n.Names {
					if i < len(n.Values) {
						rebuilt = rebuilt || given(name, n.Values[i], true)
					}
				}
			}
		}
		return !rebuilt
	})
	if rebuilt {
		return false
	}
	s := sentinels[0]
	c.report(analysis.Diagnostic{
		Pos: s.Call.Pos(), End: s.Call.End(), Category: CategoryUnguarded,
		Message: fmt.Sprintf("on the not-found path of %s this write keys on %s, which the lookup leaves empty when the id is missing: the empty record is cached under a zero id, not under %s, and every request for a missing id still goes to the database (cache penetration); when %s reports not-found, cache a short-lived null marker under %s and check for it after %s",
			src, types.ExprString(s.Key), c.res.KeyName(l), src, c.res.KeyName(l), readName(l)),
	}, s.Call, l.Source)
	return true
}

// batch reports a batch loader (MGET, then the misses from the source in
// one query, then the rows written back in a loop) that writes no
// sentinel for the ids the source did not return.
func (c *checker) batch(l *loader.Loader) {
	for _, op := range c.res.Model.Ops() {
		if !op.Read && op.Func == l.Decl && op.Call.Pos() > l.Source.Pos() && op.HasConst {
			return // a sentinel is written for the ids that stayed missing
		}
	}
	if c.filtered(l) {
		return
	}
	c.report(analysis.Diagnostic{
		Pos: l.Source.Pos(), End: l.Source.End(), Category: CategoryUnguarded,
		Message: fmt.Sprintf("%s is asked for the keys %s missed, but only the rows it returns are cached; ids it does not return go to the database on every request (cache penetration); cache a short-lived null marker for each id that stays missing",
			types.ExprString(l.Source.Fun), readName(l)),
	}, l.Source)
}

// fillsOnly reports whether every refill of the loader adds rows to a
// collection one by one (see cachemodel.KeyOp.Fill).
func fillsOnly(l *loader.Loader) bool {
	for _, w := range l.Writes {
		if !w.Fill {
			return false
		}
	}
	return len(l.Writes) > 0
}

// emptyFill reports a loader that refills a collection row by row: when
// the source has no rows for the id, nothing is written, the key is never
// created, and the next request misses again.
func (c *checker) emptyFill(l *loader.Loader) {
	if c.filtered(l) || !c.seesMissingKey(l) || c.placeholder(l) {
		return
	}
	w := l.Writes[0]
	self, _ := c.pass.TypesInfo.Defs[l.Decl.Name].(*types.Func)
	for _, o := range l.Writes {
		if o.Callee == nil || o.Callee.Origin() != self {
			w = o // not the loader calling itself again (a retry after a lock)
			break
		}
	}
	src := sourceName(l, chainEnd(l))
	what := "adds the rows of " + src + " one by one"
	if w.Callee != nil {
		what = "refills " + c.res.KeyName(l) + " through " + w.Callee.Name() + ", which adds the rows of " + src + " one by one"
	}
	c.report(analysis.Diagnostic{
		Pos: w.Call.Pos(), End: w.Call.End(), Category: CategoryUnguarded,
		Message: fmt.Sprintf("%s: when there are none it writes nothing, the key is never created, and every request for an id with no rows (or an unknown id) goes to the database (cache penetration); when the list is empty, write a placeholder with a short TTL and treat it as empty after %s",
			what, readName(l)),
	}, w.Call, l.Source)
}

// placeholder reports whether the loader, after its source, hands the key
// it read to another write that is not the fill: a placeholder for an
// empty list (cache.AddNoData(ctx, key), a ZADD of one marker member and
// an EXPIRE).
func (c *checker) placeholder(l *loader.Loader) bool {
	fill := map[*ast.CallExpr]bool{}
	for _, w := range l.Writes {
		fill[w.Call] = true
	}
	writes := map[*ast.CallExpr]bool{}
	for _, w := range c.res.Model.Writes {
		writes[w.Call] = true
	}
	found := false
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || call.Pos() <= l.Source.End() || fill[call] {
			return !found
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			switch name := sel.Sel.Name; {
			case strings.HasPrefix(name, "Expire"), strings.HasPrefix(name, "PExpire"),
				strings.HasPrefix(name, "Del"), strings.HasPrefix(name, "Unlock"):
				return true // the fill's expiry, an eviction, a lock: no placeholder
			}
		}
		write := writes[call]
		for _, op := range c.res.Model.OpAt(call) {
			write = write || !op.Read
		}
		if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && !write && fn.Pkg() != nil {
			// A helper named as a write, in a package that reaches Redis:
			// AddNoData(ctx, key), markEmpty(ctx, key).
			write = placeholderVerb.MatchString(fn.Name()) && (fn.Pkg() == c.pass.Pkg || redisapi.ReachesClient(fn.Pkg()))
		}
		if !write {
			return true
		}
		for _, a := range call.Args {
			if c.res.Model.SameKey(a, l.Read.Key) {
				found = true
			}
		}
		return !found
	})
	return found
}

// placeholderVerb names a helper that writes: Add, Set, Put, Save, Store,
// Cache, Write, Mark, Push.
var placeholderVerb = regexp.MustCompile(`^(?i:add|set|put|save|store|cache|write|mark|push)`)

// seesMissingKey reports whether the loader can tell a missing key from
// an empty list: it compares the length of what it read, or the read (or
// the read wrapper of this package) asks a command that reports a missing
// key (EXISTS, GET). A ZRANGE of a missing key is an empty list with no
// error: a loader that only checks the error never reaches the source for
// an empty key, and has no penetration to guard.
func (c *checker) seesMissingKey(l *loader.Loader) bool {
	info := c.pass.TypesInfo
	found := false
	// lengthOf reports whether x is len(v) of the value read (len(*list)).
	lengthOf := func(x ast.Expr) bool {
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return false
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || id.Name != "len" {
			return false
		}
		arg := ast.Unparen(call.Args[0])
		if star, ok := arg.(*ast.StarExpr); ok {
			arg = ast.Unparen(star.X)
		}
		v, ok := arg.(*ast.Ident)
		return ok && l.Value != nil && info.Uses[v] == l.Value
	}
	inspect := func(body ast.Node, lengths bool) {
		ast.Inspect(body, func(n ast.Node) bool {
			if found {
				return false
			}
			if cmp, ok := n.(*ast.BinaryExpr); ok && lengths && (lengthOf(cmp.X) || lengthOf(cmp.Y)) {
				found = true // if len(ids) > 0 { return ids, nil }
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && redisapi.ReportsMissing(sel.Sel.Name) {
				if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && fn.Pkg() != nil && redisapi.IsClientPath(fn.Pkg().Path()) {
					found = true
				}
			}
			return !found
		})
	}
	inspect(l.Read.Call, false)
	inspect(l.Decl.Body, true)
	if !found && l.Read.Callee != nil {
		if d := c.res.Model.Decl(l.Read.Callee.Origin()); d != nil {
			inspect(d.Body, false)
		}
	}
	return found
}

// filtered reports whether the loader asks a filter (a Bloom filter)
// before the source: unknown IDs never reach it.
func (c *checker) filtered(l *loader.Loader) bool {
	found := false
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found || call.Pos() >= l.Source.Pos() {
			return !found
		}
		name, recv := "", ""
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.SelectorExpr:
			name = f.Sel.Name
			// bloomFilter.Test(id), s.bloom.MightContain(id): the
			// filter named by its receiver, or the receiver's type.
			recv = types.ExprString(f.X)
			if t := c.pass.TypesInfo.TypeOf(f.X); t != nil {
				recv += " " + t.String()
			}
		case *ast.Ident:
			name = f.Name
		}
		for _, fc := range c.cfg.FilterCalls {
			if name == fc {
				found = true
			}
		}
		for _, s := range []string{name, recv} {
			s = strings.ToLower(s)
			if strings.Contains(s, "bloom") || strings.Contains(s, "cuckoo") {
				found = true
			}
		}
		return !found
	})
	return found
}

// permanent reports a sentinel written with no expiry, or with one longer
// than the data's.
func (c *checker) permanent(l *loader.Loader, s *cachemodel.KeyOp) {
	v := c.res.Model.TTLOf(s)
	if v.Top() || len(v.Params) > 0 {
		return
	}
	maxSentinel := ttl.Const{}
	for _, k := range v.Consts {
		if k.D > maxSentinel.D {
			maxSentinel = k
		}
	}
	pos, end := s.Call.Pos(), s.Call.End()
	if s.TTL != nil {
		pos, end = s.TTL.Pos(), s.TTL.End()
	}
	if maxSentinel.D <= 0 {
		msg := "the not-found sentinel under %s is written with no expiry; it hides a record created later and every id ever asked for stays in memory; give it a short TTL (a minute or so, with jitter)"
		if c.dataWrite(l, s) {
			// Not a sentinel: the loader writes whatever the source
			// returned, on the not-found path too.
			msg = "the entry under %s is written with no expiry, on the not-found path too; a missing id is then cached for ever and every entry stays in memory; give the write a TTL, and cache not-found results with a short one"
		}
		c.report(analysis.Diagnostic{
			Pos: pos, End: end, Category: CategoryPermanent,
			Message: fmt.Sprintf(msg, c.res.KeyName(l)),
		}, s.Call)
		return
	}
	// The data's TTL: the writes of the key off the not-found path.
	var dataMax ttl.Const
	for _, w := range l.Writes {
		if w == s {
			continue
		}
		dv := c.res.Model.TTLOf(w)
		if dv.Top() || len(dv.Params) > 0 || len(dv.Consts) == 0 {
			return
		}
		for _, k := range dv.Consts {
			if k.D > dataMax.D {
				dataMax = k
			}
		}
	}
	if dataMax.D > 0 && maxSentinel.D > dataMax.D {
		c.report(analysis.Diagnostic{
			Pos: pos, End: end, Category: CategoryPermanent,
			Message: fmt.Sprintf("the not-found sentinel under %s lives %s, longer than the data (%s); a record created after a miss stays invisible longer than a changed one; make the sentinel's TTL short",
				c.res.KeyName(l), ttl.Format(maxSentinel.D), ttl.Format(dataMax.D)),
		}, s.Call)
	}
}

// records returns the variables the source fills with the record it
// loads: its result, and the pointers handed to its chain (First(&u),
// Take(u) with u := &User{}), when they hold one struct.
func (c *checker) records(l *loader.Loader) map[*types.Var]bool {
	info := c.pass.TypesInfo
	out := map[*types.Var]bool{}
	add := func(v *types.Var) {
		t := v.Type()
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		if _, ok := t.Underlying().(*types.Struct); ok {
			out[v] = true // a record; a list of rows has no id to be zero
		}
	}
	if l.SourceValue != nil {
		add(l.SourceValue)
	}
	ast.Inspect(l.SourceBody, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Pos() > l.Source.Pos() || call.End() < l.Source.End() {
			return n == nil || (n.Pos() <= l.Source.Pos() && l.Source.End() <= n.End())
		}
		for _, a := range call.Args {
			a = ast.Unparen(a)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = ast.Unparen(u.X)
			} else if t := info.TypeOf(a); t == nil {
				continue
			} else if _, ptr := t.Underlying().(*types.Pointer); !ptr {
				continue
			}
			if id, ok := a.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok {
					add(v)
				}
			}
		}
		return true
	})
	return out
}

// dataWrite reports whether the write on the not-found path writes the
// source's own result (the data write, reached on that path too) rather
// than a sentinel.
func (c *checker) dataWrite(l *loader.Loader, s *cachemodel.KeyOp) bool {
	if s.HasConst || s.Value == nil || l.SourceValue == nil {
		return false
	}
	return mentions(c.pass.TypesInfo, s.Value, l.SourceValue)
}

// unchecked reports a sentinel value that the read path never compares
// the value read with.
func (c *checker) unchecked(l *loader.Loader, s *cachemodel.KeyOp) {
	if !s.HasConst || l.Read.Cmd == nil || l.Value == nil {
		return
	}
	if c.compared(l, s.ConstValue) {
		return
	}
	p := c.pass.Fset.Position(s.Call.Pos())
	c.report(analysis.Diagnostic{
		Pos: l.Read.Call.Pos(), End: l.Read.Call.End(), Category: CategoryUnchecked,
		Message: fmt.Sprintf("%s never compares the value read with the sentinel %q that the not-found path writes (%s:%d); a cached miss is decoded as data, or misses every time (cache penetration); compare with the sentinel before using the value",
			readName(l), s.ConstValue, filepath.Base(p.Filename), p.Line),
	}, l.Read.Call, s.Call)
}

// compared reports whether the function compares an expression built
// from the value read with the sentinel (==, !=, switch, bytes.Equal,
// strings.EqualFold, len(v) == 0 for an empty sentinel).
func (c *checker) compared(l *loader.Loader, sentinel string) bool {
	info := c.pass.TypesInfo
	ofValue := func(x ast.Expr) bool { return mentions(info, x, l.Value) }
	isSentinel := func(x ast.Expr) bool {
		x = ast.Unparen(x)
		if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 {
			if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
				x = call.Args[0]
			}
		}
		tv, ok := info.Types[x]
		return ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == sentinel
	}
	isZero := func(x ast.Expr) bool {
		tv, ok := info.Types[x]
		return ok && tv.Value != nil && tv.Value.Kind() == constant.Int && tv.Value.ExactString() == "0"
	}
	found := false
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				if (ofValue(n.X) && isSentinel(n.Y)) || (ofValue(n.Y) && isSentinel(n.X)) {
					found = true
				}
				if sentinel == "" && ((loader.IsLen(info, n.X) && ofValue(n.X) && isZero(n.Y)) || (loader.IsLen(info, n.Y) && ofValue(n.Y) && isZero(n.X))) {
					found = true
				}
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && ofValue(n.Tag) {
				for _, cl := range n.Body.List {
					for _, e := range cl.(*ast.CaseClause).List {
						if isSentinel(e) {
							found = true
						}
					}
				}
			}
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && fn.Pkg() != nil &&
				(fn.Pkg().Path() == "bytes" || fn.Pkg().Path() == "strings") &&
				(fn.Name() == "Equal" || fn.Name() == "EqualFold" || fn.Name() == "HasPrefix") && len(n.Args) == 2 {
				if (ofValue(n.Args[0]) && isSentinel(n.Args[1])) || (ofValue(n.Args[1]) && isSentinel(n.Args[0])) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func readName(l *loader.Loader) string {
	if l.Read.Cmd != nil {
		return l.Read.Cmd.Name
	}
	if l.Read.Callee != nil {
		return ttl.FuncName(l.Read.Callee)
	}
	return "the read"
}

func isNillable(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Interface:
		return true
	}
	return false
}

// knownNotFoundSource names the not-found error of a source API that
// signals it by error, when the source is one: database/sql's Row.Scan.
func knownNotFoundSource(info *types.Info, l *loader.Loader, notFoundOf func(*ast.CallExpr) string) (string, *ast.CallExpr) {
	known := ""
	var at *ast.CallExpr
	ast.Inspect(l.SourceBody, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || known != "" {
			return known == ""
		}
		// A call further up the source's chain: db.QueryRow(...).Scan(&v),
		// db.Where(...).Take(&row).
		if !onChain(call, l.Source) {
			return true
		}
		if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
			if known = datalayer.Reports(fn); known != "" {
				at = call
			}
		}
		if known == "" {
			// A generated or in-house query builder: ent's
			// client.User.Query().Where(...).Only(ctx).
			if known = notFoundOf(call); known != "" {
				at = call
			}
		}
		return true
	})
	return known, at
}

// onChain reports whether src is a receiver down call's chain of method
// calls (call = src.A(...).B(...)).
func onChain(call, src *ast.CallExpr) bool {
	x := ast.Expr(call)
	for {
		c, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		if ast.Unparen(sel.X) == src {
			return c != src
		}
		x = sel.X
	}
}

func appendOnce(ops []*cachemodel.KeyOp, op *cachemodel.KeyOp) []*cachemodel.KeyOp {
	for _, o := range ops {
		if o == op {
			return ops
		}
	}
	return append(ops, op)
}

// knownCall returns the selector of the call up the source's chain that
// reports not-found, if there is one.
func knownCall(call *ast.CallExpr) (*ast.SelectorExpr, bool) {
	if call == nil {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return sel, ok
}

// sourceName names the loader's source for a message, up to the call at
// of its chain when there is one: db.QueryRowContext(...).Scan,
// db.WithContext(...)...Take.
func sourceName(l *loader.Loader, at *ast.CallExpr) string {
	src := types.ExprString(l.Source.Fun)
	if sel, ok := knownCall(at); ok {
		hop := "."
		if c, ok := ast.Unparen(sel.X).(*ast.CallExpr); !ok || c != l.Source {
			hop = "..."
		}
		src += "(...)" + hop + sel.Sel.Name
	}
	return src
}

// chainEnd returns the last call of the source's chain
// (db.WithContext(ctx).Where(...).Find(&rows)), or nil when the source
// is a call of its own.
func chainEnd(l *loader.Loader) *ast.CallExpr {
	var end *ast.CallExpr
	ast.Inspect(l.SourceBody, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && end == nil && onChain(call, l.Source) {
			end = call // the outermost: Inspect meets it first
		}
		return end == nil
	})
	return end
}
