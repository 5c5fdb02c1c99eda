// Command cgbench measures what cacheguard costs on real code that uses
// go-redis, and checks that it runs clean over whole modules and the
// standard library (issue 5).
//
// Run it from the repository (it lives under internal/, not cmd/, so that
// `go install ./cmd/...` installs only cacheguard):
//
//	go run ./analyzers/internal/cgbench            # benchmark, 3 paired rounds
//	go run ./analyzers/internal/cgbench -n 5 -json # more rounds, machine-readable
//	go run ./analyzers/internal/cgbench -sweep     # robustness and determinism sweep
//	go run ./analyzers/internal/cgbench -score     # precision and recall on the labelled real-world corpus
//
// The corpus is a pinned set of public modules that use go-redis (go-zero,
// asynq, go-redis/cache, redsync, redislock, redis_rate, go-redis v9 and v8),
// required by a scratch module under $XDG_CACHE_HOME/cacheguard-bench (or
// -work). The first run fetches it through the module proxy; later runs
// reuse it and run offline (GOPROXY=off).
//
// # Benchmark
//
// cgbench builds four binaries, all on the same x/tools driver, and runs each
// on the same ~65 corpus packages (the ones that use a Redis client, and the
// clients themselves), without their test files (-test=false for every
// binary, cacheguard's default):
//
//	nop         a do-nothing analyzer: the no-facts floor. Only the named
//	            packages are type-checked from source; dependencies come from
//	            export data. No analyzer can be cheaper.
//	nopfacts    the same, declaring a fact type: the facts floor. The driver
//	            must then load every dependency from source and run on it,
//	            as it does for cacheguard, which has facts.
//	nilness     x/tools' SSA-based nilness, for scale.
//	cacheguard  ./cmd/cacheguard as it is in the working tree.
//
// One warm-up round (-warmup) fills the build cache with export data and the
// page cache; then, for each of -n rounds, every binary runs once, in an
// order rotated by round, so that noise from other jobs hits them alike. The
// table gives per binary the medians of wall time, CPU time (user + system,
// including the go list processes the driver waited for) and peak resident
// memory (the largest of the driver and those children, from wait4's
// rusage). cacheguard's ratios to the two floors follow; issue 5's target is
// wall time and peak memory each at most 1.3× the facts floor. Exit status 3
// (diagnostics found) is a success; any other failure is reported and makes
// cgbench exit 1.
//
// # Sweep
//
// With -sweep, cgbench runs cacheguard over every package of every corpus
// module (module/...) and over std, each twice, one run at a time. A run
// fails if it exits other than 0 or 3, prints "panic" or "internal error",
// or outlasts -timeout; a target fails if its two outputs differ (same
// findings in the same order are required). A package that cannot be loaded
// at all, such as one whose dependency the proxy does not serve, is listed as
// skipped rather than run. cgbench prints a summary and exits 1 on any
// failure.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// binary is one analyzer command the benchmark builds and runs.
type binary struct {
	Name string
	Role string
	Pkg  string // import path, built from the repository's module
	Path string // the built executable
}

const self = "github.com/cacheguard/cacheguard"

func references() []binary {
	return []binary{
		{Name: "nop", Role: "no-facts floor", Pkg: self + "/analyzers/internal/cgbench/internal/nop"},
		{Name: "nopfacts", Role: "facts floor", Pkg: self + "/analyzers/internal/cgbench/internal/nopfacts"},
		{Name: "nilness", Role: "x/tools SSA pass", Pkg: "golang.org/x/tools/go/analysis/passes/nilness/cmd/nilness"},
		{Name: "cacheguard", Role: "under test", Pkg: self + "/cmd/cacheguard"},
	}
}

// factsTarget is issue 5's bound on cacheguard's cost over the facts floor.
const factsTarget = 1.3

func main() {
	var (
		rounds  = flag.Int("n", 3, "paired benchmark rounds")
		warmup  = flag.Int("warmup", 1, "unmeasured rounds before the measured ones")
		asJSON  = flag.Bool("json", false, "print the benchmark result as JSON on standard output")
		sweep   = flag.Bool("sweep", false, "run the robustness sweep instead of the benchmark")
		timeout = flag.Duration("timeout", 10*time.Minute, "limit per analyzer run (0: none)")
		work    = flag.String("work", "", "directory of the scratch modules (default $XDG_CACHE_HOME/cacheguard-bench)")
		repo    = flag.String("repo", ".", "a directory inside the cacheguard repository")
		score   = flag.Bool("score", false, "score the labelled real-world corpus (testdata/corpus) instead of the benchmark")
		mirror  = flag.String("mirror", "/work/.mirror", "with -score: the folder of repository snapshots (owner+name/...)")
		only    = flag.String("only", "", "with -score: score only these repositories (owner/name, comma-separated)")
	)
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./analyzers/internal/cgbench [-n rounds] [-json] | [-sweep] [flags]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 || *rounds < 1 || *warmup < 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *score {
		if err := scoreErr(*repo, *mirror, *only, *timeout); err != nil {
			fmt.Fprintf(os.Stderr, "cgbench: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if err := mainErr(*rounds, *warmup, *asJSON, *sweep, *timeout, *work, *repo); err != nil {
		fmt.Fprintf(os.Stderr, "cgbench: %v\n", err)
		os.Exit(1)
	}
}

func scoreErr(repo, mirror, only string, timeout time.Duration) error {
	root, err := repoRoot(repo)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "cgbench-score")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	return runScore(root, filepath.Join(root, "testdata", "corpus"), mirror, only, tmp, timeout)
}

// errFailed is returned once the failures have been reported.
var errFailed = fmt.Errorf("failed (see above)")

func mainErr(rounds, warmup int, asJSON, sweep bool, timeout time.Duration, work, repo string) error {
	root, err := repoRoot(repo)
	if err != nil {
		return err
	}
	if work == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("no cache directory (set -work): %v", err)
		}
		work = filepath.Join(cache, "cacheguard-bench")
	}
	if work, err = filepath.Abs(work); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "cgbench-bin")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	if sweep {
		return runSweep(root, filepath.Join(work, "sweep"), tmp, timeout)
	}
	return runBench(root, filepath.Join(work, "corpus"), tmp, rounds, warmup, timeout, asJSON)
}

