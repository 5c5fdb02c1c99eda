package cachemodel

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A record kept in Redis is read, changed and written back: a batch's
// progress, a job's status, a session touched on every request. The read
// comes before the write of the same key, as in a cache-aside loader, but
// the value written is the value read, not one loaded from the source of
// truth: the write is an update of the stored record, not a refill, and
// its fixed TTL is a retention period, not an expiry that many reloads
// share.

// rewritesRead reports whether the write at s stores a value derived from
// a read of the same key earlier in the same function (progress, err :=
// bt.GetBatch(ctx, id); progress.Done = n; bt.put(ctx, id, progress)).
func (st *state) rewritesRead(s *site, key ast.Expr) bool {
	if st.flow == nil || key == nil {
		return false
	}
	if r, ok := st.rewrites[[2]ast.Node{s.call, key}]; ok {
		return r
	}
	st.indexReads()
	r := st.rewritesReadAt(s, key)
	if st.rewrites == nil {
		st.rewrites = map[[2]ast.Node]bool{}
	}
	st.rewrites[[2]ast.Node{s.call, key}] = r
	return r
}

func (st *state) rewritesReadAt(s *site, key ast.Expr) bool {
	reads := map[token.Pos]bool{} // the earlier reads of the key, by the position SSA gives a call
	for _, c := range st.readCalls[s.fn][st.keyID(key)] {
		if c.Pos() < s.call.Pos() {
			reads[c.Lparen] = true
		}
	}
	if len(reads) == 0 {
		return false
	}
	for _, a := range s.call.Args {
		if a == key {
			continue
		}
		id, ok := ast.Unparen(a).(*ast.Ident)
		if !ok {
			continue
		}
		if _, local := st.pass.TypesInfo.Uses[id].(*types.Var); !local {
			continue
		}
		if v := st.flow.value(id); v != nil && fromRead(v, reads, 0) {
			return true
		}
	}
	return false
}

// fromRead reports whether every value that reaches v comes from one of
// the read calls: their result, or a function of it (json.Marshal(p),
// *p, any(p)).
func fromRead(v ssa.Value, reads map[token.Pos]bool, depth int) bool {
	if depth > 8 {
		return false
	}
	srcs, ok := origins(v)
	if !ok || len(srcs) == 0 {
		return false
	}
	for _, src := range srcs {
		if !srcFromRead(src, reads, depth) {
			return false
		}
	}
	return true
}

func srcFromRead(v ssa.Value, reads map[token.Pos]bool, depth int) bool {
	switch x := v.(type) {
	case *ssa.Extract:
		if c, ok := x.Tuple.(*ssa.Call); ok {
			if reads[c.Pos()] {
				return x.Index == 0
			}
			return callOfRead(c, reads, depth)
		}
	case *ssa.Call:
		if reads[x.Pos()] {
			return true
		}
		return callOfRead(x, reads, depth)
	case *ssa.UnOp:
		// origins has seen through loads and conversions; what is left
		// (-x, !b, <-ch) is still a function of its operand.
		return fromRead(x.X, reads, depth+1)
	}
	return false
}

// callOfRead reports whether a call encodes a value read (json.Marshal of
// it): a static call with an argument that comes from a read.
func callOfRead(c *ssa.Call, reads map[token.Pos]bool, depth int) bool {
	if c.Call.StaticCallee() == nil {
		return false
	}
	for _, a := range c.Call.Args {
		if fromRead(a, reads, depth+1) {
			return true
		}
	}
	return false
}
