package loader_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"
	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// dump reports the model's view of a package, whatever the policies
// decide: each write with a constant TTL (its value, origin and context),
// each read, and each loader with its source and the variables it
// follows. The model then has its own want tests (testdata/scenarios/model).
var dump = &analysis.Analyzer{
	Name:     "dump",
	Doc:      "report the cache model's view (test only)",
	Requires: []*analysis.Analyzer{loader.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[loader.Analyzer].(*loader.Result)
		model := res.Model
		for _, w := range model.Writes {
			ttls := []string{ttl.Format(w.TTL.D)}
			for _, a := range w.Alts {
				ttls = append(ttls, ttl.Format(a.D))
			}
			var ctx []string
			for _, f := range []struct {
				on   bool
				name string
			}{{w.CacheAside, "aside"}, {w.Bulk, "bulk"}, {w.Conditional, "conditional"}, {w.Expire, "expire"}, {w.Counter, "counter"}} {
				if f.on {
					ctx = append(ctx, f.name)
				}
			}
			pass.Reportf(w.Call.Pos(), "write %s ttl=%s (%s) [%s]", w.Chain, strings.Join(ttls, "|"), w.TTL.Text, strings.Join(ctx, " "))
		}
		for _, op := range model.Ops() {
			if op.Read {
				pass.Reportf(op.Call.Pos(), "read key=%s", types.ExprString(op.Key))
			}
		}
		for _, l := range res.Loaders {
			name := func(v *types.Var) string {
				if v == nil {
					return "-"
				}
				return v.Name()
			}
			pass.Reportf(l.Source.Pos(), "loader of %s: source %s err=%s value=%s srcErr=%s srcValue=%s writes=%d batch=%t paths: %s",
				res.KeyName(l), types.ExprString(l.Source.Fun), name(l.Err), name(l.Value), name(l.SourceErr), name(l.SourceValue), len(l.Writes), l.Batch, paths(pass, res, l))
		}
		return nil, nil
	},
}

// TestModel checks the model's view on scenarios written for it, with no
// policy in between.
func TestModel(t *testing.T) {
	analysistest.Run(t, scenarios.Dir(t), dump, "./model/...")
}

// paths tells where the loader's paths go, under two assumptions: the
// read failed with an error other than a miss ("failure"), and the source
// said not found ("notfound"). A path that reaches what it looks for
// names the last condition that routed it there (or "-").
func paths(pass *analysis.Pass, res *loader.Result, l *loader.Loader) string {
	via := func(h loader.Hit) string {
		if h.Router == nil {
			return "-"
		}
		if h.RouterFalse {
			return "!(" + types.ExprString(h.Router) + ")"
		}
		return types.ExprString(h.Router)
	}
	failure := "unknown"
	if g := res.Graph(l.ReadBody); l.Err != nil && g.Contains(l.Read.Call) && g.Contains(l.Source) {
		atom := res.ReadErrOnly(l, loader.EmptyOnFailure(pass.TypesInfo, l, loader.OtherErrorAtom(pass.TypesInfo, l.Err, l.Read.Cmd == nil)))
		failure = "stops"
		if h, ok := g.Search(l.Read.Call, atom, false, false, func(n ast.Node) loader.Action {
			if n != nil && n.Pos() <= l.Source.Pos() && l.Source.End() <= n.End() {
				return loader.Found
			}
			return loader.Continue
		}); ok {
			failure = "source via " + via(h)
		}
	} else if l.ErrDiscarded {
		failure = "discarded"
	}
	notfound := "unknown"
	if g := res.Graph(l.SourceBody); l.SourceErr != nil && g.Contains(l.Source) {
		atom := loader.NotFoundErrAtom(pass.TypesInfo, l.SourceErr, nil)
		notfound = "stops"
		if h, ok := g.Search(l.Source, atom, false, true, func(n ast.Node) loader.Action {
			for _, w := range l.Writes {
				if n != nil && n.Pos() <= w.Call.Pos() && w.Call.End() <= n.End() {
					return loader.Stop
				}
			}
			if _, ok := n.(*ast.ReturnStmt); ok {
				return loader.Found
			}
			return loader.Continue
		}); ok {
			var results []string
			if ret, ok := h.Node.(*ast.ReturnStmt); ok {
				for _, r := range ret.Results {
					results = append(results, types.ExprString(r))
				}
			}
			notfound = fmt.Sprintf("return %s via %s", strings.Join(results, ", "), via(h))
		}
	}
	return "failure=" + failure + " notfound=" + notfound
}
