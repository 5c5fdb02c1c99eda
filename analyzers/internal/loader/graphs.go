package loader

import "go/ast"

// Graph returns the control-flow graph of a body of the package, built
// once. The analyzers that share a Result run in parallel, so the cache is
// guarded.
func (r *Result) Graph(body *ast.BlockStmt) *Graph {
	r.mu.Lock()
	defer r.mu.Unlock()
	if g, ok := r.graphs[body]; ok {
		return g
	}
	g := NewGraph(r.info, body, r.Model.FuncOf(body))
	r.graphs[body] = g
	return g
}
