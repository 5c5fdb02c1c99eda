// Package analyzers is the registry of cacheguard's analyzers, the one
// list that the command and the golangci-lint plugin both use.
package analyzers

import (
	"fmt"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers/cachemiss"
	"github.com/cacheguard/cacheguard/analyzers/internal/directive"
	"github.com/cacheguard/cacheguard/analyzers/nullcache"
	"github.com/cacheguard/cacheguard/analyzers/stampede"
	"github.com/cacheguard/cacheguard/analyzers/ttljitter"
)

// Config is the configuration of every analyzer, one field per analyzer.
// Its keys (and the plugin's settings keys) are the analyzers' flag names.
type Config struct {
	TTLJitter ttljitter.Config `json:"ttljitter"`
	NullCache nullcache.Config `json:"nullcache"`
	Stampede  stampede.Config  `json:"stampede"`
}

// Default is the configuration of All.
func Default() Config {
	return Config{
		TTLJitter: ttljitter.Default(),
		NullCache: nullcache.Default(),
		Stampede:  stampede.Default(),
	}
}

// New returns the analyzers configured by cfg, or an error naming the
// setting that is out of range.
func New(cfg Config) ([]*analysis.Analyzer, error) { return build(cfg, false) }

// NewLocal is New without cross-package facts: wrappers in other packages
// are not followed, and the driver loads dependencies from export data,
// which makes one package fast enough to check on every save. CI should
// use New.
func NewLocal(cfg Config) ([]*analysis.Analyzer, error) { return build(cfg, true) }

func build(cfg Config, local bool) ([]*analysis.Analyzer, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if local {
		return []*analysis.Analyzer{
			ttljitter.NewLocal(cfg.TTLJitter),
			nullcache.NewLocal(cfg.NullCache),
			cachemiss.Local,
			stampede.NewLocal(cfg.Stampede),
		}, nil
	}
	return []*analysis.Analyzer{
		ttljitter.New(cfg.TTLJitter),
		nullcache.New(cfg.NullCache),
		cachemiss.Analyzer,
		stampede.New(cfg.Stampede),
	}, nil
}

func (cfg Config) validate() error {
	if err := cfg.TTLJitter.Validate(); err != nil {
		return fmt.Errorf("ttljitter: %w", err)
	}
	if err := cfg.NullCache.Validate(); err != nil {
		return fmt.Errorf("nullcache: %w", err)
	}
	return nil
}

// All returns the analyzers with their default configuration; their flags
// change it.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		ttljitter.Analyzer,
		nullcache.Analyzer,
		cachemiss.Analyzer,
		stampede.Analyzer,
	}
}

// DirectivesOnce returns the analyzers, each wrapped so that a malformed
// //cacheguard: directive is reported by one of them only. Every analyzer
// parses the directives (its suppressions must be checked, whichever
// others run) and so finds every malformed one; only the first of as, in
// the registry's order, that the driver runs keeps its reports. The
// analyzers of a package run in parallel, so "whichever reports first"
// would name a different analyzer from run to run, and with it the SARIF
// rule and the baseline fingerprint.
//
// running says whether the driver runs the analyzer of that name. Drivers
// that pick from as after it is built, as the multichecker and go vet do
// from their -NAME flags, answer from those flags: running is first called
// when an analyzer runs, after the flags are parsed. nil means that every
// analyzer of as runs (golangci-lint's plugin, a driver that passes only
// the analyzers it runs).
func DirectivesOnce(as []*analysis.Analyzer, running func(name string) bool) []*analysis.Analyzer {
	owner := sync.OnceValue(func() string {
		for _, a := range as {
			if running == nil || running(a.Name) {
				return a.Name
			}
		}
		return ""
	})
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		out[i] = reporting(a, func(report func(analysis.Diagnostic), d analysis.Diagnostic) {
			if d.Category != directive.CategoryMalformed || owner() == a.Name {
				report(d)
			}
		})
	}
	return out
}

// Named returns the analyzers with each finding's message ending in the
// analyzer's name, as staticcheck prints its check ids: "... (ttljitter)".
// The standalone command and go vet print no analyzer name of their own,
// and the name is what //cacheguard:ignore needs. golangci-lint prefixes
// the name itself, so the plugin does not use this.
func Named(as []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(as))
	for i, a := range as {
		out[i] = reporting(a, func(report func(analysis.Diagnostic), d analysis.Diagnostic) {
			d.Message += " (" + a.Name + ")"
			report(d)
		})
	}
	return out
}

// reporting returns a copy of a whose passes send each diagnostic through
// via, which may change it, drop it or pass it to the driver's report. The
// copy has the same flags (the FlagSet's maps are shared), requirements
// and facts.
func reporting(a *analysis.Analyzer, via func(report func(analysis.Diagnostic), d analysis.Diagnostic)) *analysis.Analyzer {
	wrapped := *a
	run := a.Run
	wrapped.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		report := pass.Report
		p.Report = func(d analysis.Diagnostic) { via(report, d) }
		return run(&p)
	}
	return &wrapped
}
