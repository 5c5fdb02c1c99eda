package plugin_test

// The end-to-end test: it builds golangci-lint with the plugin (the module
// in plugin/golangci, as the README does), and runs it on the example
// service and on a small module of its own, as a user would; and it checks
// which modules a build with the plugin pulls in.

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cacheguard/cacheguard/plugin/internal/readme"
	"github.com/cacheguard/cacheguard/testdata/shop"
)

// root is the main module's directory.
const root = ".."

// golangciLint returns the custom golangci-lint, built once per test
// process and kept in the user's cache directory under a hash of all it is
// built from, so that only the first run after a change pays for the build
// (a minute or two cold; the module cache is enough, offline).
var golangciLint = sync.OnceValues(func() (string, error) {
	key, err := buildKey()
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "cacheguard")
	bin := filepath.Join(dir, "golangci-lint-"+key[:16])
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	prune(dir, bin)
	tmp, err := os.CreateTemp(dir, ".build-*")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	start := time.Now()
	build := exec.Command("go", "build", "-o", tmp.Name(), ".")
	build.Dir = filepath.Join(root, "plugin", "golangci")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the custom golangci-lint: %v\n%s\n"+
			"(if plugin/golangci's go.mod or go.sum is behind the main module's, run: cd plugin/golangci && go mod tidy)", err, out)
	}
	fmt.Fprintf(os.Stderr, "built %s in %v\n", bin, time.Since(start).Round(time.Second))
	// Concurrent runs build the same bytes; the rename is atomic.
	return bin, os.Rename(tmp.Name(), bin)
})

// buildKey hashes what the custom golangci-lint is built from: the Go
// toolchain, both modules' requirements, and the sources of the plugin and
// the analyzers.
func buildKey() (string, error) {
	h := sha256.New()
	env, err := exec.Command("go", "env", "GOVERSION", "GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED").Output()
	if err != nil {
		return "", fmt.Errorf("go env: %v", err)
	}
	h.Write(env)
	files := []string{"go.mod", "go.sum", "plugin/golangci/go.mod", "plugin/golangci/go.sum"}
	for _, dir := range []string{"plugin", "analyzers"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
				rel, _ := filepath.Rel(root, path)
				files = append(files, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", f, len(data))
		h.Write(data)
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// prune removes the binaries of other sources built over a week ago.
func prune(dir, keep string) {
	old, _ := filepath.Glob(filepath.Join(dir, "golangci-lint-*"))
	for _, f := range old {
		if fi, err := os.Stat(f); err == nil && fi.Mode().IsRegular() && f != keep && time.Since(fi.ModTime()) > 7*24*time.Hour {
			os.Remove(f)
		}
	}
}

func needGolangciLint(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: not building golangci-lint")
	}
	bin, err := golangciLint()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// result is one golangci-lint run.
type result struct {
	code   int    // exit status: 0 clean, 1 findings, 3 errors
	text   string // the text output (stdout) and the log (stderr)
	issues []issue
	sarif  []byte
}

type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
	}
}

// where is file.go:line, as the example service's markers say.
func (i issue) where() string { return fmt.Sprintf("%s:%d", filepath.Base(i.Pos.Filename), i.Pos.Line) }

// lint runs golangci-lint in dir on the packages with the given
// configuration, writing text, JSON and SARIF at once.
func lint(t *testing.T, dir, config, packages string) result {
	t.Helper()
	return lintWith(t, needGolangciLint(t), dir, config, packages)
}

// lintWith is lint with the golangci-lint bin, and args (flags, then the
// packages) after golangci-lint's run and lint's own flags.
func lintWith(t *testing.T, bin, dir, config string, args ...string) result {
	t.Helper()
	out := t.TempDir()
	cfg := filepath.Join(out, ".golangci.yml")
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	js, sarif := filepath.Join(out, "out.json"), filepath.Join(out, "out.sarif")
	cmd := exec.Command(bin, append([]string{"run", "--config", cfg,
		"--output.text.path=stdout", "--output.json.path=" + js, "--output.sarif.path=" + sarif,
		"--allow-parallel-runners"}, args...)...)
	cmd.Dir = dir
	// A cache of golangci-lint's own beside the binary, not the user's. It
	// is not stale when the analyzers change: a new binary is a new
	// version (plugin/golangci), and golangci-lint salts its cache with it.
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+filepath.Join(filepath.Dir(bin), "lint-cache"))
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	r := result{text: buf.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	if r.code > 1 {
		return r // no output files
	}
	var report struct{ Issues []issue }
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatalf("%v\n%s", err, r.text)
	}
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatalf("JSON output: %v\n%s", err, data)
	}
	r.issues = report.Issues
	if r.sarif, err = os.ReadFile(sarif); err != nil {
		t.Fatal(err)
	}
	return r
}

