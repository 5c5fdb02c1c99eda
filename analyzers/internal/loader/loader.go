// Package loader finds cache-aside loaders — a cache read, a miss, a
// source query, and a write of the result back under the same key — and
// answers path questions about them on the control-flow graph: can a
// Redis error other than redis.Nil reach the source call, and can a
// not-found answer from the source reach a return without a sentinel
// write. The analyzers nullcache and cachemiss are policies over it.
package loader

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/internal/datalayer"
	"github.com/cacheguard/cacheguard/analyzers/internal/redisapi"
	"github.com/cacheguard/cacheguard/analyzers/internal/safe"
)

// Analyzer finds the loaders of a package, on the model with facts.
var Analyzer = New(cachemodel.Analyzer)

// Local finds the loaders on the model without facts (cachemodel.Local).
var Local = New(cachemodel.Local)

// New returns a loader analyzer over the given model analyzer.
func New(model *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "cacheloader",
		Doc:  "find cache-aside loaders (used by the cacheguard analyzers)",
		URL:  "https://github.com/cacheguard/cacheguard",
		Run: safe.Model("cacheloader", func(pass *analysis.Pass) (any, error) { return run(pass, model) },
			func(err error) any { return &Result{Model: &cachemodel.Result{Err: err}, Err: err} }),
		Requires:         []*analysis.Analyzer{model},
		ResultType:       reflect.TypeOf((*Result)(nil)),
		RunDespiteErrors: true, // as the model: functions that do not type-check are skipped
	}
}

// Result lists the loaders of a package, in source order.
type Result struct {
	Loaders []*Loader
	// Fallbacks are reads answered from the source when the cache has no
	// answer, with no write back (the cache is filled elsewhere): they
	// have a Source and no Writes.
	Fallbacks []*Loader
	Model     *cachemodel.Result
	// Err is set when the model or the loader finder failed on this
	// package (a bug in cacheguard): the policies report it.
	Err error
	// Truncated are the functions whose reads were not all examined: the
	// work per function is bounded (MaxWork).
	Truncated []*ast.FuncDecl

	info   *types.Info
	mu     sync.Mutex // guards graphs
	graphs map[*ast.BlockStmt]*Graph
	finder *finder
}

// Loader is a cache-aside loader: Read, then on a miss Source, then a
// write of the same key.
type Loader struct {
	Decl *ast.FuncDecl
	Read *cachemodel.KeyOp
	// ReadBody is the body of the innermost function holding the read
	// (the declaration, or a closure in it).
	ReadBody *ast.BlockStmt
	// Err is the variable holding the read's error; nil when the error is
	// discarded (.Val(), assigned to _) — see ErrDiscarded.
	Err          *types.Var
	ErrDiscarded bool
	// Pipelined: the read is queued on a pipeline, and Err is the error
	// of the pipeline's Exec.
	Pipelined bool
	// ErrAt is where the read's error is stored in Err (the identifier on
	// the left of the read's assignment).
	ErrAt *ast.Ident
	// Value is the variable holding the value read, when there is one.
	Value *types.Var
	// Source is the first call on the miss path that queries the source
	// of truth (a repository, SQL, an RPC).
	Source *ast.CallExpr
	// SourceBody is the body of the innermost function holding Source.
	SourceBody *ast.BlockStmt
	// SourceErr and SourceValue hold Source's error and first result.
	SourceErr, SourceValue *types.Var
	// Writes are the writes of the read key after the read; for a batch
	// loader, the writes in loops after the read.
	Writes []*cachemodel.KeyOp
	// Batch: the read is an MGET of many keys, and the misses are loaded
	// together and written back in a loop.
	Batch bool
	// Fallback: nothing is written back; the source answers in the
	// cache's place (see Result.Fallbacks).
	Fallback bool
}

func run(pass *analysis.Pass, modelAnalyzer *analysis.Analyzer) (any, error) {
	model := pass.ResultOf[modelAnalyzer].(*cachemodel.Result)
	res := &Result{Model: model, Err: model.Err, info: pass.TypesInfo, graphs: map[*ast.BlockStmt]*Graph{}}
	if !model.ReachesRedis() {
		return res, nil
	}
	f := &finder{pass: pass, model: model, res: res}
	res.finder = f
	budget := map[*ast.FuncDecl]int{} // reads left to examine, per function
	for _, op := range model.Ops() {
		if !op.Read || model.Silent(op.Call.Pos()) {
			continue // tests read and write keys to check them, not to cache; generated code is not the user's
		}
		left, ok := budget[op.Func]
		if !ok {
			left = max(1, MaxWork/max(1, nodes(op.Func)))
		}
		if left == 0 {
			res.Truncated = appendOnce(res.Truncated, op.Func)
			continue
		}
		budget[op.Func] = left - 1
		if l := f.loader(op); l != nil {
			res.Loaders = append(res.Loaders, l)
		} else if fb := f.fallback(op); fb != nil {
			res.Fallbacks = append(res.Fallbacks, fb)
		}
	}
	return res, nil
}

type finder struct {
	pass  *analysis.Pass
	model *cachemodel.Result
	res   *Result // for its graphs
}

