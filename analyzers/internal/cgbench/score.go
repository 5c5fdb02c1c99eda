package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// The real-world corpus (issue 12): public applications that use go-redis,
// pinned to a commit, with every cache function labelled by hand in
// testdata/corpus/labels-*.tsv (repo, commit, file, function, analyzer,
// verdict bug|ok|unclear, reason). No third-party code is kept here: -score
// checks each pinned commit out of a mirror folder (the snapshots the
// search tool's fetch makes, one bare git directory per repository under
// owner+name/), runs the cacheguard of this working tree on it, maps each
// finding to its enclosing function and compares:
//
//	TP  a function labelled bug that the analyzer reports (in it, or for
//	    a wrapper, at a caller through it: "CacheUser.SetInfo → Set")
//	FN  a function labelled bug that it does not
//	FP  a function labelled ok that it reports
//	?   a report in a function labelled unclear, or not labelled at all
//	    (listed, to be read and labelled)

// label is one hand-made verdict.
type label struct {
	repo, commit, file, function, analyzer, verdict, reason string
}

// repoInfo is a corpus repository's header line: where its go.mod files
// are (one gomod= word each; a repository of several modules that share
// a go.work lists each module that holds labelled code).
type repoInfo struct {
	repo, commit string
	moduleDirs   []string
}

func readLabels(dir string) ([]label, map[string]repoInfo, error) {
	files, err := filepath.Glob(filepath.Join(dir, "labels-*.tsv"))
	if err != nil || len(files) == 0 {
		return nil, nil, fmt.Errorf("no labels-*.tsv in %s", dir)
	}
	var labels []label
	repos := map[string]repoInfo{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			line := sc.Text()
			if strings.HasPrefix(line, "# ") {
				// # owner/name commit moduleDir ...: the first words that
				// look like them; every gomod= word is a module to run.
				var ri repoInfo
				for _, w := range strings.FieldsFunc(line[2:], func(r rune) bool { return r == ' ' || r == '\t' || r == ',' || r == ';' }) {
					switch {
					case ri.repo == "" && strings.Count(w, "/") == 1 && !strings.HasPrefix(w, "."):
						ri.repo = w
					case ri.commit == "" && len(w) == 40 && isHex(w):
						ri.commit = w
					case strings.HasPrefix(w, "dir=") || strings.HasPrefix(w, "gomod="):
						ri.moduleDirs = append(ri.moduleDirs, strings.TrimPrefix(strings.TrimPrefix(w, "dir="), "gomod="))
					case len(ri.moduleDirs) == 0 && (w == "." || strings.HasPrefix(w, "./")):
						ri.moduleDirs = append(ri.moduleDirs, w)
					}
				}
				if ri.repo != "" && ri.commit != "" {
					if len(ri.moduleDirs) == 0 {
						ri.moduleDirs = []string{"."}
					}
					repos[ri.repo] = ri
				}
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) < 6 || f[0] == "repo" {
				continue
			}
			l := label{repo: f[0], commit: f[1], file: f[2], function: f[3], analyzer: f[4], verdict: f[5]}
			if len(f) > 6 {
				l.reason = f[6]
			}
			labels = append(labels, l)
			if _, ok := repos[l.repo]; !ok {
				repos[l.repo] = repoInfo{repo: l.repo, commit: l.commit, moduleDirs: []string{"."}}
			}
		}
	}
	return labels, repos, nil
}

func isHex(s string) bool {
	_, err := strconv.ParseUint(s[:8], 16, 64)
	return err == nil
}

// untyped is the analyzer name of the findings that stand for a skipped
// note: function holds the functions it names.
const untyped = "(untyped)"

// finding is one cacheguard report, placed in its function.
type finding struct {
	analyzer, file, function, message string
	line                              int
}

