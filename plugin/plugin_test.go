package plugin_test

import (
	"flag"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/txtar"

	"github.com/cacheguard/cacheguard/analyzers"
	_ "github.com/cacheguard/cacheguard/plugin"
)

// build goes through the registry exactly as golangci-lint does.
func build(t *testing.T, settings any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin("cacheguard")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
	}
	return p.BuildAnalyzers()
}

// flags returns each analyzer's flag values, by analyzer and flag name.
func flags(as []*analysis.Analyzer) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, a := range as {
		out[a.Name] = map[string]string{}
		a.Flags.VisitAll(func(f *flag.Flag) { out[a.Name][f.Name] = f.Value.String() })
	}
	return out
}

func TestDefaults(t *testing.T) {
	want := flags(analyzers.All())
	for _, settings := range []any{nil, map[string]any{}, map[string]any{"ttljitter": map[string]any{}}} {
		as, err := build(t, settings)
		if err != nil {
			t.Fatalf("settings %v: %v", settings, err)
		}
		if err := analysis.Validate(as); err != nil {
			t.Fatal(err)
		}
		if got := flags(as); !reflect.DeepEqual(got, want) {
			t.Errorf("settings %v: analyzers and flags\n got %v\nwant %v (analyzers.All)", settings, got, want)
		}
	}
}

func TestSettings(t *testing.T) {
	as, err := build(t, map[string]any{
		"ttljitter": map[string]any{
			"strict":         true,
			"not-cache-keys": []any{"session:", "lock:"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := flags(as)["ttljitter"]
	want := map[string]string{
		"strict":         "true",
		"not-cache-keys": "session:,lock:",
		"cache-keys":     "",
		"jitter-percent": "10", // not set: keeps its default
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ttljitter flags\n got %v\nwant %v", got, want)
	}
}

// TestBadSettings: a typo or an out-of-range value fails the run with a
// message naming the key, instead of silently turning a check off.
func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     []string // substrings of the error
	}{
		{map[string]any{"ttljitter": map[string]any{"stric": true}},
			[]string{`unknown setting "ttljitter.stric"`, "not-cache-keys, strict"}},
		{map[string]any{"ttljitter": map[string]any{"Strict": true}},
			[]string{`"ttljitter.Strict"`}},
		{map[string]any{"ttljiter": map[string]any{"strict": true}},
			[]string{`unknown setting "ttljiter"`, "ttljitter"}},
		{map[string]any{"ttljitter": map[string]any{"jitter-percent": 0}},
			[]string{"jitter-percent must be between 1 and 100, got 0"}},
		{map[string]any{"ttljitter": map[string]any{"jitter-percent": 150}},
			[]string{"jitter-percent", "150"}},
		{map[string]any{"ttljitter": map[string]any{"strict": "yes"}},
			[]string{`"ttljitter.strict" takes true or false, not string`}},
		{map[string]any{"ttljitter": map[string]any{"cache-keys": "product:"}},
			[]string{`"ttljitter.cache-keys" takes a list of strings, not string`}},
		{map[string]any{"ttljitter": map[string]any{"jitter-percent": 2.5}},
			[]string{`"ttljitter.jitter-percent" takes a whole number`}},
		{map[string]any{"ttljitter": map[string]any{"not-cache-keys": []any{" "}}},
			[]string{"not-cache-keys"}},
		{"strict", []string{"cacheguard settings"}},
	} {
		_, err := build(t, tc.settings)
		if err == nil {
			t.Errorf("settings %v: no error", tc.settings)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("settings %v: error %q does not say %q", tc.settings, err, w)
			}
		}
	}
}

// TestSettingsKeys keeps the documented contract: each section of
// analyzers.Config is named after an analyzer, and its keys are that
// analyzer's flag names, in lower case (golangci-lint lowercases keys).
func TestSettingsKeys(t *testing.T) {
	byName := map[string]*analysis.Analyzer{}
	for _, a := range analyzers.All() {
		byName[a.Name] = a
	}
	cfg := reflect.TypeFor[analyzers.Config]()
	for i := range cfg.NumField() {
		section := jsonKey(cfg.Field(i))
		a, ok := byName[section]
		if !ok {
			t.Errorf("analyzers.Config.%s: section %q names no analyzer", cfg.Field(i).Name, section)
			continue
		}
		var keys, names []string
		ft := cfg.Field(i).Type
		for j := range ft.NumField() {
			keys = append(keys, jsonKey(ft.Field(j)))
		}
		a.Flags.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		sort.Strings(keys)
		sort.Strings(names)
		if !reflect.DeepEqual(keys, names) {
			t.Errorf("%s: settings keys %v, flags %v: they should be the same names", section, keys, names)
		}
		for _, k := range append(keys, section) {
			if k != strings.ToLower(k) {
				t.Errorf("%s: settings key %q is not lower case", section, k)
			}
		}
	}
}

func jsonKey(f reflect.StructField) string {
	key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return key
}

// TestMalformedDirective: golangci-lint runs every analyzer of the plugin
// as one linter; a malformed directive is reported once, by ttljitter (the
// first in the registry's order), not by whichever analyzer finishes first.
func TestMalformedDirective(t *testing.T) {
	as, err := build(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	src, err := txtar.FS(txtar.Parse([]byte(`
-- go.mod --
module example.com/directive

go 1.26.0
-- d.go --
package directive

//cacheguard:ignores ttljitter one letter too many
func F() {}
`)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, src); err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, ".")
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("load: %v %v", err, pkgs)
	}
	for range 3 {
		graph, err := checker.Analyze(as, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for act := range graph.All() {
			for _, d := range act.Diagnostics {
				got = append(got, act.Analyzer.Name+": "+d.Message)
			}
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], "ttljitter: malformed directive") {
			t.Fatalf("diagnostics %q, want one malformed directive, from ttljitter", got)
		}
	}
}
