package loader

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
)

// Tri is a three-valued truth: what a condition is known to be under an
// assumption about one variable.
type Tri int

const (
	Unknown Tri = iota
	False
	True
)

func (t Tri) not() Tri {
	switch t {
	case True:
		return False
	case False:
		return True
	}
	return Unknown
}

// Atom classifies one condition that does not combine others: its truth
// under the assumption, and whether it is evidence (a check that names
// the assumed case, such as errors.Is(err, ErrNotFound)).
type Atom func(x ast.Expr) (t Tri, evidence bool)

// Eval evaluates a condition with &&, || and ! over atoms.
func Eval(x ast.Expr, atom Atom) (Tri, bool) {
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		if x.Op.String() == "!" {
			t, ev := Eval(x.X, atom)
			return t.not(), ev
		}
	case *ast.BinaryExpr:
		switch x.Op.String() {
		case "&&":
			l, le := Eval(x.X, atom)
			r, re := Eval(x.Y, atom)
			switch {
			case l == False || r == False:
				return False, false
			case l == True && r == True:
				return True, le || re
			}
			return Unknown, false
		case "||":
			l, le := Eval(x.X, atom)
			r, re := Eval(x.Y, atom)
			switch {
			case l == True || r == True:
				return True, (l == True && le) || (r == True && re)
			case l == False && r == False:
				return False, false
			}
			return Unknown, false
		}
	}
	return atom(x)
}

// Action is what a path search does at a node.
type Action int

const (
	Continue Action = iota
	Stop            // the path ends here (guarded)
	Found           // the path reaches what the search looks for
)

// Hit is the result of a path search: the node found, and the last
// condition on the way that was decided by the assumption (the one that
// routed the path there).
type Hit struct {
	Node   ast.Node
	Router ast.Expr
	// RouterFalse: the path went through Router's false branch (the
	// fall-through after `if err == nil { return }`).
	RouterFalse bool
}

// MaxBlocks bounds the work per function: a body whose control-flow graph
// has more blocks than this (generated state machines, giant switch
// statements) is not searched, and the analyzers stay silent on it, as
// nilaway does past its block limit. Each search visits a block at most
// twice, so the work per loader is linear below the limit.
const MaxBlocks = 5000

// Graph is the control-flow graph of one function body.
type Graph struct {
	g    *cfg.CFG
	info *types.Info
	// tags maps each case expression of a tag switch to the tag, for
	// `switch err { case nil: ... }`.
	tags map[ast.Expr]ast.Expr
	// flags maps a boolean local stored once in the body to the condition
	// it holds (miss := errors.Is(err, redis.Nil)), so that a branch on the
	// flag is decided as the condition would be.
	flags map[*types.Var]ast.Expr
	// ssa is the body in SSA form, when the package has it: searches
	// walk it (see ssapaths.go).
	ssa *ssaGraph
}

// NewGraph builds the graph of body; fn is body in SSA form, or nil.
func NewGraph(info *types.Info, body *ast.BlockStmt, fn *ssa.Function) *Graph {
	gr := &Graph{info: info, tags: map[ast.Expr]ast.Expr{}, flags: map[*types.Var]ast.Expr{}}
	gr.g = cfg.New(body, func(call *ast.CallExpr) bool { return mayReturn(info, call) })
	ast.Inspect(body, func(n ast.Node) bool {
		if sw, ok := n.(*ast.SwitchStmt); ok && sw.Tag != nil {
			for _, c := range sw.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					gr.tags[e] = sw.Tag
				}
			}
		}
		return true
	})
	for v, x := range cachemodel.StoredOnce(info, body) {
		if isBool(info, v.Type()) {
			gr.flags[v] = x
		}
	}
	if fn != nil {
		gr.ssa = newSSAGraph(gr, fn, body)
	}
	return gr
}

func isBool(info *types.Info, t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// follow extends atom to the boolean flags of the body: a flag stands for
// the condition stored in it.
func (gr *Graph) follow(atom Atom) Atom {
	if len(gr.flags) == 0 {
		return atom
	}
	depth := 0
	var a Atom
	a = func(x ast.Expr) (Tri, bool) {
		if id, ok := ast.Unparen(x).(*ast.Ident); ok && depth < 8 {
			if v, ok := gr.info.Uses[id].(*types.Var); ok {
				if def, ok := gr.flags[v]; ok {
					depth++
					defer func() { depth-- }()
					return Eval(def, a)
				}
			}
		}
		return atom(x)
	}
	return a
}

func mayReturn(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
		if _, isBuiltin := info.Uses[id].(*types.Builtin); isBuiltin {
			return false
		}
	}
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok && fn.Pkg() != nil {
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf":
			return false
		}
	}
	return true
}