func runScore(root, labelsDir, mirror, only, tmp string, timeout time.Duration) error {
	labels, repos, err := readLabels(labelsDir)
	if err != nil {
		return err
	}
	if only != "" {
		labels, repos, err = restrict(labels, repos, strings.Split(only, ","))
		if err != nil {
			return err
		}
	}
	bins := references()[3:]
	if err := build(root, tmp, bins); err != nil {
		return err
	}
	cacheguard := bins[0].Path

	var names []string
	for r := range repos {
		names = append(names, r)
	}
	sort.Strings(names)
	found := map[string][]finding{} // by repo
	var skipped []string
	for _, name := range names {
		ri := repos[name]
		fs, err := scoreRepo(ri, mirror, tmp, cacheguard, timeout)
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		found[name] = fs
		fmt.Fprintf(os.Stderr, "%s@%.12s: %d findings\n", name, ri.commit, len(fs))
	}
	return report(labels, found, skipped)
}

// restrict keeps the labels and repositories of the named repositories.
func restrict(labels []label, repos map[string]repoInfo, names []string) ([]label, map[string]repoInfo, error) {
	keep := map[string]repoInfo{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		ri, ok := repos[n]
		if !ok {
			return nil, nil, fmt.Errorf("-only: %q is not a corpus repository", n)
		}
		keep[n] = ri
	}
	var ls []label
	for _, l := range labels {
		if _, ok := keep[l.repo]; ok {
			ls = append(ls, l)
		}
	}
	return ls, keep, nil
}

// scoreRepo extracts the pinned commit from the mirror and runs cacheguard
// over its module.
func scoreRepo(ri repoInfo, mirror, tmp, cacheguard string, timeout time.Duration) ([]finding, error) {
	gitDir, err := mirrorDir(mirror, ri.repo)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(tmp, strings.ReplaceAll(ri.repo, "/", "+"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tarball := dir + ".tar"
	if out, err := exec.Command("git", "--git-dir="+gitDir, "archive", "--output="+tarball, ri.commit).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("git archive %s: %v %s", ri.commit, err, out)
	}
	if out, err := exec.Command("tar", "-xf", tarball, "-C", dir).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("tar: %v %s", err, out)
	}
	// A module that fails is said, and the others still count; the
	// repository is skipped only when none ran.
	var all []finding
	var failed []string
	for _, m := range ri.moduleDirs {
		fs, err := runModule(dir, filepath.Join(dir, m), cacheguard, timeout)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", m, err))
			continue
		}
		all = append(all, fs...)
	}
	if len(failed) == len(ri.moduleDirs) {
		return nil, fmt.Errorf("%s", strings.Join(failed, "; "))
	}
	for _, f := range failed {
		fmt.Fprintf(os.Stderr, "%s: module skipped: %s\n", ri.repo, f)
	}
	return all, nil
}

// runModule runs cacheguard over one module of an extracted repository
// and places its findings in their functions.
func runModule(dir, modDir, cacheguard string, timeout time.Duration) ([]finding, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, cacheguard, "-json", "./...")
	cmd.Dir = modDir
	cmd.Env = append(os.Environ(), "GONOSUMDB=*", "GOSUMDB=off")
	if !inWorkspace(dir, modDir) {
		cmd.Env = append(cmd.Env, "GOFLAGS=-mod=mod") // fill a go.sum that lacks entries
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	// Exit status 1 (load errors) and 3 (findings) still print the JSON.
	if err := cmd.Run(); ctx.Err() != nil {
		return nil, fmt.Errorf("timed out after %v", timeout)
	} else if _, exited := err.(*exec.ExitError); err != nil && !exited {
		return nil, err
	}
	if out.Len() == 0 {
		return nil, fmt.Errorf("no output: %s", oneLine(errOut.String(), 300))
	}
	return parseFindings(out.Bytes(), dir)
}

