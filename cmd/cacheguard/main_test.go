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

	"github.com/cacheguard/cacheguard/testdata/shop"
)

// root is the main module's directory; the example service is below it.
const root = "../.."

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cacheguard-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "cacheguard")
	build := exec.Command("go", "build", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building cacheguard: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// expected returns the example service's markers of the given kinds.
func expected(t *testing.T, kinds ...string) []string {
	t.Helper()
	out, err := shop.Bugs(kinds...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// jsonFindings parses the multichecker's -json output:
// {"pkg": {"analyzer": [{"posn": "file:line:col", "message": ...}]}}.
func jsonFindings(t *testing.T, out []byte) map[string][]string {
	t.Helper()
	// go vet -json prints a stream of such objects, one per package.
	got := map[string][]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		collect(t, tree, got)
	}
	for name := range got {
		sort.Strings(got[name])
	}
	return got
}

func collect(t *testing.T, tree map[string]map[string]json.RawMessage, got map[string][]string) {
	for _, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var diags []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("%s: %v: %s", name, err, raw)
			}
			for _, d := range diags {
				got[name] = append(got[name], fileLine(d.Posn))
			}
		}
	}
}

// fileLine turns /abs/dir/file.go:12:3 into file.go:12.
func fileLine(posn string) string {
	parts := strings.Split(filepath.Base(posn), ":")
	if len(parts) < 2 {
		return posn
	}
	return parts[0] + ":" + parts[1]
}

// kinds maps the example service's BUG markers to the analyzer that must
// report them.
var kinds = map[string][]string{
	"ttljitter": {"avalanche"},
	"nullcache": {"penetration", "penetration-permanent", "penetration-unchecked"},
	"cachemiss": {"outage"},
	"stampede":  {"stampede"},
}

func TestStandaloneJSON(t *testing.T) {
	cmd := exec.Command(binary, "-json", "./testdata/shop/...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cacheguard -json: %v\n%s", err, out)
	}
	got := jsonFindings(t, out)
	for name, ks := range kinds {
		want := expected(t, ks...)
		if len(want) == 0 {
			t.Fatalf("the example service has no %v markers", ks)
		}
		if fmt.Sprint(got[name]) != fmt.Sprint(want) {
			t.Errorf("%s findings:\n got %v\nwant %v", name, got[name], want)
		}
		delete(got, name)
	}
	for name, f := range got {
		t.Errorf("unexpected %s findings: %v", name, f)
	}
}

// TestPlainOutput checks the default text output and exit status: the
// findings are printed, and the status is 3 as for any multichecker.
func TestPlainOutput(t *testing.T) {
	cmd := exec.Command(binary, "./testdata/shop/...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 3 {
		t.Fatalf("exit: %v (want status 3)\n%s", err, stderr.String())
	}
	for _, w := range expected(t, "avalanche", "penetration", "outage") {
		if !strings.Contains(stderr.String(), "/"+w+":") {
			t.Errorf("no finding at %s in:\n%s", w, stderr.String())
		}
	}
	if !strings.Contains(stderr.String(), "(cache avalanche)") {
		t.Errorf("the messages do not say why: %s", stderr.String())
	}
	// Each finding names the analyzer that made it, as staticcheck does.
	for _, name := range []string{"ttljitter", "nullcache", "cachemiss"} {
		if !regexp.MustCompile(`(?m)^\S+\.go:\d+:\d+: .* \(` + name + `\)$`).MatchString(stderr.String()) {
			t.Errorf("no finding ends with (%s):\n%s", name, stderr.String())
		}
	}
}

