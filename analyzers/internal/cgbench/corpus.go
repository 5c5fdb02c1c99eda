package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// module is one corpus module, pinned so that every run measures the same
// code. bench lists the patterns, relative to the module path, of the
// packages the benchmark analyzes: the ones that use a Redis client, and
// the client itself.
type module struct {
	Path    string
	Version string
	Bench   []string
}

// corpus holds real public modules that use go-redis. go-redis v8 is
// required by redsync's v8 adapter anyway; pinning it keeps v8's import path,
// which cacheguard also covers, in the benchmark.
var corpus = []module{
	{"github.com/zeromicro/go-zero", "v1.10.3", []string{"core/stores/..."}},
	{"github.com/hibiken/asynq", "v0.26.0", []string{"..."}},
	{"github.com/go-redis/cache/v9", "v9.0.0", []string{""}},
	{"github.com/go-redsync/redsync/v4", "v4.18.1", []string{"..."}},
	{"github.com/bsm/redislock", "v0.9.4", []string{""}},
	{"github.com/go-redis/redis_rate/v10", "v10.0.1", []string{""}},
	{"github.com/redis/go-redis/v9", "v9.23.0", []string{"..."}},
	{"github.com/go-redis/redis/v8", "v8.11.5", []string{"..."}},
}

// corpusGo is the go directive of the scratch modules.
const corpusGo = "1.26.0"

// benchPatterns returns the package patterns of the benchmark corpus.
func benchPatterns() []string {
	var pats []string
	for _, m := range corpus {
		for _, p := range m.Bench {
			pats = append(pats, path.Join(m.Path, p))
		}
	}
	return pats
}

// sweepPatterns returns every package of every corpus module.
func sweepPatterns() []string {
	var pats []string
	for _, m := range corpus {
		pats = append(pats, m.Path+"/...")
	}
	return pats
}

// goEnv is the environment of every go command and analyzer run in dir.
// PWD must be set by hand because Env is explicit; GOWORK=off keeps a
// workspace of the caller's from changing the module graph.
func goEnv(dir string, offline bool) []string {
	env := append(os.Environ(), "GOWORK=off", "PWD="+dir)
	if offline {
		// The module is prepared; a run that reaches for the network would
		// measure the network.
		env = append(env, "GOPROXY=off")
	}
	return env
}

// goCmd runs the go command in dir and returns its standard output.
func goCmd(dir string, offline bool, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = goEnv(dir, offline)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("go %s (in %s): %v\n%s", strings.Join(args, " "), dir, err, tail(stderr.Bytes(), 20))
	}
	return out, nil
}

// prepare creates, or reuses when its stamp matches, a scratch module in dir
// that requires the pinned corpus, with blank imports of the importable
// packages matching patterns so that `go mod tidy` keeps their requirements.
// Everything patterns needs to load, tests included, is downloaded and
// recorded in go.sum, so later runs work offline.
func prepare(dir string, patterns []string, log io.Writer) error {
	stamp := stampFor(patterns)
	stampFile := filepath.Join(dir, "cgbench.stamp")
	if b, err := os.ReadFile(stampFile); err == nil && string(b) == stamp {
		fmt.Fprintf(log, "reusing scratch module %s\n", dir)
		return nil
	}
	fmt.Fprintf(log, "preparing scratch module %s (needs the module proxy)\n", dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Start clean: stale import files could name packages that no longer match.
	old, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range append(old, stampFile, filepath.Join(dir, "go.sum")) {
		os.Remove(f)
	}
	var gomod strings.Builder
	fmt.Fprintf(&gomod, "module cgbench.local/corpus\n\ngo %s\n\nrequire (\n", corpusGo)
	for _, m := range corpus {
		fmt.Fprintf(&gomod, "\t%s %s\n", m.Path, m.Version)
	}
	gomod.WriteString(")\n")
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod.String()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "doc.go"), []byte("// Package corpus is cgbench's scratch module.\npackage corpus\n"), 0o644); err != nil {
		return err
	}
	var mods []string
	for _, m := range corpus {
		mods = append(mods, m.Path)
	}
	if _, err := goCmd(dir, false, append([]string{"mod", "download"}, mods...)...); err != nil {
		return err
	}

	// Blank-import every package a module outside the corpus may import.
	out, err := goCmd(dir, false, append([]string{"list", "-e", "-mod=mod", "-f", "{{.ImportPath}}\t{{.Name}}"}, patterns...)...)
	if err != nil {
		return err
	}
	imports := map[string][]string{} // module path -> packages
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		ip, name, _ := strings.Cut(line, "\t")
		if name == "" || name == "main" || isInternal(ip) {
			continue
		}
		if m := moduleOf(ip); m != "" {
			imports[m] = append(imports[m], ip)
		}
	}
	for m, pkgs := range imports {
		sort.Strings(pkgs)
		var src strings.Builder
		fmt.Fprintf(&src, "package corpus\n\n// Blank imports keep %s required.\nimport (\n", m)
		for _, p := range pkgs {
			fmt.Fprintf(&src, "\t_ %q\n", p)
		}
		src.WriteString(")\n")
		name := "imports_" + strings.NewReplacer("/", "_", ".", "_").Replace(m) + ".go"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src.String()), 0o644); err != nil {
			return err
		}
	}
	// -e: a package whose dependency the proxy does not serve must not stop
	// the others; listPackages reports it.
	if _, err := goCmd(dir, false, "mod", "tidy", "-e"); err != nil {
		return err
	}
	// Internal, main and test-only imports are not covered by the blank
	// imports; loading them once with -mod=mod records their sums.
	if _, err := goCmd(dir, false, append([]string{"list", "-e", "-mod=mod", "-deps", "-test", "-f", "{{.ImportPath}}"}, patterns...)...); err != nil {
		return err
	}
	if _, err := goCmd(dir, false, "mod", "download"); err != nil {
		return err
	}
	if err := checkPins(dir); err != nil {
		return err
	}
	return os.WriteFile(stampFile, []byte(stamp), 0o644)
}

