package loader

import (
	"go/ast"
	"go/constant"
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// The path search on SSA. Where the package has SSA form (it reaches
// Redis and type-checks), a search walks the function's SSA blocks, and
// every branch is an ssa.If on a value: `if err != nil && !miss` is two
// branches, one on the comparison and one on the flag, and the flag is
// the value errors.Is returned (miss := errors.Is(err, redis.Nil)), not
// a variable whose stores must be joined. A φ of booleans is decided by
// the edges a path can take into it. x/tools' nilness walks the dominator
// tree to carry the facts that branches establish; here the facts are
// fixed by the assumption (the read failed, the source said not found),
// so deciding each branch once and following the edges left open is the
// same walk, in the order of the blocks' successors (then before else).
//
// The AST graph still names what a path meets: each instruction belongs
// to the node of the go/cfg graph that holds its position, and visitors
// see those nodes (a return statement, a statement holding the source
// call), so policies and messages are the same on both walks. Code with
// no SSA (it does not type-check) is searched on the AST graph alone.

// ssaGraph is a function in SSA form, indexed against its AST graph.
type ssaGraph struct {
	fn    *ssa.Function
	nodes []cfgNode         // the AST graph's nodes, by position
	conds map[ast.Node]bool // the nodes that are a two-way branch's condition
	// binary holds the comparisons of the body by operator position, and
	// a tag switch's cases by their position (as tag == case): where
	// go/ssa places a comparison.
	binary map[token.Pos]ast.Expr
	calls  map[token.Pos]*ast.CallExpr // calls by opening parenthesis
	refs   map[ast.Expr]ssa.Value      // an expression's value (debug references)
	// yields: a range-over-func loop's body is a function of its own in
	// SSA form, which a walk of this function would not see: such
	// functions are searched on the AST graph.
	yields bool
}

type cfgNode struct {
	pos, end token.Pos
	n        ast.Node
}

func newSSAGraph(gr *Graph, fn *ssa.Function, body *ast.BlockStmt) *ssaGraph {
	sg := &ssaGraph{fn: fn, conds: map[ast.Node]bool{}, binary: map[token.Pos]ast.Expr{},
		calls: map[token.Pos]*ast.CallExpr{}, refs: map[ast.Expr]ssa.Value{}}
	for _, b := range gr.g.Blocks {
		for _, n := range b.Nodes {
			sg.nodes = append(sg.nodes, cfgNode{n.Pos(), n.End(), n})
		}
		if len(b.Succs) == 2 && len(b.Nodes) > 0 {
			sg.conds[b.Nodes[len(b.Nodes)-1]] = true
		}
	}
	slices.SortFunc(sg.nodes, func(a, b cfgNode) int {
		if a.pos != b.pos {
			return int(a.pos - b.pos)
		}
		return int(b.end - a.end)
	})
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // another function
		case *ast.BinaryExpr:
			sg.binary[n.OpPos] = n
		case *ast.CallExpr:
			sg.calls[n.Lparen] = n
		}
		return true
	})
	for cond, tag := range gr.tags {
		sg.binary[cond.Pos()] = &ast.BinaryExpr{X: tag, Op: token.EQL, Y: cond, OpPos: cond.Pos()}
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if ref, ok := in.(*ssa.DebugRef); ok && !ref.IsAddr {
				sg.refs[ref.Expr] = ref.X
			}
		}
	}
	for _, anon := range fn.AnonFuncs {
		if _, ok := anon.Syntax().(*ast.RangeStmt); ok {
			sg.yields = true
		}
	}
	return sg
}

// nodeOf returns the node of the AST graph that holds pos, or nil. The
// nodes of one graph do not nest (a closure's statements are another
// graph's), but a few neighbours are looked at in case they do.
func (sg *ssaGraph) nodeOf(pos token.Pos) ast.Node {
	i, _ := slices.BinarySearchFunc(sg.nodes, pos+1, func(n cfgNode, p token.Pos) int { return int(n.pos - p) })
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if pos < sg.nodes[j].end {
			return sg.nodes[j].n
		}
	}
	return nil
}

// decider decides branches for one search: the atom of its assumption,
// on values, with every value decided once (a φ of φs is not
// re-evaluated along each of its edges).
type decider struct {
	sg       *ssaGraph
	gr       *Graph
	atom     Atom
	followed Atom // the atom on the syntax, a flag standing for its condition
	memo     map[ssa.Value]decision
	opened   map[[2]*ssa.BasicBlock]bool
}

type decision struct {
	t  Tri
	ev bool
}

