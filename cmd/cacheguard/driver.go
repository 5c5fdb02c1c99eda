package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cacheguard/cacheguard/analyzers"
)

// The review route: with -baseline, -write-baseline or -sarif, cacheguard
// loads and analyzes the packages itself (go/packages and
// analysis/checker, as the multichecker does) so that it can fingerprint
// the findings, filter them and print them as SARIF. Everything else,
// and go vet's mode, stays with the multichecker.

// reviewFlags are the flags of the review route.
type reviewFlags struct {
	baseline      string
	writeBaseline string
	sarif         bool
}

// register adds the review flags to fs; the multichecker route registers
// them too, for its usage text.
func (r *reviewFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.baseline, "baseline", "", "report only the findings whose fingerprint is not in this `file` (written by -write-baseline); new findings exit 3 in every format")
	fs.StringVar(&r.writeBaseline, "write-baseline", "", "record the findings' fingerprints in this `file`, meant to be committed, and report none")
	fs.BoolVar(&r.sarif, "sarif", false, "write the findings as SARIF 2.1.0 to stdout (GitHub code scanning); not with -json")
}

// reviewFlagNames are the flags that select the review route.
var reviewFlagNames = map[string]bool{"baseline": true, "write-baseline": true, "sarif": true}

// A finding is a diagnostic of a root package, with its analyzer's name
// and its fingerprint.
type reviewFinding struct {
	analyzer string
	pkg      *packages.Package
	diag     analysis.Diagnostic
	posn     token.Position
	end      token.Position
	fp       fingerprint
}