func (f *finder) loader(read *cachemodel.KeyOp) *Loader {
	l := &Loader{Decl: read.Func, Read: read}
	l.Batch = read.Cmd != nil && read.Cmd.Batch
	for _, op := range f.model.Ops() {
		if op.Read || op.Func != read.Func || op.Call.Pos() <= read.Call.Pos() {
			continue
		}
		if (l.Batch && op.InLoop) || (!l.Batch && f.sameEntry(op, read)) {
			l.Writes = append(l.Writes, op)
		}
	}
	if len(l.Writes) == 0 {
		return nil
	}
	l.ReadBody = innermostBody(read.Func, read.Call.Pos())
	f.readVars(l)
	f.source(l)
	if l.Source == nil {
		return nil
	}
	return l
}

// fallback finds a read answered from the source when the cache has no
// answer, without writing it back: a value read (or a membership
// question), the error of which is held or dropped, then a source call
// whose result fills the value read or is returned.
func (f *finder) fallback(read *cachemodel.KeyOp) *Loader {
	if c := read.Cmd; c != nil && !c.ReadsValue() && !redisapi.AsksMembership(c.Command) && !redisapi.ReportsMissing(c.Name) && !redisapi.RangeRead(c.Command) {
		return nil
	}
	l := &Loader{Decl: read.Func, Read: read, Fallback: true}
	l.ReadBody = innermostBody(read.Func, read.Call.Pos())
	f.readVars(l)
	if l.Err == nil && !l.ErrDiscarded {
		return nil
	}
	info := f.pass.TypesInfo
	feeds := map[*types.Var]bool{}
	if l.Value != nil {
		feeds[l.Value] = true
	}
	ast.Inspect(l.ReadBody, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if n.Pos() < read.Call.End() {
				return false
			}
			for _, r := range n.Results {
				addValueVars(info, r, feeds)
			}
		}
		return true
	})
	// What flows into those: products = append(products, loaded...).
	for round := 0; round < 4; round++ {
		before := len(feeds)
		ast.Inspect(l.ReadBody, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || as.Pos() < read.Call.End() || len(as.Lhs) != len(as.Rhs) || !assignsAny(info, as, feeds) {
				return true
			}
			for _, r := range as.Rhs {
				if f.sourceIn(r) != nil {
					continue // a call's arguments are not its result
				}
				addValueVars(info, r, feeds)
			}
			return true
		})
		if len(feeds) == before {
			break
		}
	}
	ast.Inspect(l.ReadBody, func(n ast.Node) bool {
		if l.Source != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Pos() <= read.Call.End() || len(n.Rhs) != 1 {
				return true
			}
			if call := f.sourceIn(n.Rhs[0]); call != nil && assignsAny(info, n, feeds) && !decodes(info, call, l.Value) && f.queriesData(call, l.Decl) {
				l.Source = call
				f.resultVars(l, n)
			}
		case *ast.ReturnStmt:
			if n.Pos() <= read.Call.End() {
				return true
			}
			for _, r := range n.Results {
				if call := f.sourceIn(r); call != nil && !decodes(info, call, l.Value) && f.queriesData(call, l.Decl) {
					l.Source = call
					return false
				}
			}
		}
		return true
	})
	if l.Source == nil {
		return nil
	}
	l.SourceBody = l.ReadBody
	return l
}

// addValueVars adds to vars the local variables x mentions, but errors.
func addValueVars(info *types.Info, x ast.Node, vars map[*types.Var]bool) {
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() && !IsError(v.Type()) {
				vars[v] = true
			}
		}
		return true
	})
}

// queriesData reports whether call queries a database: a call into a
// data-layer package (database/sql, gorm, sqlx, pgx, mongo, ent), or a
// function known to report its not-found. Without a write back, nothing
// else tells a fallback's source from an error or response constructor.
func (f *finder) queriesData(call *ast.CallExpr, from *ast.FuncDecl) bool {
	fn, ok := typeutil.Callee(f.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	if datalayer.IsPath(fn.Pkg().Path()) || f.model.NotFoundOf(call, from) != "" {
		return true
	}
	// A function of this package that loads from a data-layer package
	// (GetMissingProduct calls model.SelectProductList).
	decl := f.model.Decl(fn.Origin())
	if fn.Pkg() != f.pass.Pkg || decl == nil || decl.Body == nil {
		return false
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || found {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok {
			if g, ok := typeutil.Callee(f.pass.TypesInfo, c).(*types.Func); ok && g.Pkg() != nil && g.Pkg() != f.pass.Pkg &&
				(datalayer.IsPath(g.Pkg().Path()) || f.model.UsesDataLayer(g.Pkg())) && f.sourceIn(c) != nil {
				found = true
			}
		}
		return !found
	})
	return found
}

// sameEntry reports whether a write is of the entry read. A struct handed
// to both (an *http.Request, a request's meta) is the same variable but
// no key: the wrappers may key on different fields of it, so their key
// families must agree.
func (f *finder) sameEntry(write, read *cachemodel.KeyOp) bool {
	if !f.model.SameEntry(write, read) {
		return false
	}
	if cachemodel.IsKeyLike(f.pass.TypesInfo.TypeOf(read.Key)) || read.Cmd != nil {
		return true
	}
	return read.Family != "" && read.Family == write.Family
}

// Callback is the source call of a loader callback that a cache library
// runs on a miss (go-redis/cache's Item.Do, rockscache's fetch function),
// with the variables holding its error and value.
type Callback struct {
	Body                   *ast.BlockStmt
	Source                 *ast.CallExpr
	SourceErr, SourceValue *types.Var
}

// CallbackSource finds the first source call in a callback's body whose
// error is held in a variable, or returns nil.
func (r *Result) CallbackSource(lit *ast.FuncLit) *Callback {
	if r.finder == nil {
		return nil
	}
	var cb *Callback
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if cb != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok && n != lit {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 {
			return true
		}
		call := r.finder.sourceIn(as.Rhs[0])
		if call == nil {
			return true
		}
		l := &Loader{}
		r.finder.resultVars(l, as)
		if l.SourceErr == nil {
			return true
		}
		cb = &Callback{Body: lit.Body, Source: call, SourceErr: l.SourceErr, SourceValue: l.SourceValue}
		return false
	})
	return cb
}

