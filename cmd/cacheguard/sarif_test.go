package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

type sarifText struct {
	Text string `json:"text"`
}

type sarifLocation struct {
	ID               int `json:"id"`
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region struct {
			StartLine, StartColumn, EndLine, EndColumn int
		} `json:"region"`
	} `json:"physicalLocation"`
	Message *sarifText `json:"message"`
}

type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				Version        string `json:"version"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID                   string    `json:"id"`
					ShortDescription     sarifText `json:"shortDescription"`
					FullDescription      sarifText `json:"fullDescription"`
					Help                 sarifText `json:"help"`
					HelpURI              string    `json:"helpUri"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties struct {
						Tags []string `json:"tags"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           *int              `json:"ruleIndex"`
			Level               string            `json:"level"`
			Message             sarifText         `json:"message"`
			Locations           []sarifLocation   `json:"locations"`
			RelatedLocations    []sarifLocation   `json:"relatedLocations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			BaselineState       string            `json:"baselineState"`
		} `json:"results"`
		ColumnKind string `json:"columnKind"`
	} `json:"runs"`
}

// parseSARIF decodes the SARIF output, refusing a property this test does
// not know (a misspelt name would otherwise pass unseen).
func parseSARIF(t *testing.T, out []byte) *sarifLog {
	t.Helper()
	var log sarifLog
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("not the SARIF this test knows: %v\n%s", err, out)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return &log
}

var sarifLevels = []string{"none", "note", "warning", "error"}

// checkSARIF checks what SARIF 2.1.0 requires of the properties cacheguard
// writes (sarifLog: version, runs; run: tool.driver.name; rule: id;
// result: message.text; region: lines and columns from 1, end after
// start), and what cacheguard promises: every rule described with a level,
// sorted; each result's rule in the set, at its ruleIndex; file URIs
// relative to %SRCROOT%, which names the directory of the run; a
// fingerprint on each result. It returns the results as "rule file:line".
func checkSARIF(t *testing.T, log *sarifLog, dir string) []string {
	t.Helper()
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-schema-2.1.0") {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "cacheguard" || d.Version == "" || !strings.HasPrefix(d.InformationURI, "https://") {
		t.Errorf("driver name %q, version %q, informationUri %q", d.Name, d.Version, d.InformationURI)
	}
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := run.OriginalURIBaseIDs["%SRCROOT%"].URI, "file://"+filepath.ToSlash(abs)+"/"; got != want {
		t.Errorf("%%SRCROOT%% is %q, want %q", got, want)
	}
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
		if r.ShortDescription.Text == "" || r.FullDescription.Text == "" || len(r.Help.Text) < 100 ||
			!strings.HasPrefix(r.HelpURI, "https://") || !slices.Contains(sarifLevels, r.DefaultConfiguration.Level) {
			t.Errorf("rule %s is not fully described: %+v", r.ID, r)
		}
		if name, _, _ := strings.Cut(r.ID, "/"); !strings.HasPrefix(r.FullDescription.Text, name+": ") {
			t.Errorf("rule %s: the full description does not start with its analyzer: %q", r.ID, r.FullDescription.Text)
		}
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("rules not sorted or not unique: %v", ids)
	}
	var got []string
	for _, res := range run.Results {
		if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(ids) || ids[*res.RuleIndex] != res.RuleID {
			t.Errorf("result %s: ruleIndex %v does not point at its rule", res.RuleID, res.RuleIndex)
			continue
		}
		if want := d.Rules[*res.RuleIndex].DefaultConfiguration.Level; res.Level != want {
			t.Errorf("result %s: level %q, its rule's is %q", res.RuleID, res.Level, want)
		}
		if res.Message.Text == "" || strings.HasSuffix(res.Message.Text, ")") && strings.Contains(res.Message.Text, "("+strings.Split(res.RuleID, "/")[0]+")") {
			t.Errorf("result %s: message %q (the rule names the analyzer; the text need not)", res.RuleID, res.Message.Text)
		}
		if fp := res.PartialFingerprints["cacheguard/v1"]; !regexpFingerprint.MatchString(fp) {
			t.Errorf("result %s: fingerprint %q", res.RuleID, fp)
		}
		if len(res.Locations) != 1 {
			t.Errorf("result %s: %d locations", res.RuleID, len(res.Locations))
			continue
		}
		for _, l := range append(slices.Clone(res.Locations), res.RelatedLocations...) {
			a, r := l.PhysicalLocation.ArtifactLocation, l.PhysicalLocation.Region
			if a.URIBaseID != "%SRCROOT%" || strings.HasPrefix(a.URI, "/") || strings.Contains(a.URI, "\\") {
				t.Errorf("result %s: artifact %+v is not relative to %%SRCROOT%%", res.RuleID, a)
			} else if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(a.URI))); err != nil {
				t.Errorf("result %s: %v", res.RuleID, err)
			}
			if r.StartLine < 1 || r.StartColumn < 1 || r.EndLine < r.StartLine || r.EndLine == r.StartLine && r.EndColumn < r.StartColumn {
				t.Errorf("result %s: region %+v", res.RuleID, r)
			}
		}
		l := res.Locations[0].PhysicalLocation
		got = append(got, fmt.Sprintf("%s %s:%d", res.RuleID, filepath.Base(l.ArtifactLocation.URI), l.Region.StartLine))
	}
	return got
}

var regexpFingerprint = regexp.MustCompile(`^[0-9a-f]{32}:[1-9][0-9]*$`)

