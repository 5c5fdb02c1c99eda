package analyzers_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers"
	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/internal/loader"
	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"
)

// TestClients runs all the analyzers on the other clients (redigo,
// rueidiscompat) at once; each want comment names its analyzer.
func TestClients(t *testing.T) {
	analysistest.Run(t, scenarios.Dir(t), combined,
		"./clients/...", "./libs/...", "./iface/use", "./nullcache/hash", "./iface/clean/...", "./iface/port/...", "./cachemiss/membership")
}

// combined runs the registry's policy analyzers on the shared model and
// reports their findings as "name: message".
var combined = &analysis.Analyzer{
	Name:     "combined",
	Doc:      "all cacheguard analyzers, for tests",
	Requires: []*analysis.Analyzer{cachemodel.Analyzer, loader.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, a := range analyzers.All() {
			p := *pass
			p.Analyzer = a
			p.Report = func(d analysis.Diagnostic) {
				d.Message = a.Name + ": " + d.Message
				pass.Report(d)
			}
			if _, err := a.Run(&p); err != nil {
				return nil, err
			}
		}
		return nil, nil
	},
}
