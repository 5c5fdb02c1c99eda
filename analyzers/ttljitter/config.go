package ttljitter

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/cacheguard/cacheguard/analyzers/internal/listflag"
)

// Config is the configuration of one ttljitter analyzer. The plugin's
// settings keys are the flag names.
type Config struct {
	// Strict reports every constant TTL on a write command, not only the
	// writes that are cache entries by their context.
	Strict bool `json:"strict"`
	// JitterPercent is the jitter the suggested fix adds, as a percentage
	// of the TTL (1 to 100).
	JitterPercent int `json:"jitter-percent"`
	// NotCacheKeys are key prefixes that are never cache entries
	// ("session:", "lock:"): writes to them are not reported.
	NotCacheKeys []string `json:"not-cache-keys"`
	// CacheKeys are key prefixes that are always cache entries: writes to
	// them are reported even outside a loader or a loop.
	CacheKeys []string `json:"cache-keys"`
}

// Default is the configuration of Analyzer.
func Default() Config {
	return Config{JitterPercent: 10}
}

// Validate reports a configuration error, naming the setting.
func (c Config) Validate() error {
	if c.JitterPercent < 1 || c.JitterPercent > 100 {
		return fmt.Errorf("jitter-percent must be between 1 and 100, got %d", c.JitterPercent)
	}
	for _, p := range append(append([]string(nil), c.NotCacheKeys...), c.CacheKeys...) {
		if strings.TrimSpace(p) == "" {
			return fmt.Errorf("cache-keys and not-cache-keys take non-empty key prefixes")
		}
	}
	return nil
}

func (c *Config) bind(fs *flag.FlagSet) {
	fs.BoolVar(&c.Strict, "strict", c.Strict, "report every constant TTL on a write command, not only cache entries")
	fs.Var((*percent)(&c.JitterPercent), "jitter-percent", "jitter the suggested fix adds, in percent of the TTL (1-100)")
	fs.Var(listflag.Of(&c.NotCacheKeys), "not-cache-keys", "comma-separated key prefixes that are never cache entries (session:,lock:)")
	fs.Var(listflag.Of(&c.CacheKeys), "cache-keys", "comma-separated key prefixes that are always cache entries (product:)")
}

// percent is the jitter-percent flag's value: it refuses a value out of
// range when the flag is set, once, before any package is loaded.
type percent int

func (p *percent) String() string {
	if p == nil {
		return "0"
	}
	return strconv.Itoa(int(*p))
}

func (p *percent) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("want a whole number of percent, 1 to 100")
	}
	if n < 1 || n > 100 {
		return fmt.Errorf("jitter-percent must be between 1 and 100, got %d", n)
	}
	*p = percent(n)
	return nil
}
