package nullcache

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// TestZeroTest: n == 0, n <= 0, n < 1 and their mirrors are tests for a
// cached 0; n > 0, 0 <= n and n == 1 are not.
func TestZeroTest(t *testing.T) {
	src := `package p
func f(n int64) {
	_ = n == 0
	_ = n <= 0
	_ = n < 1
	_ = 0 == n
	_ = 0 >= n
	_ = 1 > n
	_ = n > 0
	_ = 0 <= n
	_ = 0 < n
	_ = n == 1
}`
	want := []bool{true, true, true, true, true, true, false, false, false, false}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	n := info.Defs[fn.Type.Params.List[0].Names[0]].(*types.Var)
	counts := map[*types.Var]bool{n: true}
	for i, st := range fn.Body.List {
		cond := st.(*ast.AssignStmt).Rhs[0]
		if got := zeroTest(info, cond, counts); got != want[i] {
			t.Errorf("%s: zeroTest = %v, want %v", types.ExprString(cond), got, want[i])
		}
	}
}
