// Package cachemodel is the cache model that cacheguard's analyzers share:
// an analyzer that finds the cache writes of a package and what is known of
// their TTLs, and exports facts about the user's own wrappers so that
// callers in other packages are judged the same way.
//
// It reports nothing itself. Its result lists every write with a constant
// TTL and the context of that write; each policy analyzer decides.
package cachemodel

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/redisapi"
	"github.com/cacheguard/cacheguard/analyzers/internal/safe"
	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// Analyzer computes the cache model of a package, with facts: the user's
// wrappers in any package are followed.
var Analyzer = New(true)

// Local computes the cache model without facts: only the package's own
// wrappers are followed, and the driver can load dependencies from export
// data instead of source. It is the fast mode for one package at a time
// (an editor on save); CI should use Analyzer.
var Local = New(false)

// New returns a model analyzer, with or without cross-package facts.
func New(facts bool) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name: "cachemodel",
		Doc:  "find cache writes and their TTLs (used by the cacheguard analyzers)",
		URL:  "https://github.com/cacheguard/cacheguard",
		Run: safe.Model("cachemodel", func(pass *analysis.Pass) (any, error) { return run(pass, facts) },
			func(err error) any { return &Result{Err: err} }),
		ResultType: reflect.TypeOf((*Result)(nil)),
		// Code that does not type-check (mid-edit, or a dependency broken
		// on this Go version) is analyzed function by function: the
		// functions with type errors are skipped (Result.Skipped), the
		// others keep their findings and their facts.
		RunDespiteErrors: true,
	}
	if facts {
		a.FactTypes = []analysis.Fact{new(reachesFact), new(jittersFact), new(readsFact), new(writesFact), new(notFoundFact), new(dataLayerFact)}
	}
	return a
}

// Result is the cache model of one package.
type Result struct {
	// Writes are the cache writes whose TTL is a constant, in source order.
	Writes []*Write
	// Skipped are the functions left out because they do not type-check
	// (or do not parse); the rest of the package is analyzed.
	Skipped []*ast.FuncDecl
	// Err is set when the model failed on this package (a bug in
	// cacheguard): the result is empty, and the policies report it.
	Err error

	mu    sync.Mutex // serializes the evaluator's memo after run
	st    *state
	ops   []*KeyOp
	opsAt map[*ast.CallExpr][]*KeyOp
}

// Write is a place where a constant TTL reaches a cache write.
type Write struct {
	Call *ast.CallExpr // the call in this package: a client command or a wrapper
	// TTLArg is the argument of Call that holds the TTL, when there is one
	// (nil for a constant chosen inside a wrapper). TTLExpr is that
	// argument when it is itself a constant expression (the fix goes there).
	TTLArg, TTLExpr ast.Expr
	TTL             ttl.Const
	// Alts are the other constants the TTL may take at this write (a
	// variable set in a switch, a helper with several returns), and More
	// counts those left out: one finding per write names them.
	Alts []ttl.Const
	More int
	// Inner: the constant was chosen inside the called wrapper. InnerLocal:
	// that wrapper is in this package (its own write is a Write too).
	Inner, InnerLocal bool
	ConstAt           string // where the constant was chosen, "file.go:12"

	Command string // the client command at the end of the chain: "Set"
	Chain   string // "Cache.Set → Set"; "Set" for a direct call
	At      string // where the client command is called

	CacheAside  bool // the same key is read before, in this function or a caller's
	Bulk        bool // written in a loop over many keys, or by a multi-key command
	Conditional bool // SET NX and friends
	Expire      bool // an EXPIRE on an existing key
	Counter     bool // an EXPIRE of a key the function increments or adds to (a window)
	Record      bool // the value written is the value read of the same key: an update of a stored record
	Created     bool // the value written is made there (a generated code, a marker), not loaded: a get-or-create
	InTest      bool // in a _test.go file: a fixture, not the service's cache
	KeyPrefix   string
	// Names are the words that describe the write: the enclosing function
	// and its receiver type, the identifiers of the key, the wrappers.
	Names []string
	Func  *ast.FuncDecl
}

// IsCache reports whether the write is a cache entry by its context.
func (w *Write) IsCache() bool {
	if w.Record || w.Created {
		return false
	}
	if w.Conditional {
		return w.CacheAside // NX writes in loops are dedupe markers and locks
	}
	return w.CacheAside || w.Bulk
}

// site is a call in a function body with the context the model needs.
type site struct {
	call      *ast.CallExpr
	generated bool // in a generated file: facts yes, findings no
	fn        *types.Func
	decl      *ast.FuncDecl
	inLoop    bool
	cmd       *redisapi.Call // a client command, or nil for a wrapper call
	callee    *types.Func
}

type state struct {
	pass      *analysis.Pass
	facts     bool // cross-package facts are on
	ev        *ttl.Evaluator
	sites     []*site
	reads     map[*types.Func][]int
	effects   map[*types.Func][]Effect
	keyWrites map[*types.Func][]keyWrite
	keysOf    map[*types.Func]map[string]bool // per function, keys touched by counter commands
	fills     map[*site]bool                  // fillsCollection, memoized
	impls     map[*types.Func][]*types.Func   // interface methods to their implementations
	implPkgs  []*types.Package
	concrete  []*types.Named // see concreteTypes
	skipped   []*ast.FuncDecl
	firstRead map[*types.Func]map[string]token.Pos       // see cacheAside
	readCalls map[*types.Func]map[string][]*ast.CallExpr // per function and key, its reads
	expires   map[*types.Func][]*site                    // per function, its EXPIRE commands (see expireAfter)
	created   map[createdKey]bool                        // see createdValue
	rewrites  map[[2]ast.Node]bool                       // see rewritesRead: per write call and key
	flow      *flow                                      // nil: answer on variables
	lits      map[*ast.FuncLit]*types.Func               // closures called by name, as functions
	litVars   map[*types.Var]*types.Func                 // the locals that hold them
	litFuncs  map[*types.Func]bool
	notFound  map[*types.Func]string // this package's functions that may report not-found
	readFam   map[*types.Func]map[int]string
	keyDepth  int // keyID's recursion through locals
	storeVals map[*types.Var]map[ssa.Value]ttl.StoreSite
	ranges    map[*types.Var]ast.Expr // see rangeOver
	called    map[*types.Func]bool    // the functions called in this package, see siblingRead
}