// TestVetTool runs cacheguard as go vet's tool: vet analyzes each package
// in its own process, so the finding in prices (through the wrapper in
// package cache) needs the facts to travel between runs.
func TestVetTool(t *testing.T) {
	cmd := exec.Command("go", "vet", "-vettool="+binary, "./testdata/shop/...")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet found nothing:\n%s", out)
	}
	for _, w := range expected(t, "avalanche") {
		if !strings.Contains(string(out), w+":") {
			t.Errorf("go vet: no finding at %s in:\n%s", w, out)
		}
	}
	if !strings.Contains(string(out), "Cache.Set → Set") {
		t.Errorf("go vet: the cross-package wrapper finding is missing:\n%s", out)
	}
	if !strings.Contains(string(out), "add random jitter to the TTL (ttljitter)") {
		t.Errorf("go vet: findings do not name their analyzer:\n%s", out)
	}

	cmd = exec.Command("go", "vet", "-vettool="+binary, "-json", "./testdata/shop/...")
	cmd.Dir = root
	out, err = cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet -json: %v\n%s", err, out)
	}
	// vet prints "# pkg" lines before each package's JSON object.
	stream := regexp.MustCompile(`(?m)^# .*$`).ReplaceAll(out, nil)
	got := jsonFindings(t, stream)
	for name, ks := range kinds {
		if want := expected(t, ks...); fmt.Sprint(got[name]) != fmt.Sprint(want) {
			t.Errorf("go vet -json %s findings:\n got %v\nwant %v", name, got[name], want)
		}
	}
}

// TestBadInput: a package that does not type-check gets a clear error,
// not a panic; an unknown flag is refused.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module broken\n\ngo 1.26\n")
	write("broken.go", "package broken\n\nfunc f() { undefinedCall(1 }\n")
	cmd := exec.Command(binary, "./...")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil || strings.Contains(string(out), "panic") {
		t.Fatalf("want a load error without a panic, got %v:\n%s", err, out)
	}
	if !strings.Contains(string(out), "broken.go") {
		t.Errorf("the error does not name the file:\n%s", out)
	}

	cmd = exec.Command(binary, "-ttljitter.jitter-percent=0", "./testdata/shop/products")
	cmd.Dir = root
	out, err = cmd.CombinedOutput()
	if err == nil || strings.Count(string(out), "jitter-percent must be between 1 and 100") != 1 || strings.Contains(string(out), "ttljitter: ttljitter") {
		t.Errorf("want one configuration error naming the flag, got %v:\n%s", err, out)
	}

	// A not-found error of the wrong form is refused at once; one that
	// names nothing in a package the code imports is said once.
	cmd = exec.Command(binary, "-nullcache.not-found-errors=ErrGone", "./testdata/shop/...")
	cmd.Dir = root
	out, err = cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), `"ErrGone" is not import/path.Name`) {
		t.Errorf("want the form of -nullcache.not-found-errors refused, got %v:\n%s", err, out)
	}
	cmd = exec.Command(binary, "-nullcache.not-found-errors=github.com/cacheguard/cacheguard/testdata/shop/catalog.ErrGoen", "./testdata/shop/...")
	cmd.Dir = root
	out, err = cmd.CombinedOutput()
	if err == nil || strings.Count(string(out), "catalog.ErrGoen names nothing") != 1 {
		t.Errorf("want one error saying the not-found error names nothing, got %v:\n%s", err, out)
	}
}

// TestLocal: -local finds what a package shows by itself (everything but
// the findings through wrappers in other packages), from export data.
func TestLocal(t *testing.T) {
	cmd := exec.Command(binary, "-local", "-json", "./testdata/shop/...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cacheguard -local -json: %v\n%s", err, out)
	}
	local := jsonFindings(t, out)
	for name, ks := range kinds {
		want := map[string]bool{}
		for _, w := range expected(t, ks...) {
			want[w] = true
		}
		for _, f := range local[name] {
			if !want[f] {
				t.Errorf("-local: %s reports %s, which is not a marked bug", name, f)
			}
		}
	}
	// Direct findings stay; the prices findings go through the cache
	// package's wrapper, which only facts can follow.
	if !contains(local["nullcache"], "inventory.go:61") || !contains(local["ttljitter"], "products.go:78") {
		t.Errorf("-local lost direct findings: %v", local)
	}
	for _, f := range local["ttljitter"] {
		if strings.HasPrefix(f, "prices.go") {
			t.Errorf("-local followed a wrapper in another package: %s", f)
		}
	}
}

