package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// sweepTarget is one unit of the sweep: a corpus module or std.
type sweepTarget struct {
	Name     string
	Patterns []string
}

func sweepTargets() []sweepTarget {
	var ts []sweepTarget
	for _, m := range corpus {
		ts = append(ts, sweepTarget{m.Path, []string{m.Path + "/..."}})
	}
	return append(ts, sweepTarget{"std", []string{"std"}})
}

// sweepResult is what two runs of cacheguard on one target showed.
type sweepResult struct {
	target   sweepTarget
	packages int
	skipped  []skipped
	runs     []measurement
	problems []string
}

func runSweep(root, dir, tmp string, timeout time.Duration) error {
	if err := prepare(dir, sweepPatterns(), os.Stderr); err != nil {
		return err
	}
	bins := references()[3:]
	if err := build(root, tmp, bins); err != nil {
		return err
	}
	cacheguard := bins[0]

	var results []*sweepResult
	for _, t := range sweepTargets() {
		res := &sweepResult{target: t}
		results = append(results, res)
		pkgs, skip, err := listPackages(dir, t.Patterns)
		if err != nil {
			res.problems = append(res.problems, err.Error())
			continue
		}
		res.packages, res.skipped = len(pkgs), skip
		args := t.Patterns
		if len(skip) > 0 {
			args = pkgs
		}
		for i := 1; i <= 2; i++ {
			m := run(dir, cacheguard.Path, args, timeout)
			fmt.Fprintf(os.Stderr, "sweep %s (%d packages) run %d: wall %s  peak RSS %s  exit %d  findings %d\n",
				t.Name, len(pkgs), i, formatSeconds(m.Wall), formatBytes(m.MaxRSS), m.Exit, countFindings(m.Output))
			res.runs = append(res.runs, m)
			if !ok(m) {
				res.problems = append(res.problems, fmt.Sprintf("run %d: %s", i, failure(m, timeout)))
			}
			if line := alarming(m.Output); line != "" {
				res.problems = append(res.problems, fmt.Sprintf("run %d: output reports a crash: %s", i, line))
			}
		}
		a, b := res.runs[0], res.runs[1]
		if !a.TimedOut && !b.TimedOut {
			if same, diff := compareOutputs(a.Output, b.Output); !same {
				res.problems = append(res.problems, diff)
			}
		}
	}

	fmt.Println()
	failed := writeSweep(results, os.Stdout)
	if failed {
		return errFailed
	}
	return nil
}

// writeSweep prints the summary and reports whether anything failed.
func writeSweep(results []*sweepResult, w io.Writer) bool {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "target\tpackages\tskipped\trun 1\trun 2\tfindings\tstatus\n")
	failed := false
	for _, r := range results {
		cells := []string{"-", "-"}
		findings := "-"
		for i, m := range r.runs {
			cells[i] = fmt.Sprintf("exit %d, %s, %s", m.Exit, formatSeconds(m.Wall), formatBytes(m.MaxRSS))
			findings = fmt.Sprint(countFindings(m.Output))
		}
		status := "ok, identical output"
		if len(r.problems) > 0 {
			status = "FAIL"
			failed = true
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\n", r.target.Name, r.packages, len(r.skipped), cells[0], cells[1], findings, status)
	}
	tw.Flush()
	nskipped := 0
	for _, r := range results {
		for _, s := range r.skipped {
			fmt.Fprintf(w, "\nskipped %s: %s", s.Package, s.Reason)
			nskipped++
		}
	}
	if nskipped > 0 {
		fmt.Fprintf(w, "\n(%s)", skipHint)
	}
	for _, r := range results {
		for _, p := range r.problems {
			fmt.Fprintf(w, "\n\nFAIL %s: %s", r.target.Name, p)
		}
	}
	fmt.Fprintln(w)
	if failed {
		fmt.Fprintln(w, "\nsweep: FAILED")
	} else {
		fmt.Fprintln(w, "\nsweep: every run finished with status 0 or 3, no panic or internal error, identical output twice")
	}
	return failed
}

// alarming returns the first line of out that reports a crash of the
// analyzers: a Go panic, or one the analyzers recovered into an
// "internal error".
func alarming(out []byte) string {
	for _, line := range strings.Split(string(out), "\n") {
		l := strings.ToLower(line)
		if strings.Contains(l, "panic") || strings.Contains(l, "internal error") {
			return line
		}
	}
	return ""
}

// compareOutputs reports whether two runs printed the same thing and, if
// not, how they differ: which lines only one of them has, or that the lines
// are the same in another order, and an excerpt around the first difference.
func compareOutputs(a, b []byte) (same bool, diff string) {
	if bytes.Equal(a, b) {
		return true, ""
	}
	la, lb := splitLines(a), splitLines(b)
	count := map[string]int{}
	for _, l := range la {
		count[l]++
	}
	for _, l := range lb {
		count[l]--
	}
	onlyA, onlyB := 0, 0
	for _, n := range count {
		if n > 0 {
			onlyA += n
		} else {
			onlyB -= n
		}
	}
	first := 0
	for first < len(la) && first < len(lb) && la[first] == lb[first] {
		first++
	}

	var sb strings.Builder
	fmt.Fprintf(&sb, "the two runs' outputs differ (%d and %d lines): ", len(la), len(lb))
	if onlyA == 0 && onlyB == 0 {
		sb.WriteString("the same lines in a different order")
	} else {
		fmt.Fprintf(&sb, "%d lines only in run 1, %d only in run 2", onlyA, onlyB)
	}
	fmt.Fprintf(&sb, "; first difference at line %d:\n", first+1)
	for i := max(0, first-2); i < first; i++ {
		fmt.Fprintf(&sb, "  %s\n", la[i])
	}
	const excerpt = 5
	for i := first; i < min(len(la), first+excerpt); i++ {
		fmt.Fprintf(&sb, "- %s\n", la[i])
	}
	for i := first; i < min(len(lb), first+excerpt); i++ {
		fmt.Fprintf(&sb, "+ %s\n", lb[i])
	}
	return false, strings.TrimRight(sb.String(), "\n")
}

func splitLines(b []byte) []string {
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
