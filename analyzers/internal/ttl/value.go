// Package ttl evaluates TTL expressions to small abstract values: a known
// constant and where it was chosen, a jittered value, the parameters of
// functions it flows from, or unknown.
//
// It follows a value the way real code hides it: literals and time
// arithmetic, named constants, local variables, package variables and
// unexported struct fields whose every store in the package is known,
// helper functions of the package whose results are known, and functions
// of other packages through facts the caller supplies.
package ttl

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"time"
)

// Const is a TTL known at analysis time.
type Const struct {
	D time.Duration
	// Text is the expression as written where the value was chosen:
	// "10 * time.Minute", "cacheTTL".
	Text string
	// Pos is where the value was chosen (the literal, or the declaration of
	// the named constant, variable or field).
	Pos token.Pos
	// Via says how the value reached the use, for messages:
	// "field productCache.ttl", "var defaultTTL", "result of ttlFor".
	Via string

	val constant.Value // the raw number, for folding arithmetic
}

// Param is a parameter of a function of the package being analyzed.
type Param struct {
	Func  string // the function's full name, for messages
	Key   any    // the function's object (*types.Func), an identity
	Index int
	// Scale is the factor the parameter is multiplied by on its way to the
	// TTL (time.Duration(seconds) * time.Second); 0 means 1.
	Scale int64
}

func (p Param) factor() int64 {
	if p.Scale == 0 {
		return 1
	}
	return p.Scale
}

// Scale returns v with its constants multiplied by k (a caller's argument
// reaching a parameter that is scaled on its way to the TTL).
func Scale(v Value, k int64) Value {
	if k == 1 || k == 0 || len(v.Consts) == 0 {
		return v
	}
	out := v
	out.Consts = make([]Const, len(v.Consts))
	for i, c := range v.Consts {
		c.D *= time.Duration(k)
		c.val = constant.MakeInt64(int64(c.D))
		out.Consts[i] = c
	}
	return out
}

// Value is the abstract value of a TTL expression. The zero Value is
// "no possible value" (the bottom of the lattice), used for joins.
type Value struct {
	Unknown  bool // configuration, I/O, anything not followed: stay silent
	Jittered bool // depends on randomness
	// Consts are the constants the value may take, at most MaxConsts of
	// them; More counts the further ones left out. A TTL chosen among many
	// constants (a switch over kinds of entry, a helper with many returns)
	// is still a fixed TTL: one finding names the first few.
	Consts []Const
	More   int
	Params []Param
}

// MaxConsts bounds the constants one value carries, so that joins and
// arithmetic over them stay linear in the size of the code.
const MaxConsts = 8

// addConst adds c to v's constants unless the same duration chosen at the
// same place is there already; past MaxConsts it is counted in More.
func (v *Value) addConst(c Const) {
	for _, d := range v.Consts {
		if d.D == c.D && d.Pos == c.Pos && d.Text == c.Text {
			return
		}
	}
	if len(v.Consts) >= MaxConsts {
		v.More++
		return
	}
	v.Consts = append(v.Consts, c)
}

// Unknown is the value of anything not followed.
var Unknown = Value{Unknown: true}

// Jittered is the value of anything that depends on randomness.
var Jittered = Value{Jittered: true}

// Top reports whether v carries no usable constant: unknown or jittered.
func (v Value) Top() bool { return v.Unknown || v.Jittered }

// Join is the value of an expression that may take either value.
// A possible jitter wins (precision first: a value that is sometimes
// randomized is not reported); an unknown possibility comes next.
func Join(a, b Value) Value {
	switch {
	case a.Jittered || b.Jittered:
		return Jittered
	case a.Unknown || b.Unknown:
		return Unknown
	}
	out := Value{Consts: make([]Const, 0, min(len(a.Consts)+len(b.Consts), MaxConsts)), More: a.More + b.More}
	for _, c := range a.Consts {
		out.addConst(c)
	}
	for _, c := range b.Consts {
		out.addConst(c)
	}
	for _, p := range append(append([]Param(nil), a.Params...), b.Params...) {
		if !containsParam(out.Params, p) {
			out.Params = append(out.Params, p)
		}
	}
	return out
}

func containsParam(ps []Param, p Param) bool {
	for _, q := range ps {
		if q.Key == p.Key && q.Index == p.Index && q.factor() == p.factor() {
			return true
		}
	}
	return false
}

// Single returns a Value holding one constant.
func Single(c Const) Value { return Value{Consts: []Const{c}} }

// String is a deterministic rendering, for tests and debugging.
func (v Value) String() string {
	switch {
	case v.Jittered:
		return "jittered"
	case v.Unknown:
		return "unknown"
	}
	var parts []string
	for _, c := range v.Consts {
		parts = append(parts, fmt.Sprintf("const %v (%s)", c.D, c.Text))
	}
	for _, p := range v.Params {
		parts = append(parts, fmt.Sprintf("param %d of %s", p.Index, p.Func))
	}
	sort.Strings(parts)
	if v.More > 0 {
		parts = append(parts, fmt.Sprintf("%d more", v.More))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// Format renders a duration the way a person writes it: 1h, 10m, 1h30m.
func Format(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// IsDuration reports whether t is time.Duration.
func IsDuration(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Duration"
}