// locate returns the block and index of the node that contains x.
func (gr *Graph) locate(x ast.Node) (*cfg.Block, int) {
	for _, b := range gr.g.Blocks {
		for i, n := range b.Nodes {
			if n.Pos() <= x.Pos() && x.End() <= n.End() {
				return b, i
			}
		}
	}
	return nil, 0
}

// Contains reports whether the graph has a node containing x.
func (gr *Graph) Contains(x ast.Node) bool {
	b, _ := gr.locate(x)
	return b != nil
}

// Search explores every path that starts just after the node containing
// start. visit is called on each node; at a two-way branch the condition
// is evaluated with atom, and a branch it rules out is not taken. With
// needEvidence, Found counts only on paths that passed an evidence atom
// (or when initialEvidence). It returns the first hit, if any. The walk
// is on the function's SSA blocks where the package has them
// (ssapaths.go), on the AST graph otherwise.
func (gr *Graph) Search(start ast.Node, atom Atom, initialEvidence, needEvidence bool, visit func(ast.Node) Action) (Hit, bool) {
	if gr.ssa != nil {
		if h, found, ok := gr.ssa.search(gr, start, atom, initialEvidence, needEvidence, visit); ok {
			return h, found
		}
	}
	return gr.searchAST(start, atom, initialEvidence, needEvidence, visit)
}

// meet applies visit to a node a path reaches: whether the path ends
// there, and whether it found what the search looks for (with the
// evidence it needs, when it needs some).
func meet(visit func(ast.Node) Action, n ast.Node, evidence, needEvidence bool) (end, found bool) {
	switch visit(n) {
	case Stop:
		return true, false
	case Found:
		return true, !needEvidence || evidence
	}
	return false, false
}

// decide evaluates a branch's condition: a tag switch's case as tag ==
// case.
func (gr *Graph) decide(cond ast.Expr, atom Atom) (Tri, bool) {
	if tag := gr.tags[cond]; tag != nil {
		return atom(&ast.BinaryExpr{X: tag, Op: token.EQL, Y: cond, OpPos: cond.Pos()})
	}
	return Eval(cond, atom)
}

// searchAST is Search on the AST graph, for code with no SSA: a flag
// stands for the condition stored in it once.
func (gr *Graph) searchAST(start ast.Node, atom Atom, initialEvidence, needEvidence bool, visit func(ast.Node) Action) (Hit, bool) {
	atom = gr.follow(atom)
	if len(gr.g.Blocks) > MaxBlocks {
		return Hit{}, false
	}
	b, i := gr.locate(start)
	if b == nil {
		return Hit{}, false
	}
	type state struct {
		b        *cfg.Block
		evidence bool
	}
	seen := map[state]bool{}
	var walk func(b *cfg.Block, from int, evidence bool, router ast.Expr, rf bool) (Hit, bool)
	walk = func(b *cfg.Block, from int, evidence bool, router ast.Expr, rf bool) (Hit, bool) {
		if from == 0 {
			st := state{b, evidence}
			if seen[st] {
				return Hit{}, false
			}
			seen[st] = true
		}
		nodes := b.Nodes
		for j := from; j < len(nodes); j++ {
			n := nodes[j]
			isCond := j == len(nodes)-1 && len(b.Succs) == 2
			if isCond {
				break
			}
			if end, found := meet(visit, n, evidence, needEvidence); found {
				return Hit{Node: n, Router: router, RouterFalse: rf}, true
			} else if end {
				return Hit{}, false
			}
		}
		if len(b.Succs) == 2 && len(nodes) > 0 {
			cond, _ := nodes[len(nodes)-1].(ast.Expr)
			t, ev := Unknown, false
			if cond != nil {
				t, ev = gr.decide(cond, atom)
			}
			if visit(cond) == Found && (!needEvidence || evidence) {
				return Hit{Node: cond, Router: router, RouterFalse: rf}, true
			}
			next, nextRF := router, rf
			if t != Unknown {
				next, nextRF = cond, t == False
			}
			// A branch decided by an evidence atom carries the evidence:
			// the true branch of errors.Is(err, ErrNotFound), the false
			// branch of !errors.Is(err, ErrNotFound).
			decided := evidence || (t != Unknown && ev)
			if t != False {
				if h, ok := walk(b.Succs[0], 0, decided, next, nextRF); ok {
					return h, true
				}
			}
			if t != True {
				if h, ok := walk(b.Succs[1], 0, decided, next, nextRF); ok {
					return h, true
				}
			}
			return Hit{}, false
		}
		for _, s := range b.Succs {
			if h, ok := walk(s, 0, evidence, router, rf); ok {
				return h, true
			}
		}
		return Hit{}, false
	}
	// Start after the start node itself.
	return walk(b, i+1, initialEvidence, nil, false)
}