// ReadOf describes a read that is not (or not only) part of a loader:
// its body and the variable holding its error, for the checks of read
// wrappers. It returns nil when the finder is not available.
func (r *Result) ReadOf(read *cachemodel.KeyOp) *Loader {
	if r.finder == nil {
		return nil
	}
	l := &Loader{Decl: read.Func, Read: read}
	l.ReadBody = innermostBody(read.Func, read.Call.Pos())
	r.finder.readVars(l)
	return l
}

// innermostBody returns the body of the innermost function of decl that
// contains pos.
func innermostBody(decl *ast.FuncDecl, pos token.Pos) *ast.BlockStmt {
	body := decl.Body
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			if lit.Pos() <= pos && pos < lit.End() {
				body = lit.Body
				return true
			}
			return false
		}
		return true
	})
	return body
}

// readVars finds the variables that receive the read's error and value:
// v, err := rdb.Get(ctx, k).Result(); err := rdb.Get(ctx, k).Scan(&v);
// err := c.cache.Get(ctx, k, &v); v := rdb.Get(ctx, k).Val().
func (f *finder) readVars(l *Loader) {
	info := f.pass.TypesInfo
	call := l.Read.Call
	// The outermost call of a chain rdb.Get(ctx, k).Bytes().
	outer := ast.Expr(call)
	var path []ast.Node
	ast.Inspect(l.ReadBody, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if n.Pos() <= call.Pos() && call.End() <= n.End() {
			path = append(path, n)
			return true
		}
		return false
	})
	var stmt ast.Node
	for i := len(path) - 1; i >= 0; i-- {
		switch n := path[i].(type) {
		case *ast.SelectorExpr:
			if n.X == outer && i > 0 {
				if c, ok := path[i-1].(*ast.CallExpr); ok && c.Fun == n {
					outer = c
				}
			}
		case *ast.CallExpr:
			fn, _ := typeutil.Callee(info, n).(*types.Func)
			switch {
			case len(n.Args) == 1 && ast.Unparen(n.Args[0]) == outer && redisapi.IsReplyHelper(fn):
				// redigo: redis.String(conn.Do("GET", key)).
				outer = n
			case fn != nil && fn.Pkg() != nil && redisapi.IsRueidis(fn.Pkg().Path()) && containsExpr(n.Args, outer):
				// rueidis: c.Do(ctx, c.B().Get().Key(k).Build()).ToString().
				outer = n
			case fn != nil && fn.Name() == "Build" && len(n.Args) == 0:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.X == outer {
					outer = n
				}
			}
		case *ast.AssignStmt, *ast.ValueSpec, *ast.ExprStmt, *ast.ReturnStmt, *ast.IfStmt:
			if stmt == nil {
				stmt = n
			}
		}
	}
	if sel, ok := ast.Unparen(outer).(*ast.CallExpr); ok {
		if s, ok := sel.Fun.(*ast.SelectorExpr); ok && redisapi.DiscardsError(s.Sel.Name) {
			l.ErrDiscarded = true
		}
		if s, ok := sel.Fun.(*ast.SelectorExpr); ok && redisapi.ScansInto(s.Sel.Name) && len(sel.Args) == 1 {
			l.Value = rootVar(info, sel.Args[0])
		}
	}
	if l.Read.Cmd == nil && l.Read.Callee != nil {
		// A wrapper that decodes into a destination: c.Get(ctx, key, &v).
		for _, a := range call.Args {
			if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
				l.Value = rootVar(info, u.X)
			}
		}
	}
	as, ok := stmt.(*ast.AssignStmt)
	if ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == outer {
		// cmd := rdb.Get(ctx, key), its reply taken later: the statement
		// that takes it holds the read's error and value.
		cmd, id := keptCmd(info, as)
		client := cmd != nil && clientCmd(cmd.Type())
		if later, x := cmdReply(info, l.ReadBody, cmd, as.End()); later != nil {
			as, outer = later, x
		} else if exec, x := pipeExec(info, l.ReadBody, call); exec != nil {
			// cmd := pipe.Exists(ctx, key), queued: its error comes
			// back from the pipeline's Exec, its answer from cmd.Val().
			// When Exec's error is dropped, the command may still be
			// asked for its own (if exist.Err() != nil).
			l.Value = cmd
			if client && errDropped(exec) {
				if errInPlace, escapes := cmdUses(info, l.ReadBody, cmd, id); errInPlace && !escapes {
					l.Err, l.ErrAt, l.Pipelined = cmd, id, true
					return
				}
			}
			as, outer = exec, x
			l.Pipelined = true
		} else if client {
			// No statement takes the reply: the command is asked for
			// its error in place (if cmd.Err() != nil), which stands
			// for the read's error, or never, and then the error is
			// dropped (only cmd.Val() is used). A command handed
			// anywhere else (check(cmd), a closure, another store) may
			// be checked there: its error is not followed.
			l.Value = cmd
			switch errInPlace, escapes := cmdUses(info, l.ReadBody, cmd, id); {
			case escapes:
			case errInPlace:
				l.Err, l.ErrAt = cmd, id
			default:
				l.ErrDiscarded = true
			}
			return
		}
	}
	if _, isExpr := stmt.(*ast.ExprStmt); isExpr && ast.Unparen(stmt.(*ast.ExprStmt).X) == ast.Expr(call) {
		// pipe.Get(ctx, key) queued on a pipeline: its error comes back
		// from the pipeline's Exec.
		if exec, x := pipeExec(info, l.ReadBody, call); exec != nil {
			as, ok, outer = exec, true, x
			l.Pipelined = true
		}
	}
	if !ok || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != outer {
		if _, isExpr := stmt.(*ast.ExprStmt); isExpr {
			l.ErrDiscarded = true // the result is dropped entirely
		}
		return
	}
	tuple, _ := info.TypeOf(outer).(*types.Tuple)
	for i, lhs := range as.Lhs {
		var t types.Type
		if tuple != nil && i < tuple.Len() {
			t = tuple.At(i).Type()
		} else if tuple == nil && i == 0 {
			t = info.TypeOf(outer)
		}
		id, _ := lhs.(*ast.Ident)
		if t != nil && IsError(t) {
			if id == nil || id.Name == "_" {
				l.ErrDiscarded = true
			} else {
				l.Err, l.ErrAt = identVar(info, id), id
			}
			continue
		}
		if i == 0 && id != nil && id.Name != "_" && l.Value == nil {
			l.Value = identVar(info, id)
		}
	}
}

