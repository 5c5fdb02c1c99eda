package nullcache

import (
	"flag"
	"fmt"
	"strings"

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
		i := strings.LastIndexByte(e, '.')
		if i <= 0 || i == len(e)-1 {
			return fmt.Errorf("not-found-errors: %q is not import/path.Name", e)
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
	fs.Var(listflag.Of(&c.NotFoundErrors), "not-found-errors", "comma-separated extra not-found errors, as import/path.Name")
	fs.Var(listflag.Of(&c.FilterCalls), "filter-calls", "comma-separated names of filter calls (Bloom, cuckoo) that guard a loader")
}