// config is a golangci-lint configuration that runs only cacheguard, with
// the given settings (YAML, indented for the settings block), and shows
// every finding.
func config(settings string) string {
	return `version: "2"
run:
  relative-path-mode: wd
linters:
  default: none
  enable: [cacheguard]
  settings:
    custom:
      cacheguard:
        type: module
        settings:
` + settings + `
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
`
}

// ttljitter keeps to the findings of one analyzer: golangci-lint reports
// every analyzer of the plugin as the linter cacheguard, with the
// analyzer's name before the message.
func ttljitter(issues []issue) []string {
	var out []string
	for _, i := range issues {
		if i.FromLinter == "cacheguard" && strings.HasPrefix(i.Text, "ttljitter: ") {
			out = append(out, i.where())
		}
	}
	sort.Strings(out)
	return out
}

// TestGolangciLintShop: the example service's findings, under the linter's
// and the analyzer's names, in the text, JSON and SARIF outputs.
func TestGolangciLintShop(t *testing.T) {
	// ./... leaves out testdata directories: name the example service.
	r := lint(t, root, config(`          ttljitter:
            jitter-percent: 10`), "./testdata/shop/...")
	if r.code != 1 {
		t.Fatalf("exit status %d, want 1 (findings):\n%s", r.code, r.text)
	}
	want := markers(t, "avalanche")
	if len(want) == 0 {
		t.Fatal("the example service has no BUG(avalanche) markers")
	}
	if got := ttljitter(r.issues); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ttljitter findings:\n got %v\nwant %v\n%s", got, want, r.text)
	}
	for _, w := range want {
		line := regexp.MustCompile(`(?m)^\S*/` + regexp.QuoteMeta(w) + `:\d+: ttljitter: .*\(cache avalanche\).* \(cacheguard\)$`)
		if !line.MatchString(r.text) {
			t.Errorf("text output: no line for %s as file:line:col: ttljitter: ... (cacheguard):\n%s", w, r.text)
		}
	}
	if !strings.Contains(r.text, "Cache.Set → Set") {
		t.Errorf("the finding through the wrapper in another package is missing (facts):\n%s", r.text)
	}

	var sarif struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Message struct{ Text string }
			}
		}
	}
	if err := json.Unmarshal(r.sarif, &sarif); err != nil || len(sarif.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, r.sarif)
	}
	n := 0
	for _, res := range sarif.Runs[0].Results {
		if res.RuleID != "cacheguard" {
			t.Errorf("SARIF rule %q, want cacheguard", res.RuleID)
		}
		if strings.HasPrefix(res.Message.Text, "ttljitter: ") {
			n++
		}
	}
	if n != len(want) {
		t.Errorf("SARIF: %d ttljitter results, want %d:\n%s", n, len(want), r.sarif)
	}
}

