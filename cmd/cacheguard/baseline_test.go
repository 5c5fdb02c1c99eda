package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// ran is one run of the binary.
type ran struct {
	stdout, stderr string
	code           int
}

// runIn runs cacheguard in dir with the module cache only (the scenario
// modules are type-checked against the real go-redis).
func runIn(t *testing.T, dir string, args ...string) ran {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := ran{stdout.String(), stderr.String(), 0}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("cacheguard %v: %v", args, err)
	}
	return r
}

// scenario copies testdata/baseline (module "baseline": package lib with
// a Set wrapper that jitters the TTL, package shop calling it with fixed
// TTLs) to a temporary directory the test may edit.
func scenario(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "baseline"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// edit replaces old with new in the file, once; old must be there.
func edit(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	data = bytes.Replace(data, []byte(old), []byte(new), 1)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// reported returns the file:line of each finding of the plain output.
func reported(out string) []string {
	var got []string
	for _, m := range regexp.MustCompile(`(?m)^\S*/(\w+\.go):(\d+):\d+: .* \((\w+)\)$`).FindAllStringSubmatch(out, -1) {
		got = append(got, m[1]+":"+m[2])
	}
	sort.Strings(got)
	return got
}

// removeJitter turns lib's Set into a wrapper that forwards the TTL as is.
func removeJitter(t *testing.T, dir string) {
	edit(t, filepath.Join(dir, "lib", "cache.go"), "Jitter(ttl)", "ttl")
}

// TestBaselineWrapperRegression: the jitter deleted from a shared Set
// wrapper in package lib is new at its two unchanged callers in package
// shop — which a line-based baseline (new-from-rev) cannot see — while the
// findings recorded in the baseline stay quiet.
func TestBaselineWrapperRegression(t *testing.T) {
	dir := scenario(t)
	base := filepath.Join(dir, "cacheguard-baseline.json")

	r := runIn(t, dir, "-write-baseline", base, "./...")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "recorded 3 findings") {
		t.Fatalf("-write-baseline: status %d, want 0, nothing printed but the count of 3:\n%s%s", r.code, r.stdout, r.stderr)
	}
	var file struct {
		Version  int
		Findings []struct {
			Analyzer, Category, Package, Function, Message string
			Count                                          int
		}
	}
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("the baseline is not JSON: %v\n%s", err, data)
	}
	var entries []string
	for _, f := range file.Findings {
		entries = append(entries, fmt.Sprintf("%s/%s %s %s ×%d", f.Analyzer, f.Category, f.Package, f.Function, f.Count))
		if regexp.MustCompile(`\.go:\d`).MatchString(f.Message) {
			t.Errorf("a fingerprint keeps a position: %q", f.Message)
		}
	}
	want := "[ttljitter/avalanche baseline/shop Store.Name ×1 ttljitter/avalanche baseline/shop Store.Pair ×2]"
	if file.Version != 1 || fmt.Sprint(entries) != want {
		t.Errorf("baseline version %d, entries %v; want version 1, %s\n%s", file.Version, entries, want, data)
	}

	if r := runIn(t, dir, "-baseline", base, "./..."); r.code != 0 || len(reported(r.stderr)) != 0 {
		t.Errorf("against its own baseline: status %d, findings %v; want 0 and none:\n%s", r.code, reported(r.stderr), r.stderr)
	}
	if r := runIn(t, dir, "./..."); r.code != 3 || len(reported(r.stderr)) != 3 {
		t.Errorf("without the baseline: status %d, findings %v; want 3 and the three recorded", r.code, reported(r.stderr))
	}

	removeJitter(t, dir)
	r = runIn(t, dir, "-baseline", base, "./...")
	if got := fmt.Sprint(reported(r.stderr)); r.code != 3 || got != "[shop.go:27 shop.go:39]" {
		t.Errorf("jitter removed in lib: status %d, new findings %s; want 3 and the two callers in shop, shop.go:27 and shop.go:39:\n%s", r.code, got, r.stderr)
	}
	if !strings.Contains(r.stderr, "Cache.Set → Set writes with a fixed TTL of 10m") {
		t.Errorf("the new findings do not name the wrapper:\n%s", r.stderr)
	}

	// The other formats fail the check too, with the new findings only.
	r = runIn(t, dir, "-baseline", base, "-json", "./...")
	if got := jsonFindings(t, []byte(r.stdout)); r.code != 3 || fmt.Sprint(got) != "map[ttljitter:[shop.go:27 shop.go:39]]" {
		t.Errorf("-json -baseline: status %d, findings %v; want 3 and the two callers", r.code, got)
	}
	r = runIn(t, dir, "-sarif", "-baseline", base, "./...")
	log := parseSARIF(t, []byte(r.stdout))
	var lines []string
	for _, res := range log.Runs[0].Results {
		l := res.Locations[0].PhysicalLocation
		lines = append(lines, fmt.Sprintf("%s:%d %s", l.ArtifactLocation.URI, l.Region.StartLine, res.BaselineState))
	}
	if r.code != 3 || fmt.Sprint(lines) != "[shop/shop.go:27 new shop/shop.go:39 new]" {
		t.Errorf("-sarif -baseline: status %d, results %v; want 3 and the two callers, new", r.code, lines)
	}
}