// review runs the review route on the command line args and returns the
// exit status.
func review(args []string, local bool) int {
	as := analyzers.All()
	if local {
		var err error
		if as, err = analyzers.NewLocal(analyzers.Default()); err != nil {
			fmt.Fprintln(os.Stderr, "cacheguard:", err)
			return 1
		}
	}
	var (
		r       reviewFlags
		jsonOut bool
		test    bool
		tags    string
	)
	fs := flag.CommandLine
	r.register(fs)
	fs.BoolVar(&jsonOut, "json", false, "emit JSON output")
	fs.Bool("local", false, localUsage) // read by scan
	fs.StringVar(&tags, "tags", "", tagsUsage)
	fs.BoolVar(&test, "test", false, testUsage)
	notHere := map[string]*bool{
		"fix":  fs.Bool("fix", false, "apply all suggested fixes (not with the review flags)"),
		"diff": fs.Bool("diff", false, "with -fix, print a diff (not with the review flags)"),
	}
	context := fs.Int("c", -1, "display offending line with this many lines of context (not with the review flags)")
	enabled := map[*analysis.Analyzer]*triState{}
	for _, a := range as {
		enabled[a] = new(triState)
		fs.Var(enabled[a], a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = usage
	if err := fs.Parse(args); err != nil { // flag.CommandLine exits itself
		return 2
	}

	for name, set := range notHere {
		if *set {
			return refuse("-%s applies the suggested fixes of every finding; run it without -baseline, -write-baseline and -sarif", name)
		}
	}
	switch {
	case *context >= 0:
		return refuse("-c prints context in the multichecker's output only; run it without -baseline, -write-baseline and -sarif")
	case jsonOut && r.sarif:
		return refuse("-json and -sarif are exclusive: choose one output format")
	case r.writeBaseline != "" && (r.baseline != "" || jsonOut || r.sarif):
		return refuse("-write-baseline records the findings and prints none: use it without -baseline, -json and -sarif")
	case fs.NArg() == 0:
		return refuse("no packages: cacheguard [flags] packages...")
	}
	if as = filterAnalyzers(as, enabled); len(as) == 0 {
		return refuse("every analyzer is turned off")
	}
	as = analyzers.DirectivesOnce(as, nil)

	var base map[fingerprint]int
	if r.baseline != "" {
		var err error
		if base, err = readBaseline(r.baseline); err != nil {
			fmt.Fprintln(os.Stderr, "cacheguard:", err)
			return 1
		}
	}

	findings, code := reviewAnalyze(as, fs.Args(), tags, test)
	if code < 0 {
		return 1
	}

	if r.writeBaseline != "" {
		if err := writeBaseline(r.writeBaseline, findings); err != nil {
			fmt.Fprintln(os.Stderr, "cacheguard:", err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "cacheguard: recorded %s in %s\n", plural(len(findings), "finding", "findings"), r.writeBaseline)
		if code != 0 {
			fmt.Fprintln(os.Stderr, "cacheguard: the errors above may hide findings, which the baseline then lacks")
		}
		return code
	}

	if base != nil {
		fresh, gone := subtract(findings, base)
		fmt.Fprintf(os.Stderr, "cacheguard: %s not in the baseline %s (%s in it)\n",
			plural(len(fresh), "finding", "findings"), r.baseline, plural(len(findings)-len(fresh), "finding", "findings"))
		if gone > 0 {
			fmt.Fprintf(os.Stderr, "cacheguard: %s of the baseline no longer found (fixed, or changed); -write-baseline drops them\n", plural(gone, "entry", "entries"))
		}
		findings = fresh
	}

	var err error
	switch {
	case r.sarif:
		err = printSARIF(os.Stdout, findings, base != nil)
	case jsonOut:
		err = printJSON(os.Stdout, findings)
	default:
		printText(os.Stderr, findings)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cacheguard:", err)
		return 1
	}
	// As the multichecker: the text output exits 3 on findings, -json (and
	// -sarif) 0; but new findings against a baseline fail every format,
	// which is what the baseline is for.
	if len(findings) > 0 && (base != nil || !jsonOut && !r.sarif) {
		code = max(code, 3)
	}
	return code
}

func refuse(format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "cacheguard: "+format+"\n", args...)
	return 2
}

// reviewAnalyze loads the packages and runs the analyzers as the multichecker
// does: package errors and analyzer errors are printed, and make the
// status 1, but the findings that could be made are kept. The status is
// negative when nothing could be analyzed.
func reviewAnalyze(as []*analysis.Analyzer, patterns []string, tags string, test bool) ([]*reviewFinding, int) {
	mode := packages.LoadSyntax
	if needFacts(as) {
		mode = packages.LoadAllSyntax // facts need every dependency from source
	}
	cfg := &packages.Config{Mode: mode | packages.NeedModule, Tests: test}
	if tags != "" {
		cfg.BuildFlags = []string{"-tags=" + tags}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cacheguard:", err)
		return nil, -1
	}
	code := 0
	if packages.PrintErrors(pkgs) > 0 {
		code = 1
	}
	graph, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cacheguard:", err)
		return nil, -1
	}

	type key struct {
		posn, end token.Position
		analyzer  string
		message   string
	}
	seen := map[key]bool{}
	var findings []*reviewFinding
	for act := range graph.All() {
		if act.Err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", act.Analyzer.Name, act.Err)
			code = 1
			continue
		}
		if !act.IsRoot {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			name := act.Analyzer.Name
			f := &reviewFinding{analyzer: name, pkg: act.Package, diag: d, posn: fset.Position(d.Pos), end: fset.Position(cmp.Or(d.End, d.Pos))}
			// A file in a package and its test variant is reported for each.
			k := key{f.posn, f.end, name, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			f.fp = fingerprint{
				Analyzer: name,
				Category: d.Category,
				Package:  act.Package.PkgPath,
				Function: enclosingFunc(act.Package.Syntax, d.Pos),
				Message:  stripPositions(d.Message),
			}
			findings = append(findings, f)
		}
	}
	slices.SortFunc(findings, func(a, b *reviewFinding) int {
		return cmp.Or(
			cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Offset, b.posn.Offset),
			cmp.Compare(a.analyzer, b.analyzer),
			cmp.Compare(a.diag.Message, b.diag.Message))
	})
	return findings, code
}