// warm is a small module of its own for what the example service does not
// show: suppressions, and a write that only strict mode reports.
const warm = `package warm

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

type Product struct {
	ID   int
	Name string
}

func Warm(ctx context.Context, rdb *redis.Client, ps []Product) {
	for _, p := range ps {
		rdb.Set(ctx, "product:"+strconv.Itoa(p.ID), p.Name, time.Hour) // FINDING
	}
	for _, p := range ps {
		rdb.Set(ctx, "price:"+strconv.Itoa(p.ID), p.Name, time.Hour) //nolint:cacheguard // NOLINT: the nightly job staggers these
	}
	for _, p := range ps {
		//cacheguard:ignore ttljitter the nightly job staggers these
		rdb.Set(ctx, "stock:"+strconv.Itoa(p.ID), p.Name, time.Hour) // IGNORED
	}
}

func Banner(ctx context.Context, rdb *redis.Client, text string) {
	rdb.Set(ctx, "banner", text, time.Minute) // STRICT: not a cache entry, reported in strict mode only
}

//cacheguard:ignore ttljitter this directive silences nothing
func Stale() {}
`

// warmModule writes warm into a module of its own that requires go-redis
// at the main module's versions (in the module cache by now).
func warmModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gomod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(gomod, []byte("module example.com/warm"))
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go.mod": gomod, "go.sum": gosum, "warm.go": []byte(warm)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// at is the line of warm that holds s, as file.go:line.
func at(s string) string {
	for i, line := range strings.Split(warm, "\n") {
		if strings.Contains(line, s) {
			return fmt.Sprintf("warm.go:%d", i+1)
		}
	}
	panic("no line holds " + s)
}

// TestGolangciLintSuppressAndSettings: //nolint:cacheguard and
// //cacheguard:ignore silence their lines and a stale directive is
// reported; not-cache-keys silences a finding and strict adds one.
func TestGolangciLintSuppressAndSettings(t *testing.T) {
	dir := warmModule(t)
	stale := at("this directive silences nothing")
	for _, tc := range []struct {
		name, settings string
		want           []string
	}{
		{"defaults", `          {}`,
			[]string{at("// FINDING"), stale}},
		{"not-cache-keys", `          ttljitter:
            not-cache-keys: ["product:"]`,
			[]string{stale}},
		{"strict", `          ttljitter:
            strict: true`,
			[]string{at("// FINDING"), at("// STRICT"), stale}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := lint(t, dir, config(tc.settings), "./...")
			if r.code != 1 {
				t.Fatalf("exit status %d, want 1 (findings):\n%s", r.code, r.text)
			}
			sort.Strings(tc.want)
			if got := ttljitter(r.issues); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("findings:\n got %v\nwant %v\n%s", got, tc.want, r.text)
			}
			for _, i := range r.issues {
				if w := i.where(); w == at("// NOLINT") || w == at("// IGNORED") {
					t.Errorf("suppressed line reported: %s: %s", w, i.Text)
				}
				if i.where() == stale && !strings.Contains(i.Text, "silences nothing") {
					t.Errorf("%s: %s, want the stale directive reported", stale, i.Text)
				}
			}
		})
	}
}

// TestGolangciLintBadSettings: a misspelled key or an out-of-range value
// stops the run with a message naming it, instead of linting with a check
// silently off.
func TestGolangciLintBadSettings(t *testing.T) {
	dir := warmModule(t)
	for _, tc := range []struct{ settings, want string }{
		{`          ttljitter:
            stric: true`, `unknown setting "ttljitter.stric"; ttljitter's settings are cache-keys, jitter-percent, not-cache-keys, strict`},
		{`          ttljitter:
            jitter-percent: 0`, `jitter-percent must be between 1 and 100, got 0`},
	} {
		r := lint(t, dir, config(tc.settings), "./...")
		if r.code == 0 || r.code == 1 || !strings.Contains(r.text, tc.want) {
			t.Errorf("settings\n%s\nexit status %d, want an error saying %q:\n%s", tc.settings, r.code, tc.want, r.text)
		}
	}
}