func run(pass *analysis.Pass, facts bool) (any, error) {
	res := &Result{}
	// Before the Redis gate: a repository package need not import Redis.
	notFound := notFounds(pass, facts)
	if facts && !reaches(pass) && !seesCacheInterface(pass.Pkg) {
		return res, nil
	}
	if !facts && !redisapi.ReachesClient(pass.Pkg) && !seesCacheInterface(pass.Pkg) {
		return res, nil
	}
	st := &state{
		pass:      pass,
		facts:     facts,
		reads:     map[*types.Func][]int{},
		effects:   map[*types.Func][]Effect{},
		keyWrites: map[*types.Func][]keyWrite{},
		keysOf:    map[*types.Func]map[string]bool{},
		impls:     map[*types.Func][]*types.Func{},
		notFound:  notFound,
		readFam:   map[*types.Func]map[int]string{},
	}
	if facts && reaches(pass) {
		pass.ExportPackageFact(&reachesFact{})
	}
	st.namedLits()
	st.ev = ttl.New(pass.TypesInfo, pass.Pkg, pass.Fset, pass.Files, st.lits)
	st.ev.JitterFunc = func(fn *types.Func) bool {
		return st.importFact(fn, new(jittersFact))
	}
	st.collect()
	if st.anyCacheCall() {
		// Values, not variables, where the package type-checks: which
		// store of a local reaches each use.
		if st.flow = buildFlow(pass); st.flow != nil {
			st.ev.Reaching = st.reaching
		}
	}
	st.summarizeKeyWrites() // first: a function that writes the key it reads is no read wrapper
	st.summarizeReads()
	st.summarizeWrites()
	st.exportFacts()
	res.Writes = st.writes()
	res.Skipped = st.skipped
	res.st = st
	res.opsAt = map[*ast.CallExpr][]*KeyOp{}
	for _, s := range st.sites {
		ops := st.keyOps(s)
		res.ops = append(res.ops, ops...)
		if len(ops) > 0 {
			res.opsAt[s.call] = ops
		}
	}
	return res, nil
}

// reaches reports whether the package imports a Redis client or a package
// that does.
func reaches(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if redisapi.IsClientPath(imp.Path()) || pass.ImportPackageFact(imp, new(reachesFact)) {
			return true
		}
	}
	return false
}

func (st *state) collect() {
	info := st.pass.TypesInfo
	broken := brokenFuncs(st.pass)
	for _, f := range st.pass.Files {
		// Generated files still give facts (a generated client's wrappers
		// reach the hand-written callers); their findings are dropped.
		gen := Generated(f)
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			if broken(decl) {
				st.skipped = append(st.skipped, decl)
				continue
			}
			fn, _ := info.Defs[decl.Name].(*types.Func)
			if fn == nil {
				continue
			}
			// A stack of the enclosing nodes, to know the loops around a call.
			var stack []ast.Node
			ast.Inspect(decl.Body, func(n ast.Node) bool {
				if n == nil {
					stack = stack[:len(stack)-1]
					return true
				}
				stack = append(stack, n)
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				// Inside a closure called by name, the site belongs to the
				// closure's own function (a wrapper), and only the loops
				// inside the closure count.
				owner, loops := fn, stack
				for k := len(stack) - 1; k >= 0; k-- {
					if lit, ok := stack[k].(*ast.FuncLit); ok {
						if lf := st.lits[lit]; lf != nil {
							owner, loops = lf, stack[k:]
						}
						break
					}
				}
				s := &site{call: call, fn: owner, decl: decl, inLoop: st.overMany(loops), generated: gen}
				if c := redisapi.Lookup(info, call); c != nil {
					s.cmd = c
				} else if c := st.scriptCall(call); c != nil {
					s.cmd = c
				} else if c, fv := st.funcValueCall(call); c != nil {
					s.cmd = c
				} else if callee, ok := typeutil.Callee(info, call).(*types.Func); ok && callee.Pkg() != nil {
					s.callee = callee.Origin()
				} else if lf := st.litCallee(call); lf != nil {
					s.callee = lf
				} else if fv != nil {
					s.callee = fv
				} else {
					return true
				}
				st.sites = append(st.sites, s)
				return true
			})
		}
	}
}

// funcValueCall resolves a call through a local variable that holds a
// function, stored once: a client method value (set := rdb.Set; set(ctx,
// key, v, ttl)) is the command it calls; a wrapper's method value (put :=
// s.put) or a function (write := putWith) is that function, whose
// summary applies as to a direct call. Closures held in locals are
// litCallee's. This is what SSA's StaticCallee resolves, done on the
// syntax because the model's call sites feed the fact pass, which runs on
// every dependency and builds no SSA.
func (st *state) funcValueCall(call *ast.CallExpr) (*redisapi.Call, *types.Func) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil, nil
	}
	v, ok := st.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pkg() != st.pass.Pkg || v.Parent() == st.pass.Pkg.Scope() {
		return nil, nil
	}
	// Stored once, where it is declared (put := s.put): a parameter or
	// a result stored once in the body also holds what it came in with.
	stores, complete := st.ev.Stores(v)
	sites := st.ev.StoreSites(v)
	if !complete || len(stores) != 1 || len(sites) != 1 || sites[0].LHS.Pos() != v.Pos() {
		return nil, nil
	}
	x := ast.Unparen(stores[0])
	switch ix := x.(type) {
	case *ast.IndexExpr: // f := Put[string]
		x = ast.Unparen(ix.X)
	case *ast.IndexListExpr:
		x = ast.Unparen(ix.X)
	}
	switch x := x.(type) {
	case *ast.SelectorExpr:
		s, ok := st.pass.TypesInfo.Selections[x]
		if !ok {
			// A package's function: write := cache.Put.
			if fn, ok := st.pass.TypesInfo.Uses[x.Sel].(*types.Func); ok && fn.Pkg() != nil {
				return nil, fn.Origin()
			}
			return nil, nil
		}
		if s.Kind() != types.MethodVal {
			return nil, nil
		}
		// The call as if written with the method: same arguments, same
		// place.
		direct := &ast.CallExpr{Fun: x, Lparen: call.Lparen, Args: call.Args, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
		if c := redisapi.Lookup(st.pass.TypesInfo, direct); c != nil {
			return c, nil
		}
		if fn, ok := s.Obj().(*types.Func); ok && fn.Pkg() != nil {
			return nil, fn.Origin()
		}
	case *ast.Ident:
		if fn, ok := st.pass.TypesInfo.Uses[x].(*types.Func); ok && fn.Pkg() != nil {
			return nil, fn.Origin() // write := putWith
		}
	}
	return nil, nil
}

