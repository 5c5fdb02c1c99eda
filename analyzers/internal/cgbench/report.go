package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// median returns the median of xs, the mean of the middle two when their
// number is even, and 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}

// formatRatio formats num/den as "1.23×", or "n/a" without a denominator.
func formatRatio(num, den float64) string {
	if den <= 0 || num < 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", num/den)
}

// formatBytes formats a memory size in MiB below 1 GiB, in GiB above.
func formatBytes(n int64) string {
	const mib, gib = 1 << 20, 1 << 30
	if n < gib {
		return fmt.Sprintf("%.0f MiB", float64(n)/mib)
	}
	return fmt.Sprintf("%.2f GiB", float64(n)/gib)
}

func formatSeconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// diagnosticLine matches the text driver's "file:line:col: message".
var diagnosticLine = regexp.MustCompile(`(?m)^\S[^:\n]*:\d+:\d+: `)

// countFindings counts the diagnostics in an analyzer's text output.
func countFindings(out []byte) int { return len(diagnosticLine.FindAll(out, -1)) }

// binaryStats collects one binary's measured runs.
type binaryStats struct {
	bin    binary
	runs   []measurement
	errors []string
}

// summary is the median of each quantity over the successful runs.
type summary struct {
	WallSeconds float64 `json:"wall_seconds"`
	CPUSeconds  float64 `json:"cpu_seconds"`
	MaxRSSBytes int64   `json:"peak_rss_bytes"`
	Findings    int     `json:"findings"`
	Runs        int     `json:"runs"`
}

func (s *binaryStats) summary() summary {
	var wall, cpu, rss []float64
	findings := 0
	for _, m := range s.runs {
		if !ok(m) {
			continue
		}
		wall = append(wall, m.Wall.Seconds())
		cpu = append(cpu, m.CPU.Seconds())
		rss = append(rss, float64(m.MaxRSS))
		findings = countFindings(m.Output)
	}
	return summary{median(wall), median(cpu), int64(median(rss)), findings, len(wall)}
}

// ratio is cacheguard's cost over one floor's.
type ratio struct {
	Floor  string  `json:"floor"`
	Wall   float64 `json:"wall"`
	CPU    float64 `json:"cpu"`
	MaxRSS float64 `json:"peak_rss"`

	num, den summary
}

func ratioOf(floor string, num, den summary) ratio {
	div := func(a, b float64) float64 {
		if b <= 0 {
			return 0
		}
		return a / b
	}
	return ratio{floor, div(num.WallSeconds, den.WallSeconds), div(num.CPUSeconds, den.CPUSeconds),
		div(float64(num.MaxRSSBytes), float64(den.MaxRSSBytes)), num, den}
}

// benchReport is the benchmark's result, printed as a table or as JSON.
type benchReport struct {
	GoVersion  string        `json:"go_version"`
	CPUs       int           `json:"cpus"`
	Rounds     int           `json:"rounds"`
	Warmup     int           `json:"warmup_rounds"`
	CorpusDir  string        `json:"corpus_dir"`
	Packages   []string      `json:"packages"`
	Skipped    []skipped     `json:"skipped,omitempty"`
	LoadGraph  int           `json:"load_graph_packages"`
	LoadStart  string        `json:"load_average_start"`
	LoadEnd    string        `json:"load_average_end"`
	Binaries   []benchBinary `json:"binaries"`
	Ratios     []ratio       `json:"cacheguard_ratios"`
	FactTarget float64       `json:"facts_floor_target"`
}

type benchBinary struct {
	Name   string    `json:"name"`
	Role   string    `json:"role"`
	Median summary   `json:"median"`
	Runs   []jsonRun `json:"runs"`
	Errors []string  `json:"errors,omitempty"`
}

type jsonRun struct {
	WallSeconds float64 `json:"wall_seconds"`
	CPUSeconds  float64 `json:"cpu_seconds"`
	MaxRSSBytes int64   `json:"peak_rss_bytes"`
	Exit        int     `json:"exit"`
}

func (r *benchReport) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func (r *benchReport) writeText(w io.Writer) {
	fmt.Fprintf(w, "corpus: %d packages (%d in the load graph with dependencies and tests), %s, %d CPUs\n",
		len(r.Packages), r.LoadGraph, r.GoVersion, r.CPUs)
	fmt.Fprintf(w, "medians of %d paired rounds after %d warm-up round(s); load average %s at the start, %s at the end\n\n",
		r.Rounds, r.Warmup, r.LoadStart, r.LoadEnd)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "binary\trole\twall\tCPU\tpeak RSS\tfindings\truns ok\n")
	for _, b := range r.Binaries {
		s := b.Median
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d/%d\n", b.Name, b.Role,
			formatSeconds(time.Duration(s.WallSeconds*float64(time.Second))),
			formatSeconds(time.Duration(s.CPUSeconds*float64(time.Second))),
			formatBytes(s.MaxRSSBytes), s.Findings, s.Runs, len(b.Runs))
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, q := range r.Ratios {
		fmt.Fprintf(w, "cacheguard / %-15s wall %s  CPU %s  peak RSS %s\n", q.Floor+":",
			formatRatio(q.num.WallSeconds, q.den.WallSeconds), formatRatio(q.num.CPUSeconds, q.den.CPUSeconds),
			formatRatio(float64(q.num.MaxRSSBytes), float64(q.den.MaxRSSBytes)))
	}
	if r.FactTarget > 0 {
		fmt.Fprintf(w, "(issue 5 target: wall and peak RSS each ≤ %.2f× the facts floor)\n", r.FactTarget)
	}
	for _, b := range r.Binaries {
		for _, e := range b.Errors {
			fmt.Fprintf(w, "\nERROR %s: %s\n", b.Name, e)
		}
	}
}

// loadAverage returns the 1-minute load average, which says how much other
// jobs were competing for the CPUs, or "?" where /proc has none.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}