// TestBaselineSurvivesMoves: blank lines and a function inserted above the
// findings, functions reordered, and the wrapper moved down in its file
// change every line and every position in the messages, and nothing is
// new.
func TestBaselineSurvivesMoves(t *testing.T) {
	dir := scenario(t)
	removeJitter(t, dir) // the callers' messages name the wrapper's line
	base := filepath.Join(dir, "baseline.json")
	if r := runIn(t, dir, "-write-baseline", base, "./..."); r.code != 0 || !strings.Contains(r.stderr, "recorded 5 findings") {
		t.Fatalf("-write-baseline: status %d:\n%s", r.code, r.stderr)
	}
	before := runIn(t, dir, "./...")

	shop := filepath.Join(dir, "shop", "shop.go")
	lib := filepath.Join(dir, "lib", "cache.go")
	edit(t, lib, "// Set writes", "\n\n// Del is new, and moves Set down.\nfunc (c *Cache) Del(ctx context.Context, key string) error {\n\treturn c.rdb.Del(ctx, key).Err()\n}\n\n// Set writes")
	edit(t, shop, "type Product struct", "\n\n\n// helper is new, and moves everything down.\nfunc helper() string { return \"x\" }\n\ntype Product struct")
	// Pair and NewStore (which sets the TTL field the message names) move
	// above the loaders.
	data, err := os.ReadFile(shop)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	cut := func(from, to string) string {
		i, j := strings.Index(src, from), len(src)
		if to != "" {
			j = strings.Index(src, to)
		}
		if i < 0 || j < i {
			t.Fatalf("cannot find %q .. %q in shop.go", from, to)
		}
		part := src[i:j]
		src = src[:i] + src[j:]
		return part
	}
	pair := cut("// Pair writes", "") // to the end
	newStore := cut("func NewStore", "// Name is")
	src = strings.Replace(src, "// ok while lib.Cache.Set jitters", pair+"\n"+newStore+"// ok while lib.Cache.Set jitters", 1)
	if err := os.WriteFile(shop, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}

	after := runIn(t, dir, "./...")
	if len(reported(after.stderr)) != 5 || fmt.Sprint(reported(after.stderr)) == fmt.Sprint(reported(before.stderr)) {
		t.Fatalf("the edits should move all 5 findings:\nbefore %v\nafter  %v\n%s", reported(before.stderr), reported(after.stderr), after.stderr)
	}
	for _, moved := range []string{"Set at cache.go:33", "set at shop.go:50"} {
		if !strings.Contains(before.stderr, moved) || strings.Contains(after.stderr, moved) {
			t.Errorf("the edits should change %q in the messages:\nbefore:\n%s\nafter:\n%s", moved, before.stderr, after.stderr)
		}
	}
	if r := runIn(t, dir, "-baseline", base, "./..."); r.code != 0 || len(reported(r.stderr)) != 0 || !strings.Contains(r.stderr, "0 findings not in the baseline") {
		t.Errorf("after moving code: status %d, new findings %v; want 0 and none:\n%s", r.code, reported(r.stderr), r.stderr)
	}
}

// TestBaselineCounts: two identical findings in one function are recorded
// as two; a third is new, and one fewer is no longer found.
func TestBaselineCounts(t *testing.T) {
	dir := scenario(t)
	base := filepath.Join(dir, "baseline.json")
	if r := runIn(t, dir, "-write-baseline", base, "./..."); r.code != 0 {
		t.Fatalf("-write-baseline: status %d:\n%s", r.code, r.stderr)
	}
	shop := filepath.Join(dir, "shop", "shop.go")
	const second = "\ts.rdb.Set(ctx, key, \"db\", time.Hour)\n\treturn \"db\", nil"
	edit(t, shop, second, "\ts.rdb.Set(ctx, key, \"again\", time.Hour)\n"+second)
	r := runIn(t, dir, "-baseline", base, "./...")
	if got := reported(r.stderr); r.code != 3 || len(got) != 1 {
		t.Errorf("a third identical finding in Store.Pair: status %d, new %v; want 3 and one new finding:\n%s", r.code, got, r.stderr)
	}

	dir = scenario(t)
	if r := runIn(t, dir, "-write-baseline", base, "./..."); r.code != 0 {
		t.Fatalf("-write-baseline: status %d:\n%s", r.code, r.stderr)
	}
	edit(t, filepath.Join(dir, "shop", "shop.go"), "\t\ts.rdb.Set(ctx, key, \"empty\", time.Hour)\n", "")
	r = runIn(t, dir, "-baseline", base, "./...")
	if r.code != 0 || len(reported(r.stderr)) != 0 || !strings.Contains(r.stderr, "1 entry of the baseline no longer found") {
		t.Errorf("one of two identical findings fixed: status %d; want 0, nothing new, and the stale entry said:\n%s", r.code, r.stderr)
	}
}