// TestSARIF: the example service's findings as SARIF, in the structure
// SARIF 2.1.0 requires, with the same findings as the other outputs.
func TestSARIF(t *testing.T) {
	cmd := exec.Command(binary, "-sarif", "./testdata/shop/...")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cacheguard -sarif: %v (want status 0, as -json)\n%s", err, stderr.String())
	}
	log := parseSARIF(t, out)
	got := checkSARIF(t, log, root)

	var want []string
	for name, ks := range kinds {
		for _, w := range expected(t, ks...) {
			want = append(want, name+" "+w)
		}
	}
	var results []string
	levels := map[string]string{}
	for i, g := range got {
		rule, at, _ := strings.Cut(g, " ")
		analyzer, _, _ := strings.Cut(rule, "/")
		results = append(results, analyzer+" "+at)
		levels[rule] = log.Runs[0].Results[i].Level
	}
	sort.Strings(want)
	sort.Strings(results)
	if fmt.Sprint(results) != fmt.Sprint(want) {
		t.Errorf("SARIF results:\n got %v\nwant %v", results, want)
	}
	// Levels that mean something: a wrong answer is an error, a risk
	// under load a warning.
	for rule, want := range map[string]string{"ttljitter/avalanche": "warning", "nullcache/unchecked": "error", "cachemiss/outage": "warning"} {
		if levels[rule] != want {
			t.Errorf("%s: level %q, want %q (levels seen: %v)", rule, levels[rule], want, levels)
		}
	}

	// The text and columns: Go counts bytes, SARIF UTF-16 code units.
	for _, res := range log.Runs[0].Results {
		if strings.HasSuffix(res.Locations[0].PhysicalLocation.ArtifactLocation.URI, "prices/prices.go") &&
			!strings.Contains(res.Message.Text, "Cache.Set → Set") {
			t.Errorf("the wrapper finding in prices lost its chain: %q", res.Message.Text)
		}
	}
}

// TestSARIFColumns: a column after non-ASCII text counts UTF-16 code
// units, SARIF's default, not bytes.
func TestSARIFColumns(t *testing.T) {
	dir := scenario(t)
	shop := filepath.Join(dir, "shop", "shop.go")
	// "é" is 2 bytes and 1 UTF-16 unit, "𝄞" 4 bytes and 2 units.
	edit(t, shop, "\ts.rdb.Set(ctx, key, \"db\", s.ttl)", "\t_ = \"é𝄞\"; s.rdb.Set(ctx, key, \"db\", s.ttl)")
	r := runIn(t, dir, "-sarif", "./shop")
	log := parseSARIF(t, []byte(r.stdout))
	checkSARIF(t, log, dir)
	data, err := os.ReadFile(shop)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, res := range log.Runs[0].Results {
		reg := res.Locations[0].PhysicalLocation.Region
		line := strings.Split(string(data), "\n")[reg.StartLine-1]
		if !strings.Contains(line, "é𝄞") {
			continue
		}
		found = true
		// The finding is at the TTL argument, s.ttl.
		want := strings.Index(line, "s.ttl)") - len("é𝄞") + 3 + 1
		if reg.StartColumn != want || reg.EndColumn != want+len("s.ttl") {
			t.Errorf("columns %d-%d, want %d-%d on %q", reg.StartColumn, reg.EndColumn, want, want+len("s.ttl"), line)
		}
	}
	if !found {
		t.Errorf("no finding on the edited line:\n%s", r.stdout)
	}
}

// TestSARIFRulesComplete: the rule set is fixed (every rule, with no
// result) and complete: one rule for each category an analyzer's source
// declares — its Category constants and Category: "literal"s — and for
// the directive categories, which every analyzer reports.
func TestSARIFRulesComplete(t *testing.T) {
	cmd := exec.Command(binary, "-sarif", "./analyzers/internal/docs") // no findings
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cacheguard -sarif: %v", err)
	}
	log := parseSARIF(t, out)
	if n := len(log.Runs[0].Results); n != 0 {
		t.Fatalf("%d results on a package with no findings", n)
	}
	var got []string
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		got = append(got, r.ID)
	}

	analyzerNames := []string{"cachemiss", "nullcache", "stampede", "ttljitter"}
	var want []string
	files, err := filepath.Glob(filepath.Join(root, "analyzers", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	internal, err := filepath.Glob(filepath.Join(root, "analyzers", "internal", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range append(files, internal...) {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		pkg := filepath.Base(filepath.Dir(file))
		for _, cat := range declaredCategories(t, file) {
			switch {
			case slices.Contains(analyzerNames, pkg):
				want = append(want, pkg+"/"+cat)
			case pkg == "directive":
				for _, a := range analyzerNames {
					want = append(want, a+"/"+cat)
				}
			default:
				t.Errorf("%s declares category %q outside an analyzer: which analyzer reports it? add its rule", file, cat)
			}
		}
	}
	sort.Strings(want)
	want = slices.Compact(want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rules:\n got %v\nwant %v (from the analyzers' source)", got, want)
	}
}

// declaredCategories returns the string constants named Category* and the
// string literals given as Category: in a composite literal.
func declaredCategories(t *testing.T, file string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	str := func(e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				out = append(out, s)
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if strings.HasPrefix(name.Name, "Category") && i < len(n.Values) {
					str(n.Values[i])
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Category" {
				str(n.Value)
			}
		}
		return true
	})
	return out
}