// overMany reports whether the innermost enclosing loops iterate over a
// collection (range over a slice or map, or a count bounded by len): the
// writes in them are many keys written together. A bare `for {}` or
// `for i < retries` is a retry or poll loop, and does not count.
func (st *state) overMany(stack []ast.Node) bool {
	for i, l := range stack {
		switch l := l.(type) {
		case *ast.FuncLit:
			if i > 0 && st.iterates(stack[i-1], l) {
				return true // lo.ForEach(rows, func(r Row, _ int) { ... })
			}
		case *ast.RangeStmt:
			if t := st.pass.TypesInfo.TypeOf(l.X); t != nil {
				if _, isChan := t.Underlying().(*types.Chan); isChan {
					continue
				}
				if b, isBasic := t.Underlying().(*types.Basic); isBasic && b.Info()&types.IsInteger != 0 {
					continue // range over a count: usually retries
				}
			}
			return true
		case *ast.ForStmt:
			if l.Cond != nil && mentionsLen(l.Cond) {
				return true
			}
		}
	}
	return false
}

// iterates reports whether lit is the body of an iteration: an argument
// of a call of ForEach or Each (samber/lo, a collection type's method), of
// Map or Range over a slice or map handed to it, or of sync.Map's Range.
func (st *state) iterates(parent ast.Node, lit *ast.FuncLit) bool {
	call, ok := parent.(*ast.CallExpr)
	if !ok || !slices.Contains(call.Args, ast.Expr(lit)) {
		return false
	}
	fn, _ := typeutil.Callee(st.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return false
	}
	switch fn.Name() {
	case "ForEach", "Each", "ForEachWithIndex", "EachWithIndex":
		return true
	case "Map", "Range":
		// lo.Map(rows, f), sync.Map's Range; not an option's Map, which
		// calls f at most once.
		if fn.Pkg() != nil && fn.Pkg().Path() == "sync" {
			return true
		}
		for _, a := range call.Args {
			switch st.pass.TypesInfo.TypeOf(a).(type) {
			case *types.Slice, *types.Map:
				return true
			}
		}
	}
	return false
}

func mentionsLen(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "len" {
				found = true
			}
		}
		return !found
	})
	return found
}

// summarizeReads finds the functions that read the key given by one of
// their parameters.
func (st *state) summarizeReads() {
	for changed := true; changed; {
		changed = false
		for _, s := range st.sites {
			for _, k := range st.readKeys(s) {
				// The key is a parameter, or built from one inside
				// (key := fmt.Sprintf("user:%d", id)): a read wrapper.
				p, _, ok := st.keyParamField(s.fn, k)
				if !ok {
					// One constant key chosen inside (GetAllTags(ctx)):
					// callers pair it with its write by the key.
					if fam := st.readFamilyOf(s, k); strings.HasPrefix(fam, "const:") {
						p, ok = -1, true
					}
				}
				if ok && !slices.Contains(st.reads[s.fn], p) && !st.readsThrough(s.fn, p) {
					st.reads[s.fn] = append(st.reads[s.fn], p)
					if fam := st.readFamilyOf(s, k); fam != "" {
						if st.readFam[s.fn] == nil {
							st.readFam[s.fn] = map[int]string{}
						}
						st.readFam[s.fn][p] = fam
					}
					changed = true
				}
			}
		}
	}
}

// readsThrough reports whether fn writes the key of its parameter p as
// well as reading it: a read-through loader (cachedrepo.FetchOne(ctx,
// key, fetch) reads, calls fetch on a miss, writes). Its callers do not
// read the cache: the error they get is the source's, not Redis's.
func (st *state) readsThrough(fn *types.Func, p int) bool {
	for _, kw := range st.keyWrites[fn] {
		if kw.KeyParam == p && kw.KeyField == "" {
			return true
		}
	}
	return false
}

// readKeys returns the key arguments a call reads.
func (st *state) readKeys(s *site) []ast.Expr {
	if s.cmd != nil {
		if k := s.cmd.KeyArg(); k != nil && (s.cmd.Kind == redisapi.Read || s.cmd.Loader) {
			return []ast.Expr{k}
		}
		return nil
	}
	var out []ast.Expr
	for _, p := range st.readParams(s.callee, s.fn) {
		if k := wrapperKey(s, p); k != nil {
			out = append(out, k)
		}
	}
	return out
}

// paramOf reports which parameter of fn the expression x is.
func (st *state) paramOf(fn *types.Func, x ast.Expr) (int, bool) {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := st.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return 0, false
	}
	p, ok := st.ev.ParamOf(v)
	if !ok || p.Key != fn {
		return 0, false
	}
	return p.Index, true
}

// A write is one cache write seen at a site: a client command, or one
// effect of a wrapper.
type write struct {
	ttlExpr ast.Expr // the argument holding the TTL, or nil
	form    redisapi.TTLForm
	inner   *Effect    // the wrapper's effect, for a constant chosen inside
	key     ast.Expr   // the key argument, or nil
	eff     Effect     // what the callee knows (Cache, Conditional, Chain, ...)
	local   bool       // the wrapper is in this package
	scale   int64      // the wrapper multiplies the TTL argument by this
	family  string     // the key's family, when known
	fixed   *ttl.Const // the TTL, when it is not an argument (a Lua script's number)
}