func (sg *ssaGraph) decider(gr *Graph, atom Atom) *decider {
	return &decider{sg: sg, gr: gr, atom: atom, followed: gr.follow(atom),
		memo: map[ssa.Value]decision{}, opened: map[[2]*ssa.BasicBlock]bool{}}
}

// leaf decides a branch's value under the assumption: a comparison or a
// call (errors.Is) by the atom on its syntax, a negation, a constant, and
// a φ by the edges a path can take into it.
func (d *decider) leaf(v ssa.Value) (Tri, bool) {
	if r, ok := d.memo[v]; ok {
		return r.t, r.ev
	}
	d.memo[v] = decision{} // a value that depends on itself is undecided
	t, ev := d.leaf1(v)
	d.memo[v] = decision{t, ev}
	return t, ev
}

func (d *decider) leaf1(v ssa.Value) (Tri, bool) {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.Bool {
			if constant.BoolVal(v.Value) {
				return True, false
			}
			return False, false
		}
	case *ssa.UnOp:
		if v.Op == token.NOT {
			t, ev := d.leaf(v.X)
			return t.not(), ev
		}
	case *ssa.BinOp:
		if e := d.sg.binary[v.Pos()]; e != nil && (v.Op == token.EQL || v.Op == token.NEQ) {
			return d.atom(e)
		}
	case *ssa.Call:
		if e := d.sg.calls[v.Pos()]; e != nil {
			return d.atom(e)
		}
	case *ssa.Phi:
		return d.phi(v)
	}
	return Unknown, false
}

// phi decides a φ of booleans when every edge a path can take gives the
// same answer: an edge from a branch the assumption rules out is not
// taken (ok := a || b is a φ of true, from a's true branch, and b).
func (d *decider) phi(v *ssa.Phi) (Tri, bool) {
	block := v.Block()
	out, evidence, any := Unknown, true, false
	for i, e := range v.Edges {
		if !d.open(block.Preds[i], block) {
			continue
		}
		t, ev := d.leaf(e)
		if t == Unknown || (any && t != out) {
			return Unknown, false
		}
		out, evidence, any = t, evidence && ev, true
	}
	if !any {
		return Unknown, false
	}
	return out, evidence
}

// open reports whether a path can take the edge from one block to
// another under the assumption: not when a branch on the way rules it out
// (the edge leaves a branch by its other side, or leaves a block that only
// that side leads to).
func (d *decider) open(from, to *ssa.BasicBlock) bool {
	k := [2]*ssa.BasicBlock{from, to}
	if r, ok := d.opened[k]; ok {
		return r
	}
	d.opened[k] = true
	r := d.open1(from, to)
	d.opened[k] = r
	return r
}

func (d *decider) open1(from, to *ssa.BasicBlock) bool {
	if len(from.Instrs) == 0 {
		return true
	}
	if ifi, ok := from.Instrs[len(from.Instrs)-1].(*ssa.If); ok && from.Succs[0] != from.Succs[1] {
		t, _ := d.branch(from, ifi.Cond)
		// Ruled out: leaving by the true side of a false branch, or by
		// the false side of a true one.
		return (t != False || from.Succs[0] != to) && (t != True || from.Succs[1] != to)
	}
	if len(from.Preds) != 1 {
		return true
	}
	return d.open(from.Preds[0], from)
}

// branch decides the condition of block b's branch: on its value, or,
// for a value the walk cannot follow (a flag captured by a closure lives
// in memory, and the branch tests a load of it), on the syntax the branch
// tests.
func (d *decider) branch(b *ssa.BasicBlock, cond ssa.Value) (Tri, bool) {
	t, ev := d.leaf(cond)
	if load, ok := cond.(*ssa.UnOp); ok && load.Op == token.MUL && t == Unknown {
		if x := d.sg.refExpr(b, cond); x != nil {
			return d.followed(x)
		}
	}
	return t, ev
}

// whole decides a condition of the AST graph, its leaves on their values
// where the function has them (the flag miss is the errors.Is it holds).
func (d *decider) whole(cond ast.Expr) (Tri, bool) {
	return d.gr.decide(cond, func(x ast.Expr) (Tri, bool) {
		if v := d.sg.refs[ast.Unparen(x)]; v != nil {
			if t, ev := d.leaf(v); t != Unknown {
				return t, ev
			}
		}
		return d.followed(x)
	})
}

// refExpr returns the expression that block b's last debug reference to
// a value names (the condition a branch tests), or nil.
func (sg *ssaGraph) refExpr(b *ssa.BasicBlock, v ssa.Value) ast.Expr {
	for j := len(b.Instrs) - 1; j >= 0; j-- {
		if ref, ok := b.Instrs[j].(*ssa.DebugRef); ok && ref.X == v {
			return ref.Expr
		}
	}
	return nil
}