// mirrorDir finds the bare git directory of owner/name under mirror.
func mirrorDir(mirror, repo string) (string, error) {
	base := filepath.Join(mirror, strings.ReplaceAll(repo, "/", "+"))
	var dir string
	_ = filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error { // not found is said below
		if err != nil || dir != "" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			if _, err := os.Stat(filepath.Join(p, "HEAD")); err == nil {
				if _, err := os.Stat(filepath.Join(p, "objects")); err == nil {
					dir = p
					return filepath.SkipAll
				}
			}
		}
		return nil
	})
	if dir == "" {
		return "", fmt.Errorf("no mirror under %s (fetch github:%s first)", base, repo)
	}
	return dir, nil
}

// parseFindings reads the multichecker's JSON stream and places each
// finding in its enclosing function.
func parseFindings(out []byte, root string) ([]finding, error) {
	var fs []finding
	dec := json.NewDecoder(bytes.NewReader(out))
	parsed := map[string]*ast.File{}
	fset := token.NewFileSet()
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			return nil, err
		}
		for _, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var diags []struct {
					Posn     string `json:"posn"`
					Message  string `json:"message"`
					Category string `json:"category"`
				}
				if json.Unmarshal(raw, &diags) != nil {
					continue // an error entry
				}
				for _, d := range diags {
					file, line := splitPosn(d.Posn)
					rel, _ := filepath.Rel(root, file)
					switch d.Category {
					case "skipped":
						// The functions that do not type-check here (a
						// dependency the proxy refuses): labels in them are
						// not scored. The note names at most three.
						if _, list, ok := strings.Cut(d.Message, "("); ok {
							list, _, _ = strings.Cut(list, ")")
							fs = append(fs, finding{analyzer: untyped, file: filepath.ToSlash(rel), function: list})
						}
						continue
					case "malformed-directive", "unused-directive":
						continue // notes about the run, not findings
					}
					f, ok := parsed[file]
					if !ok {
						f, _ = parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
						parsed[file] = f
					}
					fs = append(fs, finding{analyzer: name, file: filepath.ToSlash(rel), line: line,
						function: enclosing(fset, f, line), message: d.Message})
				}
			}
		}
	}
	return fs, nil
}

func splitPosn(posn string) (string, int) {
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		return posn, 0
	}
	line, _ := strconv.Atoi(parts[len(parts)-2])
	return strings.Join(parts[:len(parts)-2], ":"), line
}

// enclosing names the function declaration holding line: Name or Recv.Name.
func enclosing(fset *token.FileSet, f *ast.File, line int) string {
	if f == nil {
		return ""
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fset.Position(fd.Pos()).Line > line || fset.Position(fd.End()).Line < line {
			continue
		}
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			// *Cache[K, V] → Cache
			recv := strings.TrimLeft(types.ExprString(fd.Recv.List[0].Type), "*")
			recv, _, _ = strings.Cut(recv, "[")
			return recv + "." + fd.Name.Name
		}
		return fd.Name.Name
	}
	return ""
}