// TestCustomGCLLocalPath: the README's .custom-gcl.yml that takes the plugin
// from a checkout (path:) builds, with golangci-lint's own `custom` command
// (the one in the version it names, as plugin/golangci builds it), a
// golangci-lint that runs cacheguard; and that binary runs the two steps of
// the README's GitHub Actions workflow: the other linters without
// cacheguard, then cacheguard alone. custom git-clones golangci-lint at
// that version: a stand-in git copies the same version's source from the
// module cache instead, so that only go mod tidy may reach the module proxy.
func TestCustomGCLLocalPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in git is a shell script")
	}
	bin := needGolangciLint(t)
	blocks, err := readme.Blocks(filepath.Join(root, "README.md"), "yaml")
	if err != nil {
		t.Fatal(err)
	}
	pathKey := regexp.MustCompile(`(?m)^(\s+path:\s*)\S+`)
	var custom string
	for _, b := range blocks {
		if strings.Contains(b, "plugins:") && pathKey.MatchString(b) {
			custom = b
		}
	}
	if custom == "" {
		t.Fatal("README: no .custom-gcl.yml with a path: key")
	}
	version := regexp.MustCompile(`(?m)^version:\s*(v\S+)`).FindStringSubmatch(custom)
	name := regexp.MustCompile(`(?m)^name:\s*(\S+)`).FindStringSubmatch(custom)
	if version == nil || name == nil {
		t.Fatalf("README's .custom-gcl.yml names no version or binary:\n%s", custom)
	}

	// The user's repository, with the checkout's path relative to it.
	dir := warmModule(t)
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		t.Fatal(err)
	}
	custom = pathKey.ReplaceAllString(custom, "${1}"+filepath.ToSlash(rel))
	if err := os.WriteFile(filepath.Join(dir, ".custom-gcl.yml"), []byte(custom), 0o644); err != nil {
		t.Fatal(err)
	}

	// The source of the golangci-lint that plugin/golangci builds, which
	// must be the version README's file names.
	src := exec.Command("go", "list", "-m", "-f", "{{.Version}} {{.Dir}}", "github.com/golangci/golangci-lint/v2")
	src.Dir = filepath.Join(root, "plugin", "golangci")
	data, err := src.Output()
	if err != nil {
		t.Fatalf("go list -m in plugin/golangci: %v", err)
	}
	srcVersion, srcDir, _ := strings.Cut(strings.TrimSpace(string(data)), " ")
	if srcVersion != version[1] || srcDir == "" {
		t.Fatalf("README's .custom-gcl.yml builds golangci-lint %s, plugin/golangci %s (in %q): keep them in step", version[1], srcVersion, srcDir)
	}
	gitDir := t.TempDir()
	git := "#!/bin/sh\n" +
		"# stands in for: git clone --branch VERSION ... https://github.com/golangci/golangci-lint.git\n" +
		"case \" $* \" in *\" clone \"*\" https://github.com/golangci/golangci-lint.git \"*) ;; *) echo \"stand-in git: $*\" >&2; exit 1;; esac\n" +
		"cp -R '" + srcDir + "' golangci-lint && chmod -R u+w golangci-lint\n"
	if err := os.WriteFile(filepath.Join(gitDir, "git"), []byte(git), 0o755); err != nil {
		t.Fatal(err)
	}
	build := exec.Command(bin, "custom", "-v")
	build.Dir = dir
	build.Env = append(os.Environ(), "PATH="+gitDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		// go mod tidy in the clone wants the modules of golangci-lint's
		// tests too, which building plugin/golangci does not download.
		offline := bytes.Contains(out, []byte("module lookup disabled")) || bytes.Contains(out, []byte("dial tcp"))
		if offline && os.Getenv("CI") != "true" {
			t.Skipf("golangci-lint custom needs the module proxy here: %v\n%s", err, out)
		}
		t.Fatalf("golangci-lint custom: %v\n%s", err, out)
	}
	t.Logf("golangci-lint custom took %v", time.Since(start).Round(time.Second))

	built := filepath.Join(dir, name[1])
	// As the README's .golangci.yml: the standard linters and cacheguard.
	settings := strings.Replace(config(`          {}`), "default: none", "default: standard", 1)
	r := lintWith(t, built, dir, settings, "--disable=cacheguard", "./...")
	if r.code > 1 || slices.ContainsFunc(r.issues, func(i issue) bool { return i.FromLinter == "cacheguard" }) {
		t.Errorf("--disable=cacheguard: exit status %d, want 0 or 1 and no finding of cacheguard:\n%s", r.code, r.text)
	}
	r = lintWith(t, built, dir, settings, "--enable-only=cacheguard", "./...")
	want := []string{at("// FINDING"), at("this directive silences nothing")}
	sort.Strings(want)
	if got := ttljitter(r.issues); r.code != 1 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("--enable-only=cacheguard: exit status %d (want 1), ttljitter findings %v, want %v:\n%s", r.code, got, want, r.text)
	}
}