// condNode returns the AST graph's condition that a branch of block b
// tests: the node holding the expression that the block's last debug
// reference to the branch's value names.
func (sg *ssaGraph) condNode(b *ssa.BasicBlock, cond ssa.Value) ast.Expr {
	x := sg.refExpr(b, cond)
	if x == nil {
		if in, ok := cond.(ssa.Instruction); ok && in.Block() == b {
			x, _ = sg.nodeOf(cond.Pos()).(ast.Expr)
		}
	}
	if x == nil {
		return nil
	}
	if n, ok := sg.nodeOf(x.Pos()).(ast.Expr); ok && sg.conds[n] {
		return n
	}
	return nil
}

// search is Graph.Search on the SSA blocks. ok is false when the start
// has no instruction in the function; the caller then searches the AST
// graph.
func (sg *ssaGraph) search(gr *Graph, start ast.Node, atom Atom, initialEvidence, needEvidence bool, visit func(ast.Node) Action) (hit Hit, found, ok bool) {
	if sg.yields {
		return Hit{}, false, false
	}
	if len(sg.fn.Blocks) > MaxBlocks {
		return Hit{}, false, true
	}
	sb, si := gr.locate(start)
	if sb == nil {
		return Hit{}, false, false
	}
	startNode := sb.Nodes[si]
	var first *ssa.BasicBlock
	firstAt := 0
	for _, b := range sg.fn.Blocks {
		for j, in := range b.Instrs {
			if p := in.Pos(); p.IsValid() && sg.nodeOf(p) == startNode {
				first, firstAt = b, j
				break
			}
		}
		if first != nil {
			break
		}
	}
	if first == nil {
		return Hit{}, false, false
	}
	type state struct {
		b                 *ssa.BasicBlock
		evidence, leaving bool
	}
	seen := map[state]bool{}
	d := sg.decider(gr, atom)
	var walk func(b *ssa.BasicBlock, from int, evidence, leaving bool, router ast.Expr, rf bool) (Hit, bool)
	walk = func(b *ssa.BasicBlock, from int, evidence, leaving bool, router ast.Expr, rf bool) (Hit, bool) {
		if from == 0 {
			st := state{b, evidence, leaving}
			if seen[st] {
				return Hit{}, false
			}
			seen[st] = true
		}
		var last ast.Node
		for _, in := range b.Instrs[from:] {
			if _, ok := in.(*ssa.DebugRef); ok {
				continue
			}
			if call, ok := in.(*ssa.Call); ok {
				if x := sg.calls[call.Pos()]; x != nil && !mayReturn(gr.info, x) {
					return Hit{}, false // os.Exit, log.Fatalf(...): the path ends
				}
			}
			p := in.Pos()
			if !p.IsValid() {
				continue
			}
			n := sg.nodeOf(p)
			if n == nil || n == last {
				continue
			}
			last = n
			if leaving && n == startNode {
				continue
			}
			leaving = false
			if sg.conds[n] {
				// A condition: only finding what is sought counts, as
				// on the AST graph.
				if visit(n) == Found && (!needEvidence || evidence) {
					return Hit{Node: n, Router: router, RouterFalse: rf}, true
				}
				continue
			}
			if end, found := meet(visit, n, evidence, needEvidence); found {
				return Hit{Node: n, Router: router, RouterFalse: rf}, true
			} else if end {
				return Hit{}, false
			}
		}
		if len(b.Instrs) == 0 {
			return Hit{}, false
		}
		switch term := b.Instrs[len(b.Instrs)-1].(type) {
		case *ssa.If:
			t, ev := d.branch(b, term.Cond)
			next, nextRF := router, rf
			if cond := sg.condNode(b, term.Cond); cond != nil {
				if tw, _ := d.whole(cond); tw != Unknown {
					next, nextRF = cond, tw == False
				}
			}
			decided := evidence || (t != Unknown && ev)
			if t != False {
				if h, ok := walk(b.Succs[0], 0, decided, leaving, next, nextRF); ok {
					return h, true
				}
			}
			if t != True {
				if h, ok := walk(b.Succs[1], 0, decided, leaving, next, nextRF); ok {
					return h, true
				}
			}
			return Hit{}, false
		case *ssa.Jump:
			return walk(b.Succs[0], 0, evidence, leaving, router, rf)
		}
		return Hit{}, false // return, panic
	}
	h, found := walk(first, firstAt, initialEvidence, true, nil, false)
	return h, found, true
}