func (st *state) writesAt(s *site) []write {
	if s.cmd != nil && s.cmd.Script != nil {
		// A Lua script's write: its TTL is a number in the script.
		c := s.cmd
		w := write{key: c.KeyArg(), family: st.family(c.KeyArg()), form: c.Form,
			fixed: &ttl.Const{D: c.Script.D, Text: c.Script.Text, Pos: c.Script.Pos}}
		w.eff = Effect{Command: c.Name, Chain: c.Name, At: st.pos(s.call.Pos())}
		return []write{w}
	}
	if s.cmd != nil {
		c := s.cmd
		if c.TTL < 0 || (c.Kind != redisapi.Write && c.Kind != redisapi.Expire) {
			return nil
		}
		w := write{ttlExpr: c.TTLArg(), form: c.Form, key: c.KeyArg(), family: st.family(c.KeyArg())}
		w.eff = Effect{
			Command: c.Name, Chain: c.Name, At: st.pos(s.call.Pos()),
			Conditional: c.Conditional || st.conditionalArgs(s),
			Expire:      c.Kind == redisapi.Expire,
			Bulk:        c.Bulk,
			CacheAside:  c.Loader,
		}
		return []write{w}
	}
	effects, local := st.effectsOf(s.callee, s.fn)
	for i := range effects {
		effects[i].Chain = ttl.FuncName(s.callee) + " → " + effects[i].Chain
	}
	// Implementations of an interface method often share an effect (two
	// decorators around one Redis cache): one write each, shortest chain.
	effects = dedupEffects(effects)
	var out []write
	for i := range effects {
		e := effects[i]
		w := write{eff: e, local: local, family: e.Family}
		if e.KeyParam >= 0 && e.KeyParam < len(s.call.Args) {
			w.key = s.call.Args[e.KeyParam]
		}
		switch {
		case e.TTLParam >= 0 && e.TTLParam < len(s.call.Args):
			w.ttlExpr = s.call.Args[e.TTLParam]
			w.form = redisapi.DurationArg
			w.scale = e.TTLScale
		case e.TTLParam < 0:
			w.inner = &effects[i]
		default:
			continue
		}
		out = append(out, w)
	}
	return out
}

// conditionalArgs reports whether a SetArgs call uses Mode NX (a lock).
func (st *state) conditionalArgs(s *site) bool {
	if s.cmd.Form != redisapi.SetArgsStruct {
		return false
	}
	lit := redisapi.CompositeLit(s.call.Args[s.cmd.TTL])
	if lit == nil {
		return false
	}
	if v := redisapi.FieldValue(lit, "Mode"); v != nil {
		if tv, ok := st.pass.TypesInfo.Types[v]; ok && tv.Value != nil {
			m := strings.ToUpper(strings.Trim(tv.Value.ExactString(), `"`))
			return m != "" && m != "XX"
		}
	}
	return false
}

// value evaluates the TTL of a write; for a wrapper's inner constant it is
// that constant.
func (st *state) value(w write) ttl.Value {
	if w.fixed != nil {
		return ttl.Single(*w.fixed)
	}
	if w.inner != nil {
		return ttl.Value{Consts: []ttl.Const{{
			D: time.Duration(w.inner.Const), Text: w.inner.ConstText, Via: w.inner.ConstVia,
		}}}
	}
	x := w.ttlExpr
	switch w.form {
	case redisapi.DurationArg:
		if w.scale != 0 {
			return ttl.Scale(st.ev.Eval(x), w.scale)
		}
		return st.ev.Eval(x)
	case redisapi.SetArgsStruct:
		lit := redisapi.CompositeLit(x)
		if lit == nil {
			return ttl.Unknown
		}
		if redisapi.FieldValue(lit, "KeepTTL") != nil || redisapi.FieldValue(lit, "ExpireAt") != nil {
			return ttl.Unknown
		}
		if v := redisapi.FieldValue(lit, "TTL"); v != nil {
			return st.ev.Eval(v)
		}
		return ttl.Value{} // no expiry
	case redisapi.ExpirationOption, redisapi.HashExpireOptions:
		return st.optionTTL(x, w.form)
	case redisapi.ItemStruct:
		lit := redisapi.CompositeLit(x)
		if lit == nil {
			return ttl.Unknown
		}
		v := redisapi.FieldValue(lit, "TTL")
		if v == nil {
			// go-redis/cache's default: one hour for every key, no jitter.
			return ttl.Single(ttl.Const{D: redisapi.GoRedisCacheDefaultTTL, Text: "Item.TTL unset: the library's default", Pos: lit.Pos()})
		}
		return st.ev.Eval(v)
	case redisapi.SecondsArg:
		return ttl.Scale(st.ev.Eval(x), int64(time.Second))
	case redisapi.MillisArg:
		return ttl.Scale(st.ev.Eval(x), int64(time.Millisecond))
	case redisapi.AbsoluteTime:
		// time.Now().Add(d): a fixed offset from now is a fixed TTL.
		if call, ok := ast.Unparen(x).(*ast.CallExpr); ok && len(call.Args) == 1 {
			if fn, ok := typeutil.Callee(st.pass.TypesInfo, call).(*types.Func); ok &&
				fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Add" {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && isTimeNow(st.pass.TypesInfo, sel.X) {
					return st.ev.Eval(call.Args[0])
				}
			}
		}
	}
	return ttl.Unknown
}

func isTimeNow(info *types.Info, x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Now"
}

// optionTTL reads the TTL of an ExpirationOption or HSetEXOptions literal:
// an int64 count in the unit its mode names.
func (st *state) optionTTL(x ast.Expr, form redisapi.TTLForm) ttl.Value {
	lit := redisapi.CompositeLit(x)
	if lit == nil {
		return ttl.Unknown
	}
	modeField, valField := "ExpirationType", "ExpirationVal"
	if form == redisapi.ExpirationOption {
		opt := redisapi.FieldValue(lit, "Expiration")
		if opt == nil {
			return ttl.Value{}
		}
		if lit = redisapi.CompositeLit(opt); lit == nil {
			return ttl.Unknown
		}
		modeField, valField = "Mode", "Value"
	}
	mode := redisapi.FieldValue(lit, modeField)
	val := redisapi.FieldValue(lit, valField)
	if mode == nil || val == nil {
		return ttl.Value{}
	}
	tv, ok := st.pass.TypesInfo.Types[mode]
	if !ok || tv.Value == nil {
		return ttl.Unknown
	}
	var unit time.Duration
	switch strings.Trim(tv.Value.ExactString(), `"`) {
	case "EX":
		unit = time.Second
	case "PX":
		unit = time.Millisecond
	default: // absolute times, KEEPTTL, PERSIST
		return ttl.Unknown
	}
	return ttl.Scale(st.ev.Eval(val), int64(unit))
}