// repoRoot returns the root directory of the cacheguard module around dir.
func repoRoot(dir string) (string, error) {
	out, err := goCmd(dir, false, "list", "-m", "-f", "{{.Path}}\t{{.Dir}}")
	if err != nil {
		return "", fmt.Errorf("finding the cacheguard module (run from the repository or set -repo): %v", err)
	}
	path, root, _ := strings.Cut(strings.TrimSpace(string(out)), "\t")
	if path != self {
		return "", fmt.Errorf("%s is in module %s, not %s (run from the repository or set -repo)", dir, path, self)
	}
	return root, nil
}

// build builds each binary into dir from the repository's module.
func build(root, dir string, bins []binary) error {
	for i := range bins {
		b := &bins[i]
		b.Path = filepath.Join(dir, b.Name)
		fmt.Fprintf(os.Stderr, "building %s (%s)\n", b.Name, b.Pkg)
		if _, err := goCmd(root, false, "build", "-o", b.Path, b.Pkg); err != nil {
			return err
		}
	}
	return nil
}

// ok reports whether a run succeeded: status 0, or 3 for diagnostics, which
// every x/tools driver uses, not only cacheguard's.
func ok(m measurement) bool {
	return m.Err == nil && !m.TimedOut && (m.Exit == 0 || m.Exit == 3)
}

// failure describes a run that did not succeed.
func failure(m measurement, timeout time.Duration) string {
	switch {
	case m.Err != nil:
		return fmt.Sprintf("cannot run: %v", m.Err)
	case m.TimedOut:
		return fmt.Sprintf("killed after the %v timeout\n%s", timeout, tail(m.Output, 20))
	default:
		return fmt.Sprintf("exit status %d\n%s", m.Exit, tail(m.Output, 20))
	}
}

func runBench(root, dir, tmp string, rounds, warmup int, timeout time.Duration, asJSON bool) error {
	patterns := benchPatterns()
	if err := prepare(dir, patterns, os.Stderr); err != nil {
		return err
	}
	pkgs, skip, err := listPackages(dir, patterns)
	if err != nil {
		return err
	}
	graph, err := loadGraphSize(dir, pkgs)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "corpus: %d packages, %d in the load graph with dependencies and tests\n", len(pkgs), graph)
	for _, s := range skip {
		fmt.Fprintf(os.Stderr, "  skipped %s: %s\n", s.Package, s.Reason)
	}
	if len(skip) > 0 {
		fmt.Fprintf(os.Stderr, "  (%s)\n", skipHint)
	}

	bins := references()
	if err := build(root, tmp, bins); err != nil {
		return err
	}
	loadStart := loadAverage()
	stats := make([]*binaryStats, len(bins))
	for i, b := range bins {
		stats[i] = &binaryStats{bin: b}
	}
	for r := -warmup; r < rounds; r++ {
		label := fmt.Sprintf("round %d/%d", r+1, rounds)
		if r < 0 {
			label = "warm-up"
		}
		for i := range bins {
			s := stats[(i+r+warmup)%len(bins)]
			m := run(dir, s.bin.Path, pkgs, timeout)
			fmt.Fprintf(os.Stderr, "%s: %-10s wall %s  CPU %s  peak RSS %s  exit %d\n",
				label, s.bin.Name, formatSeconds(m.Wall), formatSeconds(m.CPU), formatBytes(m.MaxRSS), m.Exit)
			if !ok(m) {
				s.errors = append(s.errors, label+": "+failure(m, timeout))
			}
			if r >= 0 {
				s.runs = append(s.runs, m)
			}
		}
	}

	rep := &benchReport{
		GoVersion: runtime.Version(),
		CPUs:      runtime.NumCPU(),
		Rounds:    rounds,
		Warmup:    warmup,
		CorpusDir: dir,
		Packages:  pkgs,
		Skipped:   skip,
		LoadGraph: graph,
		LoadStart: loadStart,
		LoadEnd:   loadAverage(),
	}
	byName := map[string]summary{}
	failed := false
	for _, s := range stats {
		b := benchBinary{Name: s.bin.Name, Role: s.bin.Role, Median: s.summary(), Errors: s.errors}
		for _, m := range s.runs {
			b.Runs = append(b.Runs, jsonRun{m.Wall.Seconds(), m.CPU.Seconds(), m.MaxRSS, m.Exit})
		}
		byName[s.bin.Name] = b.Median
		failed = failed || len(s.errors) > 0
		rep.Binaries = append(rep.Binaries, b)
	}
	rep.Ratios = []ratio{
		ratioOf("facts floor", byName["cacheguard"], byName["nopfacts"]),
		ratioOf("no-facts floor", byName["cacheguard"], byName["nop"]),
	}
	rep.FactTarget = factsTarget
	if asJSON {
		if err := rep.writeJSON(os.Stdout); err != nil {
			return err
		}
	} else {
		fmt.Println()
		rep.writeText(os.Stdout)
	}
	if failed {
		return errFailed
	}
	return nil
}