// cmdReply finds, when a read's command is kept in cmd (cmd :=
// rdb.Get(ctx, key), a statement ending at after), the first later
// assignment that takes its reply: v, err := cmd.Result(), err :=
// cmd.Err(), or an immediately called function literal that does (err =
// func() error { if e := cmd.Err(); e != nil { return e }; ... }()). It
// returns the assignment and its right-hand side.
func cmdReply(info *types.Info, body *ast.BlockStmt, cmd *types.Var, after token.Pos) (*ast.AssignStmt, ast.Expr) {
	if cmd == nil {
		return nil, nil
	}
	// replies reports whether x calls a method of cmd that returns an error.
	replies := func(x ast.Node) bool {
		found := false
		ast.Inspect(x, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && refersTo(info, sel.X, cmd) {
				if sig, ok := info.TypeOf(call.Fun).(*types.Signature); ok && sig.Results().Len() > 0 &&
					IsError(sig.Results().At(sig.Results().Len()-1).Type()) {
					found = true
				}
			}
			return !found
		})
		return found
	}
	return laterCall(body, after, func(call *ast.CallExpr) bool {
		switch fun := ast.Unparen(call.Fun).(type) {
		case *ast.SelectorExpr:
			return replies(call)
		case *ast.FuncLit:
			return len(call.Args) == 0 && replies(fun.Body)
		}
		return false
	})
}

// keptCmd returns the variable a read's command is kept in (cmd :=
// rdb.Exists(ctx, key)), and its identifier, or nil.
func keptCmd(info *types.Info, as *ast.AssignStmt) (*types.Var, *ast.Ident) {
	id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident)
	if !ok {
		return nil, nil
	}
	cmd := identVar(info, id)
	if cmd == nil || IsError(cmd.Type()) || !HasErrMethod(cmd.Type()) {
		return nil, nil
	}
	return cmd, id
}

// errDropped reports whether an assignment drops the error its call
// returns last (cmds, _ := pipe.Exec(ctx)).
func errDropped(as *ast.AssignStmt) bool {
	id, ok := ast.Unparen(as.Lhs[len(as.Lhs)-1]).(*ast.Ident)
	return ok && id.Name == "_"
}

// clientCmd reports whether t is a Redis client's command
// (*redis.IntCmd), not any type with an Err method (a mongo result, sql
// rows, a context).
func clientCmd(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && redisapi.IsClientPath(n.Obj().Pkg().Path()) && HasErrMethod(t)
}

// cmdUses tells how body uses a command kept in cmd (defined at def):
// whether it calls cmd.Err() in place, and whether the command escapes
// (handed to a call, used in a closure, stored or reassigned), when its
// error may be checked where this code cannot see. Calling its methods
// in place (cmd.Val(), cmd.Err()) is no escape.
func cmdUses(info *types.Info, body *ast.BlockStmt, cmd *types.Var, def *ast.Ident) (errInPlace, escapes bool) {
	called := map[*ast.Ident]bool{} // the receivers of cmd.M() calls in place
	logged := map[*ast.Ident]bool{} // cmd printed (log.Println(cmd)): no check
	var walk func(n ast.Node, inLit bool)
	walk = func(n ast.Node, inLit bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				walk(n.Body, true)
				return false
			case *ast.CallExpr:
				if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && fn.Pkg() != nil && printer[fn.Pkg().Path()] {
					for _, a := range n.Args {
						if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == cmd {
							logged[id] = true
						}
					}
				}
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.Uses[id] == cmd && !inLit {
						called[id] = true
						if sel.Sel.Name == "Err" && len(n.Args) == 0 {
							errInPlace = true
						}
					}
				}
			case *ast.Ident:
				if n != def && info.Uses[n] == cmd && !called[n] && !logged[n] {
					escapes = true
				}
			}
			return !escapes
		})
	}
	walk(body, false)
	return errInPlace, escapes
}

// printer are the packages whose functions only print what they are
// given: a command logged there is not checked.
var printer = map[string]bool{"fmt": true, "log": true, "log/slog": true}