func report(labels []label, found map[string][]finding, skipped []string) error {
	type key struct{ repo, file, function, analyzer string }
	reported := map[key][]finding{}
	for repo, fs := range found {
		for _, f := range fs {
			k := key{repo, f.file, f.function, f.analyzer}
			reported[k] = append(reported[k], f)
		}
	}
	type counts struct{ tp, fp, fn, unclear, untyped int }
	per := map[string]*counts{}
	get := func(a string) *counts {
		if per[a] == nil {
			per[a] = &counts{}
		}
		return per[a]
	}
	// The functions cacheguard could not check, by repo, directory and
	// name.
	notChecked := map[[3]string]bool{}
	for repo, fs := range found {
		for _, f := range fs {
			if f.analyzer == untyped {
				for _, name := range strings.Split(f.function, ", ") {
					notChecked[[3]string{repo, path.Dir(f.file), name}] = true
				}
			}
		}
	}
	labelled := map[key]bool{}
	var fps, fns, untypedLabels []string
	for _, l := range labels {
		if _, ran := found[l.repo]; !ran {
			continue
		}
		k := key{l.repo, l.file, l.function, l.analyzer}
		method := l.function[strings.LastIndex(l.function, ".")+1:]
		if notChecked[[3]string{l.repo, path.Dir(l.file), method}] {
			labelled[k] = true
			get(l.analyzer).untyped++
			untypedLabels = append(untypedLabels, fmt.Sprintf("UNTYPED %s %s %s %s %s: does not type-check here", l.verdict, l.analyzer, l.repo, l.file, l.function))
			continue
		}
		labelled[k] = true
		hit := len(reported[k]) > 0
		if !hit && l.verdict == "bug" {
			// A wrapper's constant or miss handling is reported where it
			// is called, through the wrapper: "CacheUser.SetInfo → Set".
			hit = throughWrapper(found[l.repo], l.analyzer, l.function)
		}
		c := get(l.analyzer)
		switch {
		case l.verdict == "bug" && hit:
			c.tp++
		case l.verdict == "bug":
			c.fn++
			fns = append(fns, fmt.Sprintf("FN %s %s %s %s: %s", l.analyzer, l.repo, l.file, l.function, l.reason))
		case l.verdict == "ok" && hit:
			c.fp++
			fps = append(fps, fmt.Sprintf("FP %s %s %s:%d %s: %s", l.analyzer, l.repo, l.file, reported[k][0].line, l.function, reported[k][0].message))
		case hit:
			c.unclear++
		}
	}
	var unlabelled []string
	for k, fs := range reported {
		if !labelled[k] && k.analyzer != "" && k.analyzer != untyped {
			unlabelled = append(unlabelled, fmt.Sprintf("? %s %s %s:%d %s: %s", k.analyzer, k.repo, k.file, fs[0].line, k.function, fs[0].message))
		}
	}
	sort.Strings(unlabelled)
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "analyzer\tTP\tFP\tFN\tunclear\tuntyped\tprecision\trecall")
	var names []string
	for a := range per {
		names = append(names, a)
	}
	sort.Strings(names)
	for _, a := range names {
		c := per[a]
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", a, c.tp, c.fp, c.fn, c.unclear, c.untyped, share(c.tp, c.tp+c.fp), share(c.tp, c.tp+c.fn))
	}
	w.Flush()
	for _, s := range [][]string{fps, fns, unlabelled, untypedLabels, skipped} {
		sort.Strings(s)
		for _, l := range s {
			fmt.Println(oneLine(l, 400))
		}
	}
	return nil
}

func share(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

// inWorkspace reports whether a go.work sits in modDir or above it, up to
// root: then -mod=mod is refused by the go command.
func inWorkspace(root, modDir string) bool {
	for d := modDir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
			return true
		}
		if d == root || filepath.Dir(d) == d {
			return false
		}
	}
}

// throughWrapper reports whether a finding of the analyzer names function
// (Recv.Name or Name) in its chain of wrappers, or as the wrapper with no
// error result that a caller reads through.
func throughWrapper(fs []finding, analyzer, function string) bool {
	for _, f := range fs {
		if f.analyzer != analyzer {
			continue
		}
		// cachemiss names a wrapper with no error result at its callers:
		// "cache.Cache.IsKeyExist returns no error, ...".
		if subj, _, ok := strings.Cut(f.message, " returns no error"); ok && (subj == function || strings.HasSuffix(subj, "."+function)) {
			return true
		}
		chain, _, _ := strings.Cut(f.message, " writes ")
		steps := strings.Split(chain, " → ")
		for i, step := range steps {
			step = strings.TrimSpace(step)
			if step == function {
				return true
			}
			// A port whose implementation the caller cannot see ends the
			// chain as "Port.M → M": the implementation's method M
			// (RedisRepo.M) is the wrapper it goes through.
			if i > 0 && i == len(steps)-1 && !strings.Contains(step, ".") &&
				strings.HasSuffix(strings.TrimSpace(steps[i-1]), "."+step) && strings.HasSuffix(function, "."+step) {
				return true
			}
		}
	}
	return false
}
