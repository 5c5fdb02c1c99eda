package loader

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// atomsByName decides identifiers by name: a and b are true, x false,
// anything else unknown; "ev" is true and evidence.
func atomsByName(x ast.Expr) (Tri, bool) {
	id, ok := x.(*ast.Ident)
	if !ok {
		return Unknown, false
	}
	switch id.Name {
	case "a", "b":
		return True, false
	case "x":
		return False, false
	case "ev":
		return True, true
	}
	return Unknown, false
}

func TestEval(t *testing.T) {
	for src, want := range map[string]Tri{
		"a":          True,
		"!a":         False,
		"x":          False,
		"u":          Unknown,
		"!u":         Unknown,
		"a && b":     True,
		"a && x":     False,
		"a && u":     Unknown,
		"x && u":     False,
		"a || u":     True,
		"x || u":     Unknown,
		"x || x":     False,
		"!(a && x)":  True,
		"(u || a)":   True,
		"!(x || !a)": True,
	} {
		e, err := parser.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := Eval(e, atomsByName); got != want {
			t.Errorf("Eval(%s) = %v, want %v", src, got, want)
		}
	}
}

func TestEvalEvidence(t *testing.T) {
	for src, want := range map[string]bool{
		"ev":      true,
		"ev && a": true,
		"a":       false,
		"ev || u": true,
		"u || ev": true,
		"a || ev": true,
		"ev && u": false, // not decided
		"!ev":     true,  // decided (false) by the evidence atom
	} {
		e, _ := parser.ParseExpr(src)
		_, ev := Eval(e, atomsByName)
		if ev != want {
			t.Errorf("evidence of %s = %v, want %v", src, ev, want)
		}
	}
}

// TestMaxBlocks: a body past the block limit is not searched.
func TestMaxBlocks(t *testing.T) {
	var src strings.Builder
	src.WriteString("package p\nfunc f(x int) int {\n\tstart := 0\n")
	for i := 0; i < MaxBlocks; i++ {
		fmt.Fprintf(&src, "\tif x == %d { x++ }\n", i)
	}
	src.WriteString("\treturn start\n}\n")
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src.String(), 0)
	if err != nil {
		t.Fatal(err)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	start := body.List[0]
	g := NewGraph(&types.Info{Uses: map[*ast.Ident]types.Object{}}, body, nil)
	found := func(n ast.Node) Action {
		if _, ok := n.(*ast.ReturnStmt); ok {
			return Found
		}
		return Continue
	}
	if _, ok := g.Search(start, atomsByName, false, false, found); ok {
		t.Errorf("a graph of %d blocks was searched", len(g.g.Blocks))
	}

	small, _ := parser.ParseFile(fset, "q.go", "package p\nfunc f(x int) int {\n\tstart := 0\n\tif x == 1 { x++ }\n\treturn start\n}\n", 0)
	body = small.Decls[0].(*ast.FuncDecl).Body
	g = NewGraph(&types.Info{Uses: map[*ast.Ident]types.Object{}}, body, nil)
	if _, ok := g.Search(body.List[0], atomsByName, false, false, found); !ok {
		t.Error("a small graph was not searched")
	}
}

// buildSSA type-checks a one-file package p and builds it in SSA form
// with debug information, as the model does.
func buildSSA(t *testing.T, src string) (*ast.File, *ssa.Package, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{}, fset, types.NewPackage("p", "p"), []*ast.File{f}, ssa.GlobalDebug)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	return f, pkg, info
}