// scenariosDir returns testdata/scenarios with its modules downloaded
// (the tests load it with GOPROXY=off).
func scenariosDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(root, "testdata", "scenarios"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in %s: %v\n%s", dir, err, out)
	}
	return dir
}

// TestBrokenCode: a dependency that does not type-check, a function with a
// type error and a broken in-package test file do not hide the findings
// that can still be made; what was skipped is said once; each finding is
// printed once (no second copy for the test variant).
func TestBrokenCode(t *testing.T) {
	dir := scenariosDir(t)
	cmd := exec.Command(binary, "-json", "./robust/usesbroken", "./robust/withtests")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// The driver prints the type errors and exits 1; the findings are in
	// the JSON all the same.
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("cacheguard -json: %v (want exit status 1 for the type errors)\n%s%s", err, out, stderr.String())
	}
	for _, bad := range []string{"failed prerequisites", "panic", "analysis skipped", "internal error"} {
		if strings.Contains(string(out)+stderr.String(), bad) {
			t.Errorf("output mentions %q:\n%s%s", bad, out, stderr.String())
		}
	}
	got := jsonFindings(t, out)
	want := "[edit.go:11 svc.go:24 withtests.go:19]"
	if fmt.Sprint(got["ttljitter"]) != want {
		t.Errorf("ttljitter findings %v, want %s (the skip note, the loader beside the broken function, the package with a broken test, once each)", got["ttljitter"], want)
	}
	if !strings.Contains(string(out), "cacheguard did not check 1 function that does not type-check (MidEdit)") {
		t.Errorf("no note naming the skipped function:\n%s", out)
	}

	// The plain output names the type errors (the driver's) and exits 1.
	cmd = exec.Command(binary, "./robust/usesbroken")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	plain, _ := cmd.CombinedOutput()
	for _, w := range []string{"undefined: undefinedLoad", "svc.go:24:23: Set writes with a fixed TTL of 1h"} {
		if !strings.Contains(string(plain), w) {
			t.Errorf("plain output lacks %q:\n%s", w, plain)
		}
	}
}