// printText prints the findings as the multichecker does, each message
// ending with its analyzer's name.
func printText(w io.Writer, findings []*reviewFinding) {
	for _, f := range findings {
		fmt.Fprintf(w, "%s: %s (%s)\n", f.posn, f.diag.Message, f.analyzer)
		for _, r := range f.diag.Related {
			fmt.Fprintf(w, "%s: \t%s\n", f.pkg.Fset.Position(r.Pos), r.Message)
		}
	}
}

// needFacts reports whether an analyzer or one it requires has facts: then
// every dependency is loaded from source, as the multichecker does.
func needFacts(as []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(as)
}

// filterAnalyzers applies the -NAME flags as the multichecker does.
func filterAnalyzers(as []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	set := map[string]bool{}
	for a, t := range enabled {
		if *t != triUnset {
			set[a.Name] = *t == triTrue
		}
	}
	return chosen(as, set)
}

// chosen returns the analyzers that the -NAME flags given (set, by name)
// choose, as the multichecker's flags do: if any is true, only those run;
// otherwise all but those set false.
func chosen(as []*analysis.Analyzer, set map[string]bool) []*analysis.Analyzer {
	anyTrue := false
	for _, on := range set {
		anyTrue = anyTrue || on
	}
	var keep []*analysis.Analyzer
	for _, a := range as {
		on, given := set[a.Name]
		if anyTrue && on || !anyTrue && !given {
			keep = append(keep, a)
		}
	}
	return keep
}

// triState is a -NAME flag: triUnset, true or false.
type triState int

const (
	triUnset triState = iota
	triTrue
	triFalse
)

func (t *triState) IsBoolFlag() bool { return true }

func (t *triState) String() string {
	switch *t {
	case triTrue:
		return "true"
	case triFalse:
		return "false"
	}
	return "triUnset"
}

func (t *triState) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*t = triFalse
	if v {
		*t = triTrue
	}
	return nil
}

// printJSON prints the findings in the multichecker's -json form:
// {"package ID": {"analyzer": [diagnostic, ...]}}. Errors went to stderr.
func printJSON(w io.Writer, findings []*reviewFinding) error {
	type edit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	type fix struct {
		Message string `json:"message"`
		Edits   []edit `json:"edits"`
	}
	type related struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	type diagnostic struct {
		Category       string    `json:"category,omitempty"`
		Posn           string    `json:"posn"`
		End            string    `json:"end"`
		Message        string    `json:"message"`
		SuggestedFixes []fix     `json:"suggested_fixes,omitempty"`
		Related        []related `json:"related,omitempty"`
	}
	tree := map[string]map[string][]diagnostic{}
	for _, f := range findings {
		fset := f.pkg.Fset
		d := diagnostic{Category: f.diag.Category, Posn: f.posn.String(), End: f.end.String(),
			Message: f.diag.Message + " (" + f.analyzer + ")"}
		for _, sf := range f.diag.SuggestedFixes {
			x := fix{Message: sf.Message}
			for _, e := range sf.TextEdits {
				x.Edits = append(x.Edits, edit{Filename: fset.Position(e.Pos).Filename,
					Start: fset.Position(e.Pos).Offset, End: fset.Position(cmp.Or(e.End, e.Pos)).Offset, New: string(e.NewText)})
			}
			d.SuggestedFixes = append(d.SuggestedFixes, x)
		}
		for _, r := range f.diag.Related {
			d.Related = append(d.Related, related{Posn: fset.Position(r.Pos).String(),
				End: fset.Position(cmp.Or(r.End, r.Pos)).String(), Message: r.Message})
		}
		if tree[f.pkg.ID] == nil {
			tree[f.pkg.ID] = map[string][]diagnostic{}
		}
		tree[f.pkg.ID][f.analyzer] = append(tree[f.pkg.ID][f.analyzer], d)
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
