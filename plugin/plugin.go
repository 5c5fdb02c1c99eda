package plugin

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers"
)

// Name is the linter's name in golangci-lint: the key under
// linters.settings.custom, in `enable:` lists and in //nolint:cacheguard.
const Name = "cacheguard"

func init() {
	register.Plugin(Name, New)
}

// New decodes golangci-lint's settings for cacheguard and configures the
// analyzers with them.
func New(settings any) (register.LinterPlugin, error) {
	if err := checkKeys(settings, reflect.TypeFor[analyzers.Config]()); err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	cfg, err := register.DecodeSettings[config](settings)
	if err != nil {
		if te := (*json.UnmarshalTypeError)(nil); errors.As(err, &te) && te.Field != "" {
			return nil, fmt.Errorf("%s settings: %q takes %s, not %s", Name, te.Field, describe(te.Type), te.Value)
		}
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	as, err := analyzers.New(analyzers.Config(cfg))
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	// Every analyzer runs: the first in the registry's order reports the
	// malformed directives.
	return &linter{analyzers: analyzers.DirectivesOnce(as, nil)}, nil
}

type linter struct {
	analyzers []*analysis.Analyzer
}

func (l *linter) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return l.analyzers, nil
}

// GetLoadMode asks for type information: the analyzers resolve the
// go-redis methods they match and export facts about the user's wrappers.
func (l *linter) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// config is analyzers.Config decoded on top of analyzers.Default(), so that
// a key the user leaves out keeps its default (DecodeSettings alone would
// start from the zero value, and a zero jitter-percent is out of range).
type config analyzers.Config

func (c *config) UnmarshalJSON(data []byte) error {
	cfg := analyzers.Default()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return err
	}
	*c = config(cfg)
	return nil
}

// checkKeys reports the first settings key that names no field of t, and
// the keys that would be valid there. DecodeSettings refuses unknown keys
// too, but its message names neither the section nor the valid keys, and
// encoding/json accepts a key that differs only in case.
func checkKeys(settings any, t reflect.Type) error {
	// Through JSON, as DecodeSettings goes, so sections are map[string]any
	// whatever golangci-lint's configuration loader produced.
	data, err := json.Marshal(settings)
	if err != nil {
		return nil // DecodeSettings reports it
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil
	}
	return checkSection(tree, t, "")
}

func checkSection(v any, t reflect.Type, section string) error {
	m, ok := v.(map[string]any)
	if !ok || t.Kind() != reflect.Struct {
		return nil // not a section: DecodeSettings checks the value's type
	}
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if key, _, _ := strings.Cut(f.Tag.Get("json"), ","); key != "" && key != "-" {
			fields[key] = f.Type
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := k
		if section != "" {
			name = section + "." + k
		}
		ft, ok := fields[k]
		if !ok {
			known := make([]string, 0, len(fields))
			for f := range fields {
				known = append(known, f)
			}
			sort.Strings(known)
			if section == "" {
				return fmt.Errorf("unknown setting %q; the sections are the analyzers' names: %s", name, strings.Join(known, ", "))
			}
			return fmt.Errorf("unknown setting %q; %s's settings are %s", name, section, strings.Join(known, ", "))
		}
		if err := checkSection(m[k], ft, name); err != nil {
			return err
		}
	}
	return nil
}

// describe names the values a setting of type t takes, in YAML terms.
func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(describe(t.Elem()), "a ") + "s"
	}
	return "a " + t.String()
}
