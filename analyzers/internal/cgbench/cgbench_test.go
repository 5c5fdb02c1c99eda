package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{4}, 4},
		{[]float64{9, 1, 5}, 5},    // unsorted input
		{[]float64{8, 2, 4, 6}, 5}, // even: mean of the middle two
		{[]float64{1, 100, 2}, 2},  // an outlier does not move it
	} {
		if got := median(tc.xs); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.xs, got, tc.want)
		}
	}
	xs := []float64{3, 1, 2}
	median(xs)
	if xs[0] != 3 || xs[1] != 1 || xs[2] != 2 {
		t.Errorf("median sorted its argument in place: %v", xs)
	}
}

func TestFormatRatio(t *testing.T) {
	for _, tc := range []struct {
		num, den float64
		want     string
	}{
		{6.5, 5, "1.30×"},
		{1.9, 1.9, "1.00×"},
		{1, 3, "0.33×"},
		{2, 0, "n/a"}, // a floor that did not run
	} {
		if got := formatRatio(tc.num, tc.den); got != tc.want {
			t.Errorf("formatRatio(%v, %v) = %q, want %q", tc.num, tc.den, got, tc.want)
		}
	}
}

func TestRatioOf(t *testing.T) {
	cg := summary{WallSeconds: 6, CPUSeconds: 9, MaxRSSBytes: 3 << 30}
	floor := summary{WallSeconds: 5, CPUSeconds: 10, MaxRSSBytes: 2 << 30}
	r := ratioOf("facts floor", cg, floor)
	if r.Wall != 1.2 || r.CPU != 0.9 || r.MaxRSS != 1.5 {
		t.Errorf("ratioOf = %+v, want wall 1.2, CPU 0.9, peak RSS 1.5", r)
	}
	if r := ratioOf("x", cg, summary{}); r.Wall != 0 || r.MaxRSS != 0 {
		t.Errorf("ratioOf over an empty floor = %+v, want zeros", r)
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{
		512 << 20:       "512 MiB",
		1<<30 + 1<<29:   "1.50 GiB",
		(17 << 30) / 10: "1.70 GiB",
	} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCountFindings(t *testing.T) {
	out := []byte(`/m/a.go:12:3: Set uses a fixed TTL (10m) with no jitter; keys written together expire together (cache avalanche)
/m/b.go:7:10: not-found return without a sentinel write
nop: some package error
	at /m/c.go:1:1: indented continuation, not a finding
`)
	if got := countFindings(out); got != 2 {
		t.Errorf("countFindings = %d, want 2", got)
	}
}

func TestCompareOutputsSame(t *testing.T) {
	out := []byte("a.go:1:1: x\nb.go:2:2: y\n")
	if same, diff := compareOutputs(out, append([]byte(nil), out...)); !same || diff != "" {
		t.Errorf("identical outputs: same=%v diff=%q", same, diff)
	}
}

func TestCompareOutputsOrder(t *testing.T) {
	a := []byte("a.go:1:1: x\nb.go:2:2: y\nc.go:3:3: z\n")
	b := []byte("a.go:1:1: x\nc.go:3:3: z\nb.go:2:2: y\n")
	same, diff := compareOutputs(a, b)
	if same {
		t.Fatal("reordered outputs reported the same")
	}
	for _, want := range []string{"same lines in a different order", "first difference at line 2", "- b.go:2:2: y", "+ c.go:3:3: z", "  a.go:1:1: x"} {
		if !strings.Contains(diff, want) {
			t.Errorf("diff lacks %q:\n%s", want, diff)
		}
	}
}

func TestCompareOutputsContent(t *testing.T) {
	a := []byte("a.go:1:1: x\nb.go:2:2: y\n")
	b := []byte("a.go:1:1: x\n")
	same, diff := compareOutputs(a, b)
	if same {
		t.Fatal("a missing finding reported the same")
	}
	for _, want := range []string{"(2 and 1 lines)", "1 lines only in run 1, 0 only in run 2", "- b.go:2:2: y"} {
		if !strings.Contains(diff, want) {
			t.Errorf("diff lacks %q:\n%s", want, diff)
		}
	}
	if strings.Contains(diff, "+ ") {
		t.Errorf("diff shows a line run 2 does not have:\n%s", diff)
	}
}

func TestAlarming(t *testing.T) {
	for out, want := range map[string]string{
		"a.go:1:1: x\n": "",
		"a.go:1:1: x\npanic: runtime error: index out of range\n":             "panic: runtime error: index out of range",
		"ttljitter: internal error on package p (please report it): boom\n":   "ttljitter: internal error on package p (please report it): boom",
		"a.go:1:1: Set uses a fixed TTL (10m) with no jitter\nb.go:1:1: ok\n": "",
		"goroutine 1 [running]:\nmain.main()\n\tPANIC in deferred call\n":     "\tPANIC in deferred call",
	} {
		if got := alarming([]byte(out)); got != want {
			t.Errorf("alarming(%q) = %q, want %q", out, got, want)
		}
	}
}

func TestPatterns(t *testing.T) {
	bench := benchPatterns()
	if len(bench) != len(corpus) {
		t.Errorf("benchPatterns() has %d patterns for %d modules: %v", len(bench), len(corpus), bench)
	}
	for _, want := range []string{"github.com/zeromicro/go-zero/core/stores/...", "github.com/go-redis/cache/v9", "github.com/redis/go-redis/v9/..."} {
		if !contains(bench, want) {
			t.Errorf("benchPatterns() lacks %s: %v", want, bench)
		}
	}
	if got := moduleOf("github.com/go-redsync/redsync/v4/redis/goredis/v9"); got != "github.com/go-redsync/redsync/v4" {
		t.Errorf("moduleOf(redsync adapter) = %q", got)
	}
	if got := moduleOf("github.com/redis/go-redis/v9x"); got != "" {
		t.Errorf("moduleOf(a path that only shares a prefix) = %q, want none", got)
	}
	if !isInternal("github.com/hibiken/asynq/internal/rdb") || isInternal("github.com/x/internalize") {
		t.Error("isInternal misjudges an internal path")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestScoreParts(t *testing.T) {
	dir := t.TempDir()
	tsv := "# acme/shop 0123456789abcdef0123456789abcdef01234567 dir=backend go-redis v9\n" +
		"# acme/multi 89abcdef0123456789abcdef0123456789abcdef gomod=core (the cache) gomod=app/api (its users)\n" +
		"repo\tcommit\tfile\tfunction\tanalyzer\tverdict\treason\n" +
		"acme/shop\t0123456789abcdef0123456789abcdef01234567\tcache/user.go\tUserCache.Get\tcachemiss\tbug\tany error is a miss\n"
	if err := os.WriteFile(filepath.Join(dir, "labels-x.tsv"), []byte(tsv), 0o644); err != nil {
		t.Fatal(err)
	}
	labels, repos, err := readLabels(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != 1 || labels[0].function != "UserCache.Get" || labels[0].verdict != "bug" {
		t.Errorf("labels: %+v", labels)
	}
	if ri := repos["acme/shop"]; !slices.Equal(ri.moduleDirs, []string{"backend"}) || len(ri.commit) != 40 {
		t.Errorf("repo header: %+v", ri)
	}
	if ri := repos["acme/multi"]; !slices.Equal(ri.moduleDirs, []string{"core", "app/api"}) {
		t.Errorf("repo header of two modules: %+v", ri)
	}

	src := "package p\n\ntype C struct{}\n\nfunc (c *C) Get() {\n\t_ = 1\n}\n\nfunc F() {}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[int]string{6: "C.Get", 9: "F", 3: ""} {
		if got := enclosing(fset, f, line); got != want {
			t.Errorf("enclosing line %d = %q, want %q", line, got, want)
		}
	}
}

// TestThroughWrapper: a wrapper's label is met by a caller's finding that
// names it as the place of the fix, and by no other.
func TestThroughWrapper(t *testing.T) {
	fs := []finding{
		{analyzer: "ttljitter", message: "CacheUser.SetInfo → Set writes with a fixed TTL of 1h"},
		{analyzer: "cachemiss", message: "cache.Cache.IsKeyExist returns no error, so a Redis failure reaches this code as a miss"},
		{analyzer: "ttljitter", message: "RedisRepository.SetQuizCtx → SetQuizCtx writes with a fixed TTL of 10m (600)"},
	}
	for _, tc := range []struct {
		analyzer, function string
		want               bool
	}{
		{"ttljitter", "CacheUser.SetInfo", true},
		{"ttljitter", "Set", true},
		{"cachemiss", "Cache.IsKeyExist", true},
		{"cachemiss", "IsKeyExist", true},
		{"cachemiss", "KeyExist", false},
		{"cachemiss", "CacheUser.SetInfo", false},
		{"ttljitter", "Cache.IsKeyExist", false},
		{"ttljitter", "QuizRedisRepo.SetQuizCtx", true}, // the port's unseen implementation
		{"ttljitter", "QuizRedisRepo.SetQuiz", false},
		{"ttljitter", "UserRedisRepo.SetInfo", false}, // SetInfo is not the last step
	} {
		if got := throughWrapper(fs, tc.analyzer, tc.function); got != tc.want {
			t.Errorf("throughWrapper(%s, %s) = %v, want %v", tc.analyzer, tc.function, got, tc.want)
		}
	}
}