// summarizeWrites computes, to a fixpoint, the write effects of the
// package's functions: which parameters reach a TTL, and which constants
// chosen inside are written under a key the caller gives.
func (st *state) summarizeWrites() {
	// One effect per id and function: the state of the fixpoint is finite
	// whatever the call cycles, and a shorter chain replaces a longer one.
	seen := map[*types.Func]map[string]int{}
	add := func(fn *types.Func, e Effect) bool {
		if seen[fn] == nil {
			seen[fn] = map[string]int{}
		}
		k := e.id()
		if i, ok := seen[fn][k]; ok {
			if !e.shorter(st.effects[fn][i]) {
				return false
			}
			st.effects[fn][i] = e
			return true
		}
		seen[fn][k] = len(st.effects[fn])
		st.effects[fn] = append(st.effects[fn], e)
		return true
	}
	for round, changed := 0, true; changed && round < 50; round++ {
		changed = false
		for _, s := range st.sites {
			for _, w := range st.writesAt(s) {
				v := st.value(w)
				if v.Top() || st.counterKey(s, w) || st.inTest(s) || st.rewritesRead(s, w.key) {
					continue // not a cache entry for any caller: a window, a fixture, a stored record
				}
				keyParam, family := -1, ""
				if w.key != nil {
					if p, ok := st.keyParamOf(s.fn, w.key); ok {
						keyParam = p
					} else if p, _, ok := st.keyParamField(s.fn, w.key); ok {
						// Built from a field of a parameter (key(u.ID)): the
						// caller pairs it with its read by the family.
						if family = st.family(w.key); family != "" {
							keyParam = p
						}
					}
					if keyParam >= 0 && family == "" {
						family = st.family(w.key)
					}
				}
				if family == "" {
					family = w.family
				}
				base := w.eff
				base.Family = family
				base.KeyConst = st.oneKey(w)
				// A loop writes many keys only if the key varies: one
				// constant key written in a loop is one entry.
				base.Bulk = base.Bulk || (s.inLoop && !base.KeyConst)
				base.Created = st.createdValue(s, w)
				base.CacheAside = !base.Created && (base.CacheAside || st.cacheAside(s, w.key, w.family) || st.siblingRead(s, w))
				cache := !base.Created && (base.CacheAside || (base.Bulk && !base.Conditional))
				base.KeyParam = keyParam
				if keyParam < 0 && w.key != nil {
					base.KeyPrefix = st.keyPrefix(w.key)
					base.Names = append(append([]string(nil), base.Names...), st.keyNames(w.key)...)
				}
				base.Names = append(slices.Clip(base.Names), declNames(s.decl)...) // never into the callee's stored slice
				for _, p := range v.Params {
					fn, ok := p.Key.(*types.Func)
					if !ok {
						continue
					}
					e := base
					e.TTLParam = p.Index
					e.TTLScale = p.Scale
					if w.scale != 0 {
						e.TTLScale = w.scale * max(p.Scale, 1)
					}
					if fn != s.fn {
						e.KeyParam = -1 // a constructor's parameter stored in a field
					}
					e.Const, e.ConstText, e.ConstAt, e.ConstVia = 0, "", "", ""
					if add(fn, e) {
						changed = true
					}
				}
				if !cache {
					for _, c := range v.Consts {
						if c.D <= 0 {
							continue
						}
						e := base
						e.TTLParam = -1
						e.Const, e.ConstText, e.ConstVia = int64(c.D), c.Text, c.Via
						e.More = v.More
						e.ConstAt = st.pos(c.Pos)
						if w.inner != nil {
							e.ConstAt = w.inner.ConstAt
						}
						if add(s.fn, e) {
							changed = true
						}
					}
				}
			}
		}
	}
}

// inTest reports whether the site is in a _test.go file.
func (st *state) inTest(s *site) bool { return InTest(st.pass.Fset, s.call.Pos()) }

// counterKey reports whether w is an EXPIRE of a key that the same function
// updates as a counter or a collection (INCR + EXPIRE: a rate-limit window).
//
// A SET of an integer constant to a key the function INCRs is the counter's
// start (Set(ctx, key, 1, time.Minute), then Incr(ctx, key) on the next
// attempt): a login-failure window, not a cache entry.
func (st *state) counterKey(s *site, w write) bool {
	if w.key == nil {
		return false
	}
	if !w.eff.Expire {
		return st.counterStart(s) && st.counterKeys(s.fn)[st.keyID(w.key)]
	}
	// A key only filled by members added in a loop (for _, r := range rows
	// { pipe.ZAdd(ctx, key, ...) }; pipe.Expire(ctx, key, ttl)) is a
	// cached collection, not a counter or a window.
	return st.counterKeys(s.fn)[st.keyID(w.key)]
}

// counterKeys returns the keys a function updates as counters or windows
// (by key identity): INCR, ZREMRANGEBYSCORE, a ZADD outside a loop — all
// but the fills of one collection (see fillsCollection).
func (st *state) counterKeys(fn *types.Func) map[string]bool {
	keys, ok := st.keysOf[fn]
	if !ok {
		keys = map[string]bool{}
		for _, o := range st.sites {
			if o.fn == fn && o.cmd != nil && o.cmd.Kind == redisapi.Counter && o.cmd.Key >= 0 {
				id := st.keyID(o.call.Args[o.cmd.Key])
				keys[id] = keys[id] || !st.fillsCollection(o)
			}
		}
		st.keysOf[fn] = keys
	}
	return keys
}

// counterStart reports whether s is a client write of an integer
// constant: a counter set to its first value.
func (st *state) counterStart(s *site) bool {
	if s.cmd == nil || s.cmd.Kind != redisapi.Write {
		return false
	}
	v := s.cmd.ValueArg()
	if v == nil {
		return false
	}
	tv, ok := st.pass.TypesInfo.Types[v]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Int
}

// fillsCollection reports whether s adds rows to one collection: spread
// into one call (pipe.ZAdd(ctx, key, members...)) or handed over as one
// slice (rdb.SAdd(ctx, key, ids)), or in a loop whose key
// the loop does not change (for _, r := range rows { pipe.ZAdd(ctx, key,
// ...) }). A fan-out (one key per row) is not a fill.
func (st *state) fillsCollection(s *site) bool {
	if s.cmd == nil || !redisapi.IsCollectionAdd(s.cmd.Command) || s.decl == nil {
		return false
	}
	if f, ok := st.fills[s]; ok {
		return f
	}
	f := st.fillsCollection1(s)
	if st.fills == nil {
		st.fills = map[*site]bool{}
	}
	st.fills[s] = f
	return f
}