// TestSearchSSA: on SSA a flag stored in a branch is decided by the edges
// a path can take into it, where the AST graph (a flag stored once
// only) leaves it undecided.
func TestSearchSSA(t *testing.T) {
	const src = `package p

func load() (int, error)
func source() int
func check(err error) bool
func other() bool

func branch() int {
	v, err := load()
	miss := false
	if check(err) {
		miss = true
	}
	if !miss {
		return v
	}
	return source()
}

func either() int {
	v, err := load()
	again := check(err) || other()
	if !again {
		return v
	}
	return source()
}
`
	f, pkg, info := buildSSA(t, src)
	// The assumption: check(err) is false (the read failed, not a miss).
	atom := func(x ast.Expr) (Tri, bool) {
		if call, ok := x.(*ast.CallExpr); ok && types.ExprString(call.Fun) == "check" {
			return False, false
		}
		return Unknown, false
	}
	reachesSource := func(n ast.Node) Action {
		found := false
		ast.Inspect(n, func(x ast.Node) bool {
			if call, ok := x.(*ast.CallExpr); ok && types.ExprString(call.Fun) == "source" {
				found = true
			}
			return !found
		})
		if found {
			return Found
		}
		return Continue
	}
	for _, c := range []struct {
		name       string
		ssa, noSSA bool // the source is reached on SSA, on the AST graph
	}{
		{"branch", false, true},
		{"either", true, true},
	} {
		decl := f.Scope.Lookup(c.name).Decl.(*ast.FuncDecl)
		start := decl.Body.List[0]
		if _, got := NewGraph(info, decl.Body, pkg.Func(c.name)).Search(start, atom, false, false, reachesSource); got != c.ssa {
			t.Errorf("%s on SSA: source reached = %v, want %v", c.name, got, c.ssa)
		}
		if _, got := NewGraph(info, decl.Body, nil).Search(start, atom, false, false, reachesSource); got != c.noSSA {
			t.Errorf("%s on the AST graph: source reached = %v, want %v", c.name, got, c.noSSA)
		}
	}
}

// TestSearchSSABounded: a flag set in the cases of switch after switch is
// a φ of φs; each value is decided once per search, so the atom is asked
// about each comparison a bounded number of times, not once per path.
func TestSearchSSABounded(t *testing.T) {
	const switches, cases = 6, 40
	var src strings.Builder
	src.WriteString("package p\n\nfunc load() (int, error)\nfunc source() int\nfunc check(err error) bool\n\nfunc big(id []int) int {\n\tv, err := load()\n\tflag := true\n")
	for s := 0; s < switches; s++ {
		fmt.Fprintf(&src, "\tswitch id[%d] {\n", s)
		for c := 0; c < cases; c++ {
			fmt.Fprintf(&src, "\tcase %d:\n", c)
			if c%2 == 0 {
				src.WriteString("\t\tflag = true\n")
			}
		}
		src.WriteString("\t}\n")
	}
	src.WriteString("\tif flag && check(err) {\n\t\treturn v\n\t}\n\treturn source()\n}\n")
	f, pkg, info := buildSSA(t, src.String())
	asked, limit := 0, 20*switches*cases
	atom := func(x ast.Expr) (Tri, bool) {
		if asked++; asked > limit {
			t.Fatalf("the atom was asked more than %d times for %d comparisons", limit, switches*cases)
		}
		if call, ok := x.(*ast.CallExpr); ok && types.ExprString(call.Fun) == "check" {
			return False, false
		}
		return Unknown, false
	}
	decl := f.Decls[len(f.Decls)-1].(*ast.FuncDecl)
	g := NewGraph(info, decl.Body, pkg.Func("big"))
	if _, found := g.Search(decl.Body.List[0], atom, false, false, func(ast.Node) Action { return Continue }); found {
		t.Error("found with a visitor that finds nothing")
	}
}

// TestClientCmd: only a Redis client's command stands for a read's error
// through its Err method; a driver's result with an Err method does not.
func TestClientCmd(t *testing.T) {
	errType := types.Universe.Lookup("error").Type()
	named := func(path, name string) types.Type {
		pkg := types.NewPackage(path, "p")
		n := types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), types.NewStruct(nil, nil), nil)
		recv := types.NewVar(token.NoPos, pkg, "c", types.NewPointer(n))
		sig := types.NewSignatureType(recv, nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, pkg, "", errType)), false)
		n.AddMethod(types.NewFunc(token.NoPos, pkg, "Err", sig))
		return types.NewPointer(n)
	}
	for _, c := range []struct {
		t    types.Type
		want bool
	}{
		{named("github.com/redis/go-redis/v9", "IntCmd"), true},
		{named("github.com/go-redis/redis/v8", "StringCmd"), true},
		{named("go.mongodb.org/mongo-driver/mongo", "SingleResult"), false},
		{named("database/sql", "Rows"), false},
	} {
		if got := clientCmd(c.t); got != c.want {
			t.Errorf("clientCmd(%s) = %v, want %v", c.t, got, c.want)
		}
	}
}