// cmdErr reports whether x is cmd.Err(), for a client's command kept in a
// variable.
func cmdErr(info *types.Info, x ast.Expr, cmd *types.Var) bool {
	if !clientCmd(cmd.Type()) {
		return false
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Err" {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	return ok && info.Uses[id] == cmd
}

// laterCall finds the first assignment after pos in body whose one
// right-hand side is a call that match accepts, and returns it with the
// call.
func laterCall(body *ast.BlockStmt, pos token.Pos, match func(*ast.CallExpr) bool) (*ast.AssignStmt, ast.Expr) {
	var later *ast.AssignStmt
	var x ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		if later != nil {
			return false
		}
		next, ok := n.(*ast.AssignStmt)
		if !ok || next.Pos() < pos || len(next.Rhs) != 1 {
			return true
		}
		if call, ok := ast.Unparen(next.Rhs[0]).(*ast.CallExpr); ok && match(call) {
			later, x = next, call
		}
		return later == nil
	})
	return later, x
}

// pipeExec finds, for a command queued on a pipeline (pipe.Get(ctx, key)
// as a statement), the first later assignment of the pipeline's Exec
// (cmds, err := pipe.Exec(ctx)), whose error is the command's too. It
// returns the assignment and its right-hand side.
func pipeExec(info *types.Info, body *ast.BlockStmt, call *ast.CallExpr) (*ast.AssignStmt, ast.Expr) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	pipe := rootVar(info, sel.X)
	if pipe == nil || !isPipeline(pipe.Type()) {
		return nil, nil
	}
	return laterCall(body, call.End(), func(c *ast.CallExpr) bool {
		s, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		return ok && s.Sel.Name == "Exec" && refersTo(info, s.X, pipe)
	})
}

// isPipeline reports whether t has a method Exec(ctx) (cmds, error): a
// client's pipeline or transaction, whose commands report their errors
// when it runs.
func isPipeline(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Exec")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	res := fn.Signature().Results()
	return res.Len() == 2 && IsError(res.At(1).Type())
}

// HasErrMethod reports whether t has a method Err() error: a client's
// command (*redis.StringCmd).
func HasErrMethod(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Err")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Signature()
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && IsError(sig.Results().At(0).Type())
}

// isDurationOnly reports whether a function returns a time.Duration and
// nothing else: a TTL helper.
func isDurationOnly(res *types.Tuple) bool {
	return res.Len() == 1 && res.At(0).Type().String() == "time.Duration"
}

// isContextOnly reports whether a function returns only a context:
// c.Request.Context() answers nothing a cache would hold.
func isContextOnly(res *types.Tuple) bool {
	return res.Len() == 1 && res.At(0).Type().String() == "context.Context"
}

// isBasicOnly reports whether a function returns one basic value and no
// error: gitClient.Root(), len-like helpers. A source that can fail returns
// an error with its value.
func isBasicOnly(res *types.Tuple) bool {
	if res.Len() != 1 {
		return false
	}
	_, ok := res.At(0).Type().Underlying().(*types.Basic)
	return ok
}

func containsExpr(xs []ast.Expr, x ast.Expr) bool {
	for _, y := range xs {
		if ast.Unparen(y) == x {
			return true
		}
	}
	return false
}

func identVar(info *types.Info, id *ast.Ident) *types.Var {
	if v, ok := info.Defs[id].(*types.Var); ok {
		return v
	}
	v, _ := info.Uses[id].(*types.Var)
	return v
}

// rootVar returns the variable an address or a field path starts from:
// &p.ID and p.Addr.City are p.
func rootVar(info *types.Info, x ast.Expr) *types.Var {
	for {
		switch y := ast.Unparen(x).(type) {
		case *ast.UnaryExpr:
			x = y.X
		case *ast.SelectorExpr:
			if s, ok := info.Selections[y]; !ok || s.Kind() != types.FieldVal {
				return nil
			}
			x = y.X
		case *ast.Ident:
			return identVar(info, y)
		default:
			return nil
		}
	}
}

// IsError reports whether t is the predeclared error type.
func IsError(t types.Type) bool { return cachemodel.IsError(t) }

// source finds the call whose result the loader caches: the first call
// after the read that queries the source of truth and whose results flow,
// through assignments, into a write of the key. It also finds the
// variables that receive the source's error and first result.
func (f *finder) source(l *Loader) {
	info := f.pass.TypesInfo
	feeds := f.feeding(l)
	last := l.Writes[len(l.Writes)-1].Call.Pos()
	var found *ast.CallExpr
	var assign *ast.AssignStmt
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Pos() <= l.Read.Call.End() || n.Pos() >= last || len(n.Rhs) != 1 {
				return true
			}
			call := f.sourceIn(n.Rhs[0])
			if call == nil || !assignsAny(info, n, feeds) || decodes(info, call, l.Value) || !f.reachesWrite(l, n) {
				return true
			}
			found, assign = call, n
			return false
		case *ast.CallExpr:
			// A source whose result goes straight into a write:
			// c.Set(ctx, key, repo.Load(ctx, id), ttl). Not the key or
			// the TTL argument: helpers that compute them are not sources.
			for _, w := range l.Writes {
				if w.Call != n {
					continue
				}
				for _, a := range n.Args {
					if a == w.Key || a == w.TTL || (w.Value != nil && a != w.Value) {
						continue
					}
					if call := f.sourceIn(a); call != nil && a.Pos() > l.Read.Call.End() {
						found = call
						return false
					}
				}
			}
		}
		return true
	})
	if found == nil {
		found, assign = f.refillHelper(l)
	}
	if found == nil {
		return
	}
	l.Source = found
	l.SourceBody = innermostBody(l.Decl, found.Pos())
	if assign == nil {
		return
	}
	f.resultVars(l, assign)
}