// TestReviewFlags: the combinations that make no sense are refused with a
// message, and so is a baseline under go vet, which sees one package at a
// time.
func TestReviewFlags(t *testing.T) {
	dir := scenario(t)
	base := filepath.Join(dir, "baseline.json")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-json", "-sarif", "./..."}, "-json and -sarif are exclusive"},
		{[]string{"-sarif", "-c", "1", "./..."}, "-c prints context"},
		{[]string{"-write-baseline", base, "-sarif", "./..."}, "-write-baseline records the findings and prints none"},
		{[]string{"-write-baseline", base, "-fix", "./..."}, "-fix applies the suggested fixes"},
		{[]string{"-baseline", filepath.Join(dir, "missing.json"), "./..."}, "write one with -write-baseline"},
		{[]string{"-sarif", "-ttljitter=false", "-nullcache=false", "-cachemiss=false", "-stampede=false", "./..."}, "every analyzer is turned off"},
	} {
		r := runIn(t, dir, c.args...)
		if r.code == 0 || r.code == 3 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: status %d, want an error saying %q:\n%s%s", c.args, r.code, c.want, r.stdout, r.stderr)
		}
	}
	if err := os.WriteFile(base, []byte(`{"version": 2, "tool": "cacheguard", "findings": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runIn(t, dir, "-baseline", base, "./..."); r.code != 1 || !strings.Contains(r.stderr, "this cacheguard reads version 1") {
		t.Errorf("a baseline of another version: status %d:\n%s", r.code, r.stderr)
	}

	// The analyzers' flags and -NAME switches work in the review route.
	r := runIn(t, dir, "-sarif", "-ttljitter=false", "./...")
	if n := len(parseSARIF(t, []byte(r.stdout)).Runs[0].Results); r.code != 0 || n != 0 {
		t.Errorf("-sarif -ttljitter=false: status %d, %d results; want 0 and none:\n%s", r.code, n, r.stderr)
	}
	r = runIn(t, dir, "-ttljitter.not-cache-keys", "pair:", "-sarif", "./...")
	if n := len(parseSARIF(t, []byte(r.stdout)).Runs[0].Results); n != 1 {
		t.Errorf("-ttljitter.not-cache-keys pair: -sarif: %d results, want 1 (the two writes of pair: keys are no cache entries)", n)
	}

	// The usage text lists them, in both routes.
	for _, args := range [][]string{{"-help"}, {"-sarif", "-help"}} {
		help := runIn(t, dir, args...).stderr
		for _, f := range []string{"-baseline file", "-write-baseline file", "-sarif", "-local", "-tags string"} {
			if !strings.Contains(help, "  "+f+"\n") {
				t.Errorf("%v: the usage text lacks %s:\n%s", args, f, help)
			}
		}
	}

	cmd := exec.Command("go", "vet", "-vettool="+binary, "-baseline="+base, "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "-baseline is not available under go vet") {
		t.Errorf("go vet -baseline: %v, want the flag refused:\n%s", err, out)
	}
}

// TestReviewBrokenCode: the review route keeps the standalone route's
// behaviour on code that does not type-check (TestBrokenCode): the type
// errors are printed and the status is 1, the findings that can be made
// are kept, once each, with the note naming the skipped function.
func TestReviewBrokenCode(t *testing.T) {
	dir := scenariosDir(t)
	r := runIn(t, dir, "-sarif", "./robust/usesbroken", "./robust/withtests")
	if r.code != 1 || !strings.Contains(r.stderr, "undefined: undefinedLoad") {
		t.Errorf("status %d, want 1 and the type error printed:\n%s", r.code, r.stderr)
	}
	for _, bad := range []string{"failed prerequisites", "panic", "analysis skipped", "internal error"} {
		if strings.Contains(r.stdout+r.stderr, bad) {
			t.Errorf("output mentions %q:\n%s%s", bad, r.stdout, r.stderr)
		}
	}
	var got []string
	for _, res := range parseSARIF(t, []byte(r.stdout)).Runs[0].Results {
		l := res.Locations[0].PhysicalLocation
		got = append(got, fmt.Sprintf("%s %s:%d", res.RuleID, filepath.Base(l.ArtifactLocation.URI), l.Region.StartLine))
	}
	sort.Strings(got)
	want := "[ttljitter/avalanche svc.go:24 ttljitter/avalanche withtests.go:19 ttljitter/skipped edit.go:11]"
	if fmt.Sprint(got) != want {
		t.Errorf("results %v, want %s", got, want)
	}

	// -test loads the test variant too; each finding is still reported once.
	r = runIn(t, dir, "-sarif", "-test", "./robust/withtests")
	got = nil
	for _, res := range parseSARIF(t, []byte(r.stdout)).Runs[0].Results {
		l := res.Locations[0].PhysicalLocation
		got = append(got, fmt.Sprintf("%s %s:%d", res.RuleID, filepath.Base(l.ArtifactLocation.URI), l.Region.StartLine))
	}
	sort.Strings(got)
	// The broken test function is now loaded, and said to be skipped.
	if want := "[ttljitter/avalanche withtests.go:19 ttljitter/skipped withtests_test.go:5]"; fmt.Sprint(got) != want {
		t.Errorf("-test: results %v, want %s (the package's finding once, not again for its test variant)", got, want)
	}
}