func (st *state) fillsCollection1(s *site) bool {
	key := s.cmd.KeyArg()
	if key == nil {
		return false
	}
	if s.call.Ellipsis.IsValid() {
		return true // the rows spread into one call: pipe.ZAdd(ctx, key, members...)
	}
	for _, a := range s.call.Args {
		if a == key {
			continue
		}
		// The rows as one slice, which the client flattens:
		// rdb.SAdd(ctx, key, ids) with ids []any.
		if t, ok := st.pass.TypesInfo.TypeOf(a).(*types.Slice); ok && !isByte(t.Elem()) {
			return true
		}
	}
	if !s.inLoop {
		return false
	}
	var loop, parent ast.Node
	ast.Inspect(s.decl.Body, func(n ast.Node) bool {
		if n == nil || n.Pos() > s.call.Pos() || n.End() < s.call.End() {
			return false
		}
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loop = n
		case *ast.FuncLit:
			if st.iterates(parent, n) {
				loop = n
			}
		}
		parent = n
		return true
	})
	if loop == nil {
		return false
	}
	invariant := true
	ast.Inspect(key, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := st.pass.TypesInfo.Uses[id].(*types.Var); ok && v.Pos() >= loop.Pos() && v.Pos() < loop.End() {
				invariant = false
			}
		}
		return invariant
	})
	return invariant
}

// cacheAside reports whether key is read earlier in the same function.
func (st *state) cacheAside(s *site, key ast.Expr, family string) bool {
	if key == nil {
		return false
	}
	st.indexReads()
	var p token.Pos
	ok := false
	if IsKeyLike(st.pass.TypesInfo.TypeOf(key)) {
		p, ok = st.firstRead[s.fn][st.keyID(key)]
	}
	if !ok && family != "" {
		p, ok = st.firstRead[s.fn]["family:"+family]
	}
	if !ok {
		if rk, fromRecord := st.recordKey(key); rk != "" && fromRecord {
			p, ok = st.firstRead[s.fn]["record:"+rk]
		}
	}
	return ok && p < s.call.Pos() && !st.rewritesRead(s, key)
}

// siblingRead reports whether a write in a method of a cache repository
// whose callers are out of sight is a cache entry: another method of the
// same type reads the same key family (GetHotelByID reads
// r.createKey(id), SetHotel writes r.createKey(hotel.ID)). Clean
// architecture keeps the loader that pairs them in a use case that only
// sees an interface; the repository's own pair says what the key is for.
// Only for an unexported type none of whose package's interfaces lists
// the method: its callers reach it through a port declared elsewhere, and
// no fact of it reaches them (an exported type, or one behind an
// interface of its own package, is seen by its callers, which decide).
// Not for conditional writes (a lock's TryLock beside its Get), nor when
// a caller in this package decides.
func (st *state) siblingRead(s *site, w write) bool {
	if w.family == "" || w.eff.Conditional || s.cmd == nil {
		return false
	}
	self := recvNamed(s.fn)
	if self == nil || self.Obj().Exported() || st.listedByOwnInterface(s.fn) {
		return false
	}
	if v := s.cmd.ValueArg(); v == nil || !st.fromRecordParam(s.fn, s.decl, v, 0) {
		return false // a flag or a marker chosen here, not a record handed in to keep
	}
	if st.called == nil {
		st.called = map[*types.Func]bool{}
		for _, o := range st.sites {
			if o.callee != nil {
				st.called[o.callee] = true
			}
		}
	}
	if st.called[s.fn] {
		return false // called here: the callers decide
	}
	for fn, fams := range st.readFam {
		if fn == s.fn || recvNamed(fn) != self {
			continue
		}
		for _, f := range fams {
			if f == w.family {
				return true
			}
		}
	}
	return false
}

// fromRecordParam reports whether x is made from a parameter of fn that
// holds a record (a pointer, a struct, a slice or a map), directly or
// through locals stored once: json.Marshal(hotel), string(b).
func (st *state) fromRecordParam(fn *types.Func, decl *ast.FuncDecl, x ast.Expr, depth int) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || found {
			return !found
		}
		v, ok := st.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || v.IsField() {
			return true
		}
		if _, ok := st.paramOf(fn, id); ok {
			switch v.Type().Underlying().(type) {
			case *types.Pointer, *types.Struct, *types.Slice, *types.Map:
				found = !isByteSlice(v.Type())
			}
			return !found
		}
		if depth < 3 {
			if stores, complete := st.ev.Stores(v); complete && len(stores) == 1 && stores[0] != ast.Expr(id) {
				found = st.fromRecordParam(fn, decl, stores[0], depth+1)
			} else if call := tupleStore(st.pass.TypesInfo, decl, v); call != nil {
				found = st.fromRecordParam(fn, decl, call, depth+1)
			}
		}
		return !found
	})
	return found
}

// tupleStore returns the call whose results define v (b, err :=
// json.Marshal(u)), when that is the only assignment to v in decl.
func tupleStore(info *types.Info, decl *ast.FuncDecl, v *types.Var) ast.Expr {
	var out ast.Expr
	n := 0
	ast.Inspect(decl.Body, func(node ast.Node) bool {
		as, ok := node.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for _, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && info.ObjectOf(id) == v {
				n++
				if len(as.Rhs) == 1 && len(as.Lhs) > 1 {
					out = as.Rhs[0]
				}
			}
		}
		return true
	})
	if n != 1 {
		return nil
	}
	return out
}

func isByteSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	return ok && isByte(s.Elem())
}

// listedByOwnInterface reports whether an interface declared in fn's
// package has a method of fn's name.
func (st *state) listedByOwnInterface(fn *types.Func) bool {
	scope := st.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if it, ok := tn.Type().Underlying().(*types.Interface); ok {
			for i := 0; i < it.NumMethods(); i++ {
				if it.Method(i).Name() == fn.Name() {
					return true
				}
			}
		}
	}
	return false
}

// indexReads builds, once the read summaries are final, where each key is
// first read in each function and the calls that read it: one pass over
// the sites instead of one per write (a function with thousands of
// writes).
func (st *state) indexReads() {
	if st.firstRead == nil {
		st.firstRead = map[*types.Func]map[string]token.Pos{}
		st.readCalls = map[*types.Func]map[string][]*ast.CallExpr{}
		for _, o := range st.sites {
			m := st.firstRead[o.fn]
			if m == nil {
				m = map[string]token.Pos{}
				st.firstRead[o.fn] = m
			}
			note := func(id string) {
				if p, ok := m[id]; !ok || o.call.Pos() < p {
					m[id] = o.call.Pos()
				}
			}
			for _, k := range st.readKeys(o) {
				id := st.keyID(k)
				if IsKeyLike(st.pass.TypesInfo.TypeOf(k)) {
					note(id) // a struct is paired by its family only
					if rk, fromRecord := st.recordKey(k); rk != "" && !fromRecord {
						note("record:" + rk)
					}
				}
				if st.readCalls[o.fn] == nil {
					st.readCalls[o.fn] = map[string][]*ast.CallExpr{}
				}
				st.readCalls[o.fn][id] = append(st.readCalls[o.fn][id], o.call)
			}
			for _, fam := range st.readFamiliesAt(o) {
				note("family:" + fam)
			}
		}
	}
}