// reachesWrite reports whether some path leads from the statement n to a
// write of the loader: a query made only on the hit path (a field the
// cached copy lacks, then return) is not the source of the refill. Where
// the graph cannot tell (the write is in another function body, the
// graph is too big), it says yes.
func (f *finder) reachesWrite(l *Loader, n ast.Stmt) bool {
	if f.res == nil {
		return true
	}
	body := innermostBody(l.Decl, n.Pos())
	g := f.res.Graph(body)
	if !g.Contains(n) {
		return true
	}
	for _, w := range l.Writes {
		if innermostBody(l.Decl, w.Call.Pos()) != body || !g.Contains(w.Call) {
			return true
		}
	}
	if len(g.g.Blocks) > MaxBlocks {
		return true
	}
	unknown := Atom(func(ast.Expr) (Tri, bool) { return Unknown, false })
	_, ok := g.Search(n, unknown, false, false, func(x ast.Node) Action {
		for _, w := range l.Writes {
			if x != nil && x.Pos() <= w.Call.Pos() && w.Call.End() <= x.End() {
				return Found
			}
		}
		return Continue
	})
	return ok
}

// decodes reports whether call is handed the value the read returned:
// a decoder of the cached bytes (util.Deserialize(cached, &v)), not the
// source of truth.
func decodes(info *types.Info, call *ast.CallExpr, value *types.Var) bool {
	if value == nil {
		return false
	}
	for _, a := range call.Args {
		if refersTo(info, a, value) {
			return true
		}
	}
	return false
}

// refillHelper finds, when no source call feeds the write, a write that
// is itself a refill: a call of a function of this package that queries
// the source and writes the key (return fetchAndCache(ctx, id) on the
// miss path). The call is the loader's source; assign is its
// assignment, when its results are kept.
func (f *finder) refillHelper(l *Loader) (*ast.CallExpr, *ast.AssignStmt) {
	for _, w := range l.Writes {
		if w.Cmd != nil || w.Callee == nil || w.Callee.Pkg() != f.pass.Pkg || !keysLike(f.pass.TypesInfo.TypeOf(w.Key)) || !f.queries(w.Callee) {
			continue // an *http.Request handed to two helpers is no key they share
		}
		var assign *ast.AssignStmt
		ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == w.Call {
				assign = as
			}
			return assign == nil
		})
		return w.Call, assign
	}
	return nil, nil
}

// keysLike reports whether t is a key (a string, an id), or a slice of
// them: the ids a batch refill helper loads and writes back.
func keysLike(t types.Type) bool {
	if s, ok := t.(*types.Slice); ok {
		t = s.Elem()
	}
	return cachemodel.IsKeyLike(t)
}

// queries reports whether a function of this package calls the source
// of truth in its own body.
func (f *finder) queries(fn *types.Func) bool {
	decl := f.model.Decl(fn.Origin())
	if decl == nil {
		return false
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok && f.sourceIn(c) != nil {
			found = true
		}
		return !found
	})
	return found
}

// resultVars sets the loader's SourceErr and SourceValue from the
// assignment of the source's results.
func (f *finder) resultVars(l *Loader, assign *ast.AssignStmt) {
	info := f.pass.TypesInfo
	rhs := assign.Rhs[0]
	t := info.TypeOf(rhs)
	tuple, _ := t.(*types.Tuple)
	for i, lhs := range assign.Lhs {
		lt := t
		if tuple != nil {
			if i >= tuple.Len() {
				break
			}
			lt = tuple.At(i).Type()
		}
		id, ok := lhs.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		if IsError(lt) || (ErrorChain(lt) && l.SourceErr == nil) {
			// res := db.First(&u): the chain holds the error, as res.Error.
			l.SourceErr = identVar(info, id)
		} else if i == 0 {
			l.SourceValue = identVar(info, id)
		}
	}
}

// sourceIn returns the source call at the head of x: x itself, or the
// innermost source call of a chain (db.QueryRowContext(...).Scan(&p)).
func (f *finder) sourceIn(x ast.Expr) *ast.CallExpr {
	if sel, ok := ast.Unparen(x).(*ast.SelectorExpr); ok {
		// A query chain's error field: db.Where(...).Take(&row).Error.
		if s, ok := f.pass.TypesInfo.Selections[sel]; ok && s.Kind() == types.FieldVal {
			return f.sourceIn(sel.X)
		}
		return nil
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if inner := f.sourceIn(sel.X); inner != nil {
			return inner
		}
	}
	if f.isSource(call) {
		return call
	}
	return nil
}

