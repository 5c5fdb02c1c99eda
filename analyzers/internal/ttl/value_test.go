package ttl

import (
	"go/constant"
	"go/token"
	"testing"
	"time"
)

func c(d time.Duration) Const {
	return Const{D: d, Text: d.String(), val: constant.MakeInt64(int64(d))}
}

func TestFormat(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour:                  "1h",
		10 * time.Minute:           "10m",
		90 * time.Minute:           "1h30m",
		30 * time.Second:           "30s",
		time.Hour + 30*time.Second: "1h0m30s",
		1500 * time.Millisecond:    "1.5s",
		24 * time.Hour:             "24h",
	} {
		if got := Format(d); got != want {
			t.Errorf("Format(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestJoin(t *testing.T) {
	p := Param{Func: "f", Key: "f", Index: 1}
	cases := []struct {
		a, b Value
		want string
	}{
		{Single(c(time.Hour)), Single(c(time.Minute)), "const 1h0m0s (1h0m0s), const 1m0s (1m0s)"},
		{Single(c(time.Hour)), Jittered, "jittered"},
		{Unknown, Single(c(time.Hour)), "unknown"},
		{Unknown, Jittered, "jittered"}, // a possible jitter wins: precision first
		{Value{Params: []Param{p}}, Value{Params: []Param{p}}, "param 1 of f"},
		{Value{}, Value{}, "none"},
	}
	for _, tc := range cases {
		if got := Join(tc.a, tc.b).String(); got != tc.want {
			t.Errorf("Join(%v, %v) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestScale(t *testing.T) {
	v := Scale(Single(c(600)), int64(time.Second))
	if len(v.Consts) != 1 || v.Consts[0].D != 10*time.Minute {
		t.Fatalf("Scale(600, 1s) = %v", v)
	}
	orig := Single(c(600))
	_ = Scale(orig, 1000)
	if orig.Consts[0].D != 600 {
		t.Errorf("Scale modified its argument: %v", orig.Consts[0].D)
	}
	if got := Scale(Jittered, 10); !got.Jittered {
		t.Errorf("Scale(jittered) = %v", got)
	}
}

func TestFold(t *testing.T) {
	got, ok := fold(c(time.Hour), token.QUO, c(2))
	if !ok || got.D != 30*time.Minute {
		t.Errorf("1h / 2 = %v, %v", got.D, ok)
	}
	if _, ok := fold(c(time.Hour), token.QUO, c(0)); ok {
		t.Error("division by zero folded")
	}
}

// TestJoinBounded: joining many constants keeps MaxConsts of them and
// counts the rest, so a variable with thousands of stores costs linear
// time and still has a constant value (not a silent cliff to unknown).
func TestJoinBounded(t *testing.T) {
	var v Value
	for i := range 20000 {
		v = Join(v, Single(Const{D: time.Duration(i+1) * time.Second, Text: "x", Pos: token.Pos(i + 1)}))
	}
	if len(v.Consts) != MaxConsts || v.More != 20000-MaxConsts || v.Top() {
		t.Errorf("20000 joins: %d consts, %d more, top %t; want %d, %d, false",
			len(v.Consts), v.More, v.Top(), MaxConsts, 20000-MaxConsts)
	}
	// The same constant chosen at the same place is one candidate.
	same := Join(Single(c(time.Hour)), Single(c(time.Hour)))
	if len(same.Consts) != 1 || same.More != 0 {
		t.Errorf("Join of one constant with itself: %v", same)
	}
}