// TestModuleGraph: a module that imports the plugin, as every golangci-lint
// built with it does, gets no more modules than the linter needs: x/tools,
// go-redis v9 (the example service's, which the README's first command
// checks in the main module), the plugin registry, the language server's
// JSON-RPC, and what those require. The runtime kit's miniredis and the
// other clients (rueidis, redigo, go-redis v8, go-redis/cache, rockscache)
// belong to analyzers/cachetest and testdata/scenarios, modules of their
// own: a test-only import of one of them in the main module fails here.
func TestModuleGraph(t *testing.T) {
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/linter\n\ngo 1.26.0\n\nrequire github.com/cacheguard/cacheguard v0.0.0\n\n" +
			"replace github.com/cacheguard/cacheguard => " + abs + "\n",
		"main.go": "package main\n\nimport _ \"github.com/cacheguard/cacheguard/plugin\"\n\nfunc main() {}\n",
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files["go.sum"] = string(sum) // the main module's checksums cover the graph: no lookups
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off")
		out, err := cmd.Output()
		if err != nil {
			msg := ""
			if ee, ok := err.(*exec.ExitError); ok {
				msg = string(ee.Stderr)
			}
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, msg)
		}
		return string(out)
	}
	goCmd("mod", "tidy")

	roots := []string{
		"golang.org/x/tools",
		"github.com/redis/go-redis/v9",
		"github.com/golangci/plugin-module-register",
		"github.com/sourcegraph/jsonrpc2",
	}
	allowed := map[string]bool{"example.com/linter": true, "github.com/cacheguard/cacheguard": true}
	for _, r := range roots {
		allowed[r] = true
		gomod := strings.TrimSpace(goCmd("list", "-m", "-f", "{{.GoMod}}", r))
		var f struct{ Require []struct{ Path string } }
		if err := json.Unmarshal([]byte(goCmd("mod", "edit", "-json", gomod)), &f); err != nil {
			t.Fatalf("%s: %v", gomod, err)
		}
		for _, req := range f.Require {
			allowed[req.Path] = true
		}
	}
	all := strings.Fields(goCmd("list", "-m", "-f", "{{.Path}}", "all"))
	t.Logf("%d modules: %s", len(all), strings.Join(all, " "))
	for _, m := range all {
		if !allowed[m] {
			t.Errorf("the linter's module graph has %s, which neither the analyzers nor what they import need: "+
				"a module only a test or a tool uses belongs in a module of its own (as analyzers/cachetest)", m)
		}
	}
}

// TestRepositoryConfig: the repository's own .golangci.yml, which the
// README tells users to copy from, is valid and enables cacheguard with
// settings the plugin accepts.
func TestRepositoryConfig(t *testing.T) {
	bin := needGolangciLint(t)
	cfg := filepath.Join(root, ".golangci.yml")
	out, err := exec.Command(bin, "config", "verify", "--config", cfg).CombinedOutput()
	if err != nil {
		t.Fatalf("config verify: %v\n%s", err, out)
	}
	out, err = exec.Command(bin, "linters", "--config", cfg).CombinedOutput()
	if err != nil {
		t.Fatalf("linters: %v\n%s", err, out)
	}
	enabled, _, _ := strings.Cut(string(out), "Disabled by your configuration")
	if !regexp.MustCompile(`(?m)^cacheguard: `).MatchString(enabled) {
		t.Errorf("cacheguard is not enabled by .golangci.yml:\n%s", out)
	}
}

// markers returns the example service's markers of the given kinds, as
// cmd/cacheguard's test reads them.
func markers(t *testing.T, kinds ...string) []string {
	t.Helper()
	out, err := shop.Bugs(kinds...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
