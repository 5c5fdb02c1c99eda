package ttljitter

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"go/version"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

const randPath = "math/rand/v2"

// jitterFix adds random jitter to a TTL written at the call:
// ttl → ttl + rand.N(ttl/10), importing math/rand/v2 if needed. It is
// offered only when it is certain to compile: the TTL is a typed
// time.Duration constant, the file may use math/rand/v2 (go1.22+), and the
// name it needs is free.
func jitterFix(pass *analysis.Pass, x ast.Expr, percent int) (analysis.SuggestedFix, bool) {
	tv, ok := pass.TypesInfo.Types[x]
	if !ok || tv.Value == nil || !isDuration(tv.Type) || !namesDuration(pass.TypesInfo, x) {
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
			if c, ok := info.Uses[id].(*types.Const); ok && isDuration(c.Type()) {
				found = true
			}
		}
		return !found
	})
	return found
}

func isDuration(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Duration"
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
	return "rand", importEdit(file), true
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
