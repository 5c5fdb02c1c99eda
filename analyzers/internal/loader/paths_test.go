package loader

import (
	"go/ast"
	"go/parser"
	"testing"
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
