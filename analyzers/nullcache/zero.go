package nullcache

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
)

// zeroMiss reports a loader that takes a cached 0 for a miss (if n == 0
// { n = db.Count(...); Set(key, n) }): the refill caches the count the
// source returns, 0 for an id with none, and the next read takes that 0
// for a miss again. The write is the sentinel, and the read path never
// honours it. A refill that only caches counts above 0 is left alone.
func (c *checker) zeroMiss(l *loader.Loader) {
	if l.SourceValue == nil || !isInteger(l.SourceValue.Type()) {
		return
	}
	info := c.pass.TypesInfo
	counts := readResults(info, l)
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || !zeroTest(info, ifs.Cond, counts) || !contains(ifs.Body, l.Source) {
			return true
		}
		for _, w := range l.Writes {
			if !contains(ifs.Body, w.Call) || w.Value == nil || !mentions(info, w.Value, l.SourceValue) || guarded(info, ifs.Body, w, l.SourceValue) {
				continue
			}
			c.report(analysis.Diagnostic{
				Pos: ifs.Cond.Pos(), End: ifs.Cond.End(), Category: CategoryUnchecked,
				Message: fmt.Sprintf("%s takes a cached 0 for a miss, but the refill below caches the count %s returns, which is 0 for an id with none: the cached 0 is never honoured, and every request for such an id goes to the database (cache penetration); tell a miss by the read's own signal (redis.Nil, a found flag) and return a cached 0 as a hit",
					types.ExprString(ifs.Cond), types.ExprString(l.Source.Fun)),
			}, ifs.Cond, w.Call)
			return false
		}
		return true
	})
}

// readResults returns the integer variables the read's statement assigns:
// the count read (n, err := Get(...).Int64(); _, n, err := cached(...)).
func readResults(info *types.Info, l *loader.Loader) map[*types.Var]bool {
	out := map[*types.Var]bool{}
	ast.Inspect(l.Decl.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || !contains(as.Rhs[0], l.Read.Call) {
			return true
		}
		for _, lhs := range as.Lhs {
			if id, ok := lhs.(*ast.Ident); ok {
				v, _ := info.Defs[id].(*types.Var)
				if v == nil {
					v, _ = info.Uses[id].(*types.Var)
				}
				if v != nil && isInteger(v.Type()) {
					out[v] = true
				}
			}
		}
		return false
	})
	return out
}

// zeroTest reports whether cond is n == 0, n <= 0 or n < 1 for a count n.
func zeroTest(info *types.Info, cond ast.Expr, counts map[*types.Var]bool) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	x, y, op := b.X, b.Y, b.Op
	if isCount(info, y, counts) {
		x, y = y, x // 0 >= n is n <= 0
		switch op {
		case token.GEQ:
			op = token.LEQ
		case token.GTR:
			op = token.LSS
		case token.LEQ:
			op = token.GEQ
		case token.LSS:
			op = token.GTR
		}
	}
	if !isCount(info, x, counts) {
		return false
	}
	tv, ok := info.Types[y]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	k, _ := constant.Int64Val(tv.Value)
	return (op == token.EQL && k == 0) || (op == token.LEQ && k == 0) || (op == token.LSS && k == 1)
}

func isCount(info *types.Info, x ast.Expr, counts map[*types.Var]bool) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	v, _ := info.Uses[id].(*types.Var)
	return v != nil && counts[v]
}

// guarded reports whether the write sits under a test of the count
// (if n > 0 { Set(...) }): a 0 is then never cached.
func guarded(info *types.Info, body *ast.BlockStmt, w *cachemodel.KeyOp, count *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if ifs, ok := n.(*ast.IfStmt); ok && contains(ifs.Body, w.Call) && mentions(info, ifs.Cond, count) {
			found = true
		}
		return !found
	})
	return found
}

func contains(n ast.Node, x ast.Node) bool {
	return n != nil && x != nil && n.Pos() <= x.Pos() && x.End() <= n.End()
}

func mentions(info *types.Info, x ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}