// checkPins reports a corpus module whose selected version is not its pin:
// a dependency requiring a newer one would silently change the corpus.
func checkPins(dir string) error {
	args := []string{"list", "-m", "-f", "{{.Path}} {{.Version}}"}
	for _, m := range corpus {
		args = append(args, m.Path)
	}
	out, err := goCmd(dir, true, args...)
	if err != nil {
		return err
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		p, v, _ := strings.Cut(line, " ")
		got[p] = v
	}
	var errs []error
	for _, m := range corpus {
		if got[m.Path] != m.Version {
			errs = append(errs, fmt.Errorf("%s is pinned at %s but the module graph selects %q", m.Path, m.Version, got[m.Path]))
		}
	}
	return errors.Join(errs...)
}

func stampFor(patterns []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "go %s\n", corpusGo)
	for _, m := range corpus {
		fmt.Fprintf(h, "%s %s\n", m.Path, m.Version)
	}
	for _, p := range patterns {
		fmt.Fprintf(h, "pattern %s\n", p)
	}
	return hex.EncodeToString(h.Sum(nil)) + "\n"
}

// moduleOf returns the corpus module holding package ip, or "".
func moduleOf(ip string) string {
	best := ""
	for _, m := range corpus {
		if (ip == m.Path || strings.HasPrefix(ip, m.Path+"/")) && len(m.Path) > len(best) {
			best = m.Path
		}
	}
	return best
}

func isInternal(ip string) bool {
	for _, elem := range strings.Split(ip, "/") {
		if elem == "internal" {
			return true
		}
	}
	return false
}

// skipped is a package left out of a run because it cannot be loaded, most
// often because the proxy does not serve one of its dependencies.
type skipped struct {
	Package string `json:"package"`
	Reason  string `json:"reason"`
}

// skipHint explains the usual reason for a skipped package, which the go
// command's own message ("missing go.sum entry ... to add: go get") hides.
const skipHint = "skipped: cannot be loaded offline, usually because the module proxy does not serve a dependency, so preparing the scratch module could not record it"

// listPackages expands patterns in dir, offline, into the packages that
// load with their tests, and those that do not.
func listPackages(dir string, patterns []string) (ok []string, skip []skipped, err error) {
	out, err := goCmd(dir, true, append([]string{"list", "-e", "-test", "-json=ImportPath,ForTest,Error,DepsErrors"}, patterns...)...)
	if err != nil {
		return nil, nil, err
	}
	type pkgErr struct{ Err string }
	type pkg struct {
		ImportPath string
		ForTest    string
		Error      *pkgErr
		DepsErrors []*pkgErr
	}
	var roots []string
	reason := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("decoding go list output: %v", err)
		}
		root := p.ForTest
		if root == "" {
			if r, isMain := strings.CutSuffix(p.ImportPath, ".test"); isMain {
				root = r
			} else {
				root = p.ImportPath
				roots = append(roots, root)
			}
		}
		var e *pkgErr
		if p.Error != nil {
			e = p.Error
		} else if len(p.DepsErrors) > 0 {
			e = p.DepsErrors[0]
		}
		if e != nil && reason[root] == "" {
			reason[root] = oneLine(e.Err, 240)
		}
	}
	for _, r := range roots {
		if why, bad := reason[r]; bad {
			skip = append(skip, skipped{r, why})
		} else {
			ok = append(ok, r)
		}
	}
	if len(ok) == 0 {
		return nil, skip, fmt.Errorf("no package of %s loads", strings.Join(patterns, " "))
	}
	return ok, skip, nil
}

// loadGraphSize counts the packages, dependencies and test variants
// included, that a driver analyzing pkgs with facts loads from source.
func loadGraphSize(dir string, pkgs []string) (int, error) {
	out, err := goCmd(dir, true, append([]string{"list", "-deps", "-test", "-f", "{{.ImportPath}}"}, pkgs...)...)
	if err != nil {
		return 0, err
	}
	return len(strings.Split(strings.TrimSpace(string(out)), "\n")), nil
}

// oneLine joins the lines of a go command error, cut to at most n bytes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
}

// tail returns the last n lines of b.
func tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