// keyID identifies a key expression: for a local whose reaching stores
// are known, the expressions stored (one variable reused for two keys is
// two keys); otherwise the variable it names, or its text.
func (st *state) keyID(x ast.Expr) string {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		if v, ok := st.pass.TypesInfo.Uses[id].(*types.Var); ok {
			if exprs, ok := st.reaching(v, id); ok {
				if len(exprs) == 1 && exprs[0] != x && st.keyDepth < 8 {
					st.keyDepth++
					defer func() { st.keyDepth-- }()
					return st.keyID(exprs[0]) // key := "p:"+id; Get(key) is Get("p:"+id)
				}
				var parts []string
				for _, e := range exprs {
					parts = append(parts, types.ExprString(e))
				}
				sort.Strings(parts)
				return "stored:" + strings.Join(slices.Compact(parts), "|")
			}
		}
		if obj := st.pass.TypesInfo.Uses[id]; obj != nil {
			return "obj:" + strconv.Itoa(int(obj.Pos())) + ":" + obj.Name()
		}
	}
	return types.ExprString(x)
}

// keyPrefix returns the literal start of a key: "product:" for
// "product:"+id, fmt.Sprintf("product:%d", id) or a variable holding them.
func (st *state) keyPrefix(x ast.Expr) string {
	x = ast.Unparen(x)
	info := st.pass.TypesInfo
	if tv, ok := info.Types[x]; ok && tv.Value != nil {
		s, _ := strconv.Unquote(tv.Value.ExactString())
		return s
	}
	switch x := x.(type) {
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return st.keyPrefix(x.X)
		}
	case *ast.CallExpr:
		if fn, ok := typeutil.Callee(info, x).(*types.Func); ok && fn.Pkg() != nil &&
			fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf" && len(x.Args) > 0 {
			p := st.keyPrefix(x.Args[0])
			if i := strings.IndexByte(p, '%'); i >= 0 {
				p = p[:i]
			}
			return p
		}
	case *ast.Ident:
		if v, ok := info.Uses[x].(*types.Var); ok {
			if stores, complete := st.ev.Stores(v); complete && len(stores) == 1 {
				return st.keyPrefix(stores[0])
			}
		}
	}
	return ""
}

// keyNames returns the identifiers a key expression is built from
// (lockKey, sessionID, ...), and those of the expression stored in a key
// variable.
func (st *state) keyNames(x ast.Expr) []string {
	var out []string
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			out = append(out, id.Name)
			if v, ok := st.pass.TypesInfo.Uses[id].(*types.Var); ok {
				if stores, complete := st.ev.Stores(v); complete && len(stores) == 1 && stores[0] != x {
					ast.Inspect(stores[0], func(n ast.Node) bool {
						if id, ok := n.(*ast.Ident); ok {
							out = append(out, id.Name)
						}
						return true
					})
				}
			}
		}
		return true
	})
	return out
}

// declNames returns the function's name and its receiver type's name.
func declNames(decl *ast.FuncDecl) []string {
	out := []string{decl.Name.Name}
	if decl.Recv != nil && len(decl.Recv.List) > 0 {
		t := decl.Recv.List[0].Type
		for {
			switch tt := t.(type) {
			case *ast.StarExpr:
				t = tt.X
				continue
			case *ast.IndexExpr:
				t = tt.X
				continue
			case *ast.IndexListExpr:
				t = tt.X
				continue
			case *ast.Ident:
				out = append(out, tt.Name)
			}
			break
		}
	}
	return out
}

// importFact imports a fact about a function of another package, when
// facts are on.
func (st *state) importFact(obj types.Object, f analysis.Fact) bool {
	return st.facts && st.pass.ImportObjectFact(obj, f)
}

func (st *state) exportFacts() {
	if !st.facts {
		return
	}
	// Named closures are functions only inside this package's run.
	// One write summary per function: its effects and the keys it writes.
	summaries := map[*types.Func]*writesFact{}
	summary := func(fn *types.Func) *writesFact {
		if summaries[fn] == nil {
			summaries[fn] = &writesFact{}
		}
		return summaries[fn]
	}
	for fn, es := range st.effects {
		if fn.Pkg() == st.pass.Pkg && !st.isLit(fn) {
			summary(fn).Effects = dedupEffects(es)
		}
	}
	for fn, ks := range st.keyWrites {
		if fn.Pkg() == st.pass.Pkg && !st.isLit(fn) {
			summary(fn).Keys = ks
		}
	}
	for fn, f := range summaries {
		st.pass.ExportObjectFact(fn, f)
	}
	for fn, ps := range st.reads {
		if !st.isLit(fn) {
			f := &readsFact{KeyParams: ps}
			for _, p := range ps {
				f.Families = append(f.Families, st.readFam[fn][p])
			}
			st.pass.ExportObjectFact(fn, f)
		}
	}

	for _, f := range st.pass.Files {
		for _, d := range f.Decls {
			decl, ok := d.(*ast.FuncDecl)
			if !ok || decl.Body == nil {
				continue
			}
			fn, _ := st.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if fn == nil || !returnsNumber(fn) || !mentionsCall(decl.Body) {
				continue
			}
			if st.ev.Result(fn).Jittered {
				st.pass.ExportObjectFact(fn, &jittersFact{})
			}
		}
	}
}

func returnsNumber(fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	if res.Len() == 0 {
		return false
	}
	b, ok := res.At(0).Type().Underlying().(*types.Basic)
	return ok && b.Info()&types.IsNumeric != 0
}