// feeding returns the variables whose values flow into a write of the
// loader's key: those its arguments mention, and, transitively, those
// mentioned where they are assigned (data, _ := json.Marshal(p) adds p).
func (f *finder) feeding(l *Loader) map[*types.Var]bool {
	info := f.pass.TypesInfo
	feeds := map[*types.Var]bool{}
	add := func(x ast.Node) {
		ast.Inspect(x, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() {
					feeds[v] = true
				}
			}
			return true
		})
	}
	// The value written, not the key or the TTL: a key or TTL helper
	// called after the read is not the source.
	for _, w := range l.Writes {
		if w.Member {
			// The member asked about is added when the source says
			// yes: the conditions around the write carry the answer.
			ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
				if n == nil || n.Pos() > w.Call.Pos() || n.End() < w.Call.End() {
					return false
				}
				if ifs, ok := n.(*ast.IfStmt); ok && ifs.Body.Pos() <= w.Call.Pos() && w.Call.End() <= ifs.Body.End() {
					add(ifs.Cond)
				}
				return true
			})
		}
		if w.Value != nil {
			add(w.Value)
			continue
		}
		for _, a := range w.Call.Args[1:] {
			if a != w.Key && a != w.TTL {
				add(a)
			}
		}
	}
	for round := 0; round < 8; round++ {
		n := len(feeds)
		ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if assignsAny(info, n, feeds) {
					for _, r := range n.Rhs {
						add(r)
					}
				}
			case *ast.IfStmt:
				// if ok { v = "1" }: v depends on ok through the branch.
				if selects(info, n, feeds) {
					add(n.Cond)
				}
			case *ast.SwitchStmt:
				if n.Tag != nil && selects(info, n, feeds) {
					add(n.Tag)
				}
			case *ast.RangeStmt:
				// for _, p := range ps: p comes from ps.
				for _, x := range []ast.Expr{n.Key, n.Value} {
					if id, ok := x.(*ast.Ident); ok && feeds[identVar(info, id)] {
						add(n.X)
					}
				}
			}
			return true
		})
		if len(feeds) == n {
			break
		}
	}
	return feeds
}

// selects reports whether an if or a switch only picks a value for one
// of vars: its branches hold nothing but assignments without calls, and
// one of them stores to vars (if active { v = "1" } else { v = "0" }).
func selects(info *types.Info, n ast.Stmt, vars map[*types.Var]bool) bool {
	var blocks []*ast.BlockStmt
	switch n := n.(type) {
	case *ast.IfStmt:
		blocks = append(blocks, n.Body)
		switch e := n.Else.(type) {
		case *ast.BlockStmt:
			blocks = append(blocks, e)
		case nil:
		default:
			return false // else if: a chain of decisions, not a pick
		}
	case *ast.SwitchStmt:
		for _, c := range n.Body.List {
			cc := c.(*ast.CaseClause)
			blocks = append(blocks, &ast.BlockStmt{List: cc.Body})
		}
	}
	stores := false
	for _, b := range blocks {
		for _, st := range b.List {
			as, ok := st.(*ast.AssignStmt)
			if !ok {
				return false
			}
			for _, r := range as.Rhs {
				calls := false
				ast.Inspect(r, func(x ast.Node) bool {
					if _, ok := x.(*ast.CallExpr); ok {
						calls = true
					}
					return !calls
				})
				if calls {
					return false
				}
			}
			stores = stores || assignsAny(info, as, vars)
		}
	}
	return stores
}

// assignsAny reports whether an assignment stores to one of vars, directly
// or through a pointer argument of its call (err := row.Scan(&p.ID)).
func assignsAny(info *types.Info, as *ast.AssignStmt, vars map[*types.Var]bool) bool {
	for _, lhs := range as.Lhs {
		if id, ok := lhs.(*ast.Ident); ok && vars[identVar(info, id)] {
			return true
		}
		// A field of a value written: it.Name, err = repo.Name(ctx, id).
		x := ast.Expr(lhs)
		for sel, ok := x.(*ast.SelectorExpr); ok; sel, ok = x.(*ast.SelectorExpr) {
			x = ast.Unparen(sel.X)
		}
		if id, ok := x.(*ast.Ident); ok && x != lhs && vars[identVar(info, id)] {
			return true
		}
	}
	hit := false
	for _, r := range as.Rhs {
		ast.Inspect(r, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					if v := rootVar(info, n.X); v != nil && vars[v] {
						hit = true
					}
				}
			case *ast.CallExpr:
				// A pointer handed to the call is filled by it:
				// db.Take(u) with u := &User{}.
				for _, a := range n.Args {
					if id, ok := ast.Unparen(a).(*ast.Ident); ok {
						if v := identVar(info, id); v != nil && vars[v] {
							if _, isPtr := v.Type().Underlying().(*types.Pointer); isPtr {
								hit = true
							}
						}
					}
				}
			}
			return !hit
		})
	}
	return hit
}

// notSource are packages whose calls are never the source of truth:
// encoding, formatting, logging, time, synchronization.
var notSource = []string{
	"errors", "fmt", "strings", "strconv", "bytes", "time", "context", "sync", "math",
	"sort", "slices", "maps", "unicode", "reflect", "encoding", "log", "io", "os",
	"golang.org/x/sync/singleflight", "github.com/vmihailenco/msgpack",
	"google.golang.org/protobuf", "github.com/golang/protobuf",
}

// stdRoots are the first path elements of the standard library.
var stdRoots = map[string]bool{}

func init() {
	for _, r := range strings.Fields(`archive bufio builtin bytes cmp compress container context crypto
		database debug embed encoding errors expvar flag fmt go hash html image index internal io
		iter log maps math mime net os path plugin reflect regexp runtime slices sort strconv
		strings structs sync syscall testing text time unicode unique unsafe weak`) {
		stdRoots[r] = true
	}
}