// TestFlagOrder: -local and -tags work wherever they are among the flags,
// and -local is in the help.
func TestFlagOrder(t *testing.T) {
	run := func(args ...string) string {
		cmd := exec.Command(binary, args...)
		cmd.Dir = root
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	full := run("-json", "./testdata/shop/prices")
	local := run("-json", "-c", "0", "-local", "./testdata/shop/prices")
	if !strings.Contains(full, "Cache.Set") || strings.Contains(local, "Cache.Set") {
		t.Errorf("-local after other flags had no effect:\nfull: %s\nlocal: %s", full, local)
	}
	if help := run("-help"); !strings.Contains(help, "-local") {
		t.Errorf("-local is not in the usage text:\n%s", help)
	}
	// A file behind a build tag is loaded only with -tags.
	dir := scenariosDir(t)
	tagged := func(args ...string) string {
		cmd := exec.Command(binary, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	if out := tagged("-json", "./robust/tagged"); strings.Contains(out, "loader_tagged.go") {
		t.Errorf("a file behind a build tag was checked without -tags:\n%s", out)
	}
	for _, args := range [][]string{{"-tags", "cgtagged", "-json"}, {"-json", "-tags=cgtagged"}} {
		if out := tagged(append(args, "./robust/tagged")...); !strings.Contains(out, "loader_tagged.go:18") {
			t.Errorf("%v: the loader behind the tag was not checked:\n%s", args, out)
		}
	}
}

// TestCgo: a file that imports "C" is rewritten by cgo, and the rewritten
// file says "Code generated by cmd/cgo"; it is still the user's code:
// its finding is reported and its directive silences one.
func TestCgo(t *testing.T) {
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skipf("cgo is not enabled here (go env CGO_ENABLED: %s %v)", out, err)
	}
	cmd := exec.Command(binary, "./robust/withcgo")
	cmd.Dir = scenariosDir(t)
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "withcgo.go:24:23: Set writes with a fixed TTL of 1h") {
		t.Errorf("no finding in the cgo file:\n%s", out)
	}
	if strings.Contains(string(out), "silences nothing") || strings.Count(string(out), "fixed TTL") != 1 {
		t.Errorf("the directive in the cgo file was not honoured:\n%s", out)
	}
}

// TestMalformedDirectives: a malformed directive is reported once, by the
// first analyzer in the registry's order that runs, in every run and
// through go vet as well. The analyzers of a package run in parallel;
// "whichever reports first" would change the name that the output, the
// SARIF rule and the baseline fingerprint give it from run to run.
func TestMalformedDirectives(t *testing.T) {
	dir := scenariosDir(t)
	// reports runs cacheguard (or go vet with it) on the scenario and
	// returns the lines that report a malformed directive.
	reports := func(vet bool, args ...string) []string {
		t.Helper()
		cmd := exec.Command(binary, append(args, "./ttljitter/directive")...)
		if vet {
			cmd = exec.Command("go", append(append([]string{"vet", "-vettool=" + binary}, args...), "./ttljitter/directive")...)
		}
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
		out, _ := cmd.CombinedOutput()
		var lines []string
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, "malformed directive") || strings.Contains(line, "needs a reason") {
				lines = append(lines, line)
			}
		}
		return lines
	}
	// In the scenario: a bare //cacheguard:ignore, three near misses, a
	// misspelt analyzer name, and a directive with no reason.
	const want = 6
	for _, tc := range []struct {
		vet   bool
		args  []string
		owner string
		runs  int
	}{
		{false, nil, "ttljitter", 4},
		{false, []string{"-ttljitter=false"}, "nullcache", 2},
		{false, []string{"-cachemiss"}, "cachemiss", 1},
		{true, []string{"-ttljitter=false"}, "nullcache", 1},
	} {
		name := fmt.Sprintf("vet=%v %v", tc.vet, tc.args)
		first := reports(tc.vet, tc.args...)
		if len(first) != want {
			t.Errorf("%s: %d malformed directives reported, want %d (once each):\n%s", name, len(first), want, strings.Join(first, "\n"))
		}
		for _, line := range first {
			if !strings.HasSuffix(line, " ("+tc.owner+")") {
				t.Errorf("%s: reported by another analyzer than %s: %s", name, tc.owner, line)
			}
		}
		for range tc.runs - 1 {
			if again := reports(tc.vet, tc.args...); strings.Join(again, "\n") != strings.Join(first, "\n") {
				t.Errorf("%s: another run reported otherwise:\n%s\nthen:\n%s", name, strings.Join(first, "\n"), strings.Join(again, "\n"))
			}
		}
	}
}

// TestUnseenCacheInterface: a clean-architecture use case that reaches its
// cache only through a domain interface, implemented in a package it does
// not import, is judged by the interface's contract.
func TestUnseenCacheInterface(t *testing.T) {
	cmd := exec.Command(binary, "./iface/contract/usecase")
	cmd.Dir = scenariosDir(t)
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	out, _ := cmd.CombinedOutput()
	for _, want := range []string{
		"usecase.go:26:5: err != nil sends every error of GetArticle to u.store.ByID",
		"usecase.go:36:45: ArticleCache.SetArticle → SetArticle writes with a fixed TTL of 1h (cacheSeconds",
		"usecase.go:34:3: u.store.ByID reaches this return when it returns its not-found error (its implementation is not visible from here) without caching a sentinel",
		"usecase.go:60:3: u.store.ByID reaches this return",
		"usecase.go:62:37: ArticleCache.SetDraft → SetDraft writes with a fixed TTL of 5m",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	n := 0
	for _, a := range []string{"(ttljitter)", "(cachemiss)", "(nullcache)"} {
		n += strings.Count(string(out), a)
	}
	if n != 5 {
		t.Errorf("want exactly the five findings (the draft written without a read stays silent):\n%s", out)
	}
}
