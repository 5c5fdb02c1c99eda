package ttljitter

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"go/version"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

const randPath = "math/rand/v2"

// jitterFix adds random jitter to a TTL written at the call:
// ttl → ttl + rand.N(ttl/10), importing math/rand/v2 if needed. It is
// offered only when it is certain to compile: the TTL is a typed
// time.Duration constant, the file may use math/rand/v2 (go1.22+), and the
// name it needs is free.
func jitterFix(pass *analysis.Pass, x ast.Expr, percent int) (analysis.SuggestedFix, bool) {
	tv, ok := pass.TypesInfo.Types[x]
	if !ok || tv.Value == nil || !ttl.IsDuration(tv.Type) || !namesDuration(pass.TypesInfo, x) {
		return analysis.SuggestedFix{}, false
	}
	// The jitter's bound must be at least 1ns (rand.N(0) panics at run
	// time), and ttl*percent must not overflow (a constant overflow does
	// not compile).
	d, exact := constant.Int64Val(constant.ToInt(tv.Value))
	if !exact || d <= 0 || d > math.MaxInt64/int64(percent) || d*int64(percent)/100 < 1 {
		return analysis.SuggestedFix{}, false
	}
	if 100%percent == 0 && d/int64(100/percent) < 1 {
		return analysis.SuggestedFix{}, false
	}
	file := fileOf(pass, x.Pos())
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	if v := pass.TypesInfo.FileVersions[file]; v != "" && version.Compare(v, "go1.22") < 0 {
		return analysis.SuggestedFix{}, false
	}
	name, importEdit, ok := randName(pass, file, x.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	src := exprText(pass.Fset, x)
	operand := src
	switch ast.Unparen(x).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.BasicLit, *ast.CallExpr:
	default:
		operand = "(" + src + ")"
	}
	frac := operand + "*" + strconv.Itoa(percent) + "/100"
	if 100%percent == 0 {
		frac = operand + "/" + strconv.Itoa(100/percent)
	}
	repl := fmt.Sprintf("%s + %s.N(%s)", src, name, frac)
	edits := []analysis.TextEdit{{Pos: x.Pos(), End: x.End(), NewText: []byte(repl)}}
	if importEdit != nil {
		edits = append(edits, *importEdit)
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("add up to %d%% random jitter to the TTL", percent),
		TextEdits: edits,
	}, true
}

// namesDuration reports whether x refers to a typed time.Duration
// constant (time.Minute, a const declared from one). A bare number is
// untyped: rand.N would draw an int, and the sum would not compile.
func namesDuration(info *types.Info, x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if c, ok := info.Uses[id].(*types.Const); ok && ttl.IsDuration(c.Type()) {
				found = true
			}
		}
		return !found
	})
	return found
}

func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

func exprText(fset *token.FileSet, x ast.Expr) string {
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, x); err != nil {
		return types.ExprString(x)
	}
	return buf.String()
}

// randName returns the name under which math/rand/v2 is (or will be)
// visible at pos, and the edit that imports it when the file does not yet.
func randName(pass *analysis.Pass, file *ast.File, pos token.Pos) (string, *analysis.TextEdit, bool) {
	scope := pass.TypesInfo.Scopes[file]
	inner := scope
	if s := pass.Pkg.Scope().Innermost(pos); s != nil {
		inner = s
	}
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if path != randPath {
			continue
		}
		name := "rand"
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." {
			return "", nil, false
		}
		if _, obj := inner.LookupParent(name, pos); obj != nil {
			if pn, ok := obj.(*types.PkgName); ok && pn.Imported().Path() == randPath {
				return name, nil, true
			}
		}
		return "", nil, false
	}
	if _, obj := inner.LookupParent("rand", pos); obj != nil {
		return "", nil, false // "rand" is taken (math/rand, or a local name)
	}
	if randDeclaredElsewhere(pass) {
		return "", nil, false
	}
	return "rand", importEdit(file), true
}

// randDeclaredElsewhere reports whether a file of the package that this
// pass does not see declares "rand" at package level: an in-package
// _test.go file, or a file for other build tags. The import added to one
// file would clash with it there (go test, or another GOOS, would not
// compile). Any file that cannot be read or parsed counts as a clash: the
// fix is offered only when it is certain.
func randDeclaredElsewhere(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return true
	}
	dir := filepath.Dir(pass.Fset.Position(pass.Files[0].Package).Filename)
	seen := map[string]bool{}
	for _, f := range pass.Files {
		seen[pass.Fset.Position(f.Package).Filename] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return true
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || seen[name] {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return true
		}
		if f.Name.Name != pass.Pkg.Name() {
			continue // an external test package (p_test), or another package
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "rand" {
					return true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						for _, n := range spec.Names {
							if n.Name == "rand" {
								return true
							}
						}
					case *ast.TypeSpec:
						if spec.Name.Name == "rand" {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// importEdit inserts the import of math/rand/v2 in sorted position.
func importEdit(file *ast.File) *analysis.TextEdit {
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		if !gd.Lparen.IsValid() {
			// import "x" → import ("math/rand/v2"; "x") would need a rewrite;
			// add a second declaration instead.
			return &analysis.TextEdit{Pos: gd.End(), End: gd.End(), NewText: []byte("\nimport \"" + randPath + "\"")}
		}
		for _, spec := range gd.Specs {
			is := spec.(*ast.ImportSpec)
			if p, _ := strconv.Unquote(is.Path.Value); p > randPath {
				return &analysis.TextEdit{Pos: is.Pos(), End: is.Pos(), NewText: []byte("\"" + randPath + "\"\n\t")}
			}
		}
		last := gd.Specs[len(gd.Specs)-1]
		return &analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte("\n\t\"" + randPath + "\"")}
	}
	return &analysis.TextEdit{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport \"" + randPath + "\"")}
}
