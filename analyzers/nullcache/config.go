package nullcache

import (
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"strings"
	"sync"

	"github.com/cacheguard/cacheguard/analyzers/internal/listflag"
)

// Config is the configuration of one nullcache analyzer. The plugin's
// settings keys are the flag names.
type Config struct {
	// NotFoundErrors are extra error variables that mean "no such record",
	// as "import/path.Name" (sql.ErrNoRows, gorm.ErrRecordNotFound,
	// mongo.ErrNoDocuments and any variable named like ErrNotFound are
	// known already).
	NotFoundErrors []string `json:"not-found-errors"`
	// FilterCalls are the names of functions or methods that reject
	// unknown IDs before the source is asked (Bloom or cuckoo filters);
	// a loader that calls one is guarded.
	FilterCalls []string `json:"filter-calls"`
}

// Default is the configuration of Analyzer.
func Default() Config {
	return Config{FilterCalls: []string{"BFExists", "BFMExists", "CFExists", "CFMExists", "MightContain", "MayContain", "TestString"}}
}

// Validate reports a configuration error, naming the setting.
func (c Config) Validate() error {
	for _, e := range c.NotFoundErrors {
		if err := checkErrorName(e); err != nil {
			return fmt.Errorf("not-found-errors: %w", err)
		}
	}
	for _, f := range c.FilterCalls {
		if strings.TrimSpace(f) == "" {
			return fmt.Errorf("filter-calls: empty name")
		}
	}
	return nil
}

func (c *Config) bind(fs *flag.FlagSet) {
	fs.Var(listflag.OfChecked(&c.NotFoundErrors, checkErrorName), "not-found-errors", "comma-separated extra not-found errors, as import/path.Name")
	fs.Var(listflag.Of(&c.FilterCalls), "filter-calls", "comma-separated names of filter calls (Bloom, cuckoo) that guard a loader")
}

// checkErrorName checks the form of a not-found error: import/path.Name,
// with Name an identifier.
func checkErrorName(e string) error {
	i := strings.LastIndexByte(e, '.')
	if i <= 0 || i == len(e)-1 || strings.HasSuffix(e[:i], "/") || !token.IsIdentifier(e[i+1:]) {
		return fmt.Errorf("%q is not import/path.Name (example.com/shop/catalog.ErrGone)", e)
	}
	return nil
}

// unresolved returns the not-found errors that should be in pkg or in a
// package it imports, but are not declared there: a misspelt name would
// otherwise turn the setting off without a word.
func (c Config) unresolved(pkg *types.Package) []string {
	var out []string
	for _, e := range c.NotFoundErrors {
		i := strings.LastIndexByte(e, '.')
		path, name := e[:i], e[i+1:]
		var target *types.Package
		if pkg.Path() == path {
			target = pkg
		}
		for _, imp := range pkg.Imports() {
			if imp.Path() == path {
				target = imp
			}
		}
		if target != nil && target.Scope().Lookup(name) == nil {
			out = append(out, fmt.Sprintf("%s names nothing: package %s declares no %s", e, path, name))
		}
	}
	return out
}

// unresolvedOnce is unresolved, each entry said once per analyzer (the
// first package that imports its package says it); said holds the ones
// said already.
func (c Config) unresolvedOnce(pkg *types.Package, said *sync.Map) []string {
	var out []string
	for _, e := range c.unresolved(pkg) {
		if _, loaded := said.LoadOrStore(e, true); !loaded {
			out = append(out, e)
		}
	}
	return out
}