// notSourceSegments are path elements of logging, metrics, tracing and
// encoding packages; notSourcePrefixes start such elements.
var (
	notSourceSegments = map[string]bool{
		"log": true, "logger": true, "logging": true, "logx": true, "slog": true, "glog": true, "klog": true,
		"trace": true, "tracing": true, "metric": true, "metrics": true, "stat": true, "stats": true,
		"json": true, "jsoniter": true, "msgpack": true, "proto": true,
	}
	notSourcePrefixes = []string{"zap", "zerolog", "logrus", "otel", "opentelemetry", "prometheus", "sentry", "go-json", "sonic"}
)

// isSource reports whether call may query the source of truth: a call
// with results that is not a cache operation, not a Redis command, not a
// helper of a standard, encoding or logging package, and not a duration
// or key helper.
func (f *finder) isSource(call *ast.CallExpr) bool {
	info := f.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return false // a conversion
	}
	if len(f.model.OpAt(call)) > 0 || redisapi.Lookup(info, call) != nil {
		return false
	}
	callee := typeutil.Callee(info, call)
	if v, ok := callee.(*types.Var); ok {
		// A loader callback (load func() (V, error)): the source, when it
		// returns something more than a basic value.
		sig, ok := v.Type().Underlying().(*types.Signature)
		return ok && sig.Results().Len() > 0 && !isBasicOnly(sig.Results()) && !isDurationOnly(sig.Results())
	}
	fn, ok := callee.(*types.Func)
	if !ok {
		return false // builtins
	}
	if fn.Pkg() == nil || redisapi.IsClientPath(fn.Pkg().Path()) || redisapi.IsRueidis(fn.Pkg().Path()) {
		return false
	}
	if isContextOnly(fn.Type().(*types.Signature).Results()) {
		return false // a request's context: c.Request.Context()
	}
	path := fn.Pkg().Path()
	if stdRoots[strings.SplitN(path, "/", 2)[0]] {
		// The standard library answers nothing a cache would hold, but for
		// SQL and HTTP calls.
		return strings.HasPrefix(path, "database/sql") || path == "net/http" || path == "net/rpc"
	}
	for _, p := range notSource {
		if path == p || strings.HasPrefix(path, p+"/") {
			return false
		}
	}
	segs := strings.Split(strings.ToLower(path), "/")
	for i, seg := range segs {
		if notSourceSegments[seg] && (seg != "proto" || i == len(segs)-1) {
			// A protobuf runtime (gogo/protobuf/proto), but not the
			// generated RPC clients kept under a proto/ folder.
			return false
		}
		for _, p := range notSourcePrefixes {
			if strings.HasPrefix(seg, p) {
				return false
			}
		}
	}
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() == 0 || isDurationOnly(sig.Results()) || isBasicOnly(sig.Results()) {
		return false // no result, a TTL helper, or a single plain value (a path, a count)
	}
	// Methods of the error type and of the read's own command.
	if recv := sig.Recv(); recv != nil && IsError(recv.Type()) {
		return false
	}
	return true
}

// KeyName names the loader's key for a message: the key expression, or,
// when a read wrapper is given something else than a string (an id it
// builds the key from), "the key of getDivergenceFromCache(repo.ID, ...)".
func (r *Result) KeyName(l *Loader) string {
	k := types.ExprString(l.Read.Key)
	if l.Read.Cmd != nil || l.Read.Callee == nil {
		return k
	}
	if l.Read.Key == l.Read.Call {
		return "the fixed key " + l.Read.Callee.Name() + " reads" // GetAllTags(ctx)
	}
	built := l.Read.Family != "" && r.Model.Family(l.Read.Key) != l.Read.Family // the wrapper makes the key from it
	if t := r.info.TypeOf(l.Read.Key); t != nil && t.Underlying() == types.Typ[types.String] && !built {
		return k
	}
	// An id, or a string the wrapper builds its key from (kind →
	// "counts:kind:id").
	return "the key of " + l.Read.Callee.Name() + "(" + k + ", ...)"
}

// MaxWork bounds the work of finding the loaders of one function: each
// read examined walks the function's syntax a few times, so a function of
// n syntax nodes has at most MaxWork/n of its reads examined, in source
// order (a function of 125,000 nodes — 5,000 reads and writes — has 40).
// Hand-written loaders are far below it; generated-looking giants stay
// bounded in time.
const MaxWork = 5_000_000

// nodes counts the syntax nodes of a declaration.
func nodes(decl *ast.FuncDecl) int {
	if decl == nil {
		return 1
	}
	n := 0
	ast.Inspect(decl, func(x ast.Node) bool {
		if x != nil {
			n++
		}
		return true
	})
	return n
}

func appendOnce(ds []*ast.FuncDecl, d *ast.FuncDecl) []*ast.FuncDecl {
	if len(ds) > 0 && ds[len(ds)-1] == d {
		return ds
	}
	return append(ds, d)
}

// ReadErrOnly restricts atom to conditions on the read's own error: a
// check of Err after Err was reassigned (err = validate(id)) is not a
// check of the Redis error, and is left undecided. Without the flow (code
// that does not type-check) every check of Err counts, as on variables.
func (r *Result) ReadErrOnly(l *Loader, atom Atom) Atom {
	if l.Err == nil || l.ErrAt == nil {
		return atom
	}
	return func(x ast.Expr) (Tri, bool) {
		other := false
		ast.Inspect(x, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && r.info.Uses[id] == l.Err {
				if holds, known := r.Model.Holds(id, l.ErrAt); known && !holds {
					other = true
				}
			}
			return !other
		})
		if other {
			return Unknown, false
		}
		return atom(x)
	}
}