func mentionsCall(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// writes lists, in source order, every place where a constant TTL reaches
// a cache write.
//
// There is one Write per call and client command it reaches: the
// constants a TTL may take, and the paths through wrappers (a wrapper on
// a call cycle, decorators around one cache), are merged into it.
func (st *state) writes() []*Write {
	var out []*Write
	for _, s := range st.sites {
		if s.generated {
			continue
		}
		at := map[string]*Write{}
		for _, w := range st.writesAt(s) {
			v := st.value(w)
			if v.Top() {
				continue
			}
			counter := st.counterKey(s, w)
			for _, c := range v.Consts {
				if c.D <= 0 {
					continue // no expiry, or KeepTTL: not a TTL to jitter
				}
				wr := st.newWrite(s, w, c)
				wr.Counter, wr.InTest = counter, st.inTest(s)
				wr.Record = st.rewritesRead(s, w.key)
				wr.Created = st.createdValue(s, w)
				wr.More = v.More + w.eff.More
				k := wr.Command + "@" + wr.At
				if prev := at[k]; prev != nil {
					prev.merge(wr)
					continue
				}
				at[k] = wr
				out = append(out, wr)
			}
		}
	}
	return out
}

// merge folds another path to the same client command into w: its
// constant becomes a candidate, its context widens w's, and the shorter
// chain of wrappers names the write.
func (w *Write) merge(o *Write) {
	if (Effect{Chain: o.Chain}).shorter(Effect{Chain: w.Chain}) {
		w.Chain = o.Chain
	}
	w.CacheAside = w.CacheAside || o.CacheAside
	w.Bulk = w.Bulk || o.Bulk
	w.Conditional = w.Conditional && o.Conditional
	w.Counter = w.Counter && o.Counter
	w.More = max(w.More, o.More)
	for _, n := range o.Names {
		if !slices.Contains(w.Names, n) {
			w.Names = append(w.Names, n)
		}
	}
	same := func(c ttl.Const) bool { return c.D == o.TTL.D && c.Text == o.TTL.Text }
	if same(w.TTL) || slices.ContainsFunc(w.Alts, same) {
		return
	}
	if len(w.Alts)+1 >= ttl.MaxConsts {
		w.More++
		return
	}
	w.Alts = append(w.Alts, o.TTL)
	w.TTLExpr = nil // several values: no single constant to rewrite
}

func (st *state) newWrite(s *site, w write, c ttl.Const) *Write {
	wr := &Write{
		Call: s.call, TTL: c, Func: s.decl,
		Command: w.eff.Command, Chain: w.eff.Chain, At: w.eff.At,
		Conditional: w.eff.Conditional, Expire: w.eff.Expire,
		Bulk:       w.eff.Bulk || (s.inLoop && !st.oneKey(w)),
		CacheAside: w.eff.CacheAside || st.cacheAside(s, w.key, w.family) || st.siblingRead(s, w),
		Names:      append(append([]string(nil), w.eff.Names...), declNames(s.decl)...),
	}
	if w.inner != nil {
		wr.Inner, wr.InnerLocal = true, w.local
		wr.ConstAt = w.inner.ConstAt
	} else {
		wr.ConstAt = st.pos(c.Pos)
		if w.form == redisapi.SecondsArg || w.form == redisapi.MillisArg {
			wr.TTLArg = w.ttlExpr // a count: reported there, but no fix
		}
		arg := w.ttlExpr
		if w.form == redisapi.ItemStruct {
			if lit := redisapi.CompositeLit(arg); lit != nil {
				arg = redisapi.FieldValue(lit, "TTL") // nil when unset
			}
		}
		if arg != nil && (w.form == redisapi.DurationArg || w.form == redisapi.ItemStruct) {
			wr.TTLArg = arg
			if tv, ok := st.pass.TypesInfo.Types[arg]; ok && tv.Value != nil {
				wr.TTLExpr = arg
			}
		}
	}
	if w.key != nil {
		wr.KeyPrefix = st.keyPrefix(w.key)
		wr.Names = append(wr.Names, st.keyNames(w.key)...)
	} else {
		wr.KeyPrefix = w.eff.KeyPrefix
	}
	return wr
}

func (st *state) pos(p token.Pos) string {
	if !p.IsValid() {
		return ""
	}
	pp := st.pass.Fset.Position(p)
	return filepath.Base(pp.Filename) + ":" + strconv.Itoa(pp.Line)
}

// reaching returns the expressions stored to the local v whose values
// reach the use at id, from the SSA form; ok is false when a value that
// reaches it comes from no store of the function's own syntax (a
// parameter, a closure's captured variable, x op= e), and then the
// callers count every store, as on variables.
func (st *state) reaching(v *types.Var, id *ast.Ident) ([]ast.Expr, bool) {
	if st.flow == nil || v.IsField() || v.Parent() == nil || v.Parent() == st.pass.Pkg.Scope() {
		return nil, false
	}
	u := st.flow.value(id)
	if u == nil {
		return nil, false
	}
	srcs, ok := sources(u)
	if !ok {
		return nil, false
	}
	vals, ok := st.storeVals[v]
	if !ok {
		vals = map[ssa.Value]ttl.StoreSite{}
		for _, s := range st.ev.StoreSites(v) {
			if sv := st.flow.value(s.LHS); sv != nil {
				vals[sv] = s
			}
		}
		if st.storeVals == nil {
			st.storeVals = map[*types.Var]map[ssa.Value]ttl.StoreSite{}
		}
		st.storeVals[v] = vals
	}
	var out []ast.Expr
	for _, src := range srcs {
		s, ok := vals[src]
		if !ok || s.Op {
			return nil, false
		}
		if !slices.Contains(out, s.Expr) {
			out = append(out, s.Expr)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() }) // source order, for messages
	return out, len(out) > 0
}

// anyCacheCall reports whether some call of the package is a client
// command, or a call of a function another package summarized as a
// cache read or write, or of a cache interface taken at its word: only
// then is the package's SSA worth building.
func (st *state) anyCacheCall() bool {
	for _, s := range st.sites {
		if s.cmd != nil {
			return true
		}
		if s.callee == nil || s.callee.Pkg() == st.pass.Pkg {
			continue
		}
		if len(st.readParams(s.callee, s.fn)) > 0 || len(st.keyWritesOf(s.callee, s.fn)) > 0 {
			return true
		}
		if es, _ := st.effectsOf(s.callee, s.fn); len(es) > 0 {
			return true
		}
	}
	return false
}

// oneKey reports whether a write's key is one constant: a constant
// expression at the call, or chosen inside the callee as one.
func (st *state) oneKey(w write) bool {
	if w.key != nil {
		tv, ok := st.pass.TypesInfo.Types[w.key]
		return ok && tv.Value != nil
	}
	return w.eff.KeyConst
}

// isByte reports whether t is byte: a []byte argument is one value.
func isByte(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}
