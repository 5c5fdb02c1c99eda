// Package analyzers is the registry of cacheguard's analyzers, the one
// list that the command and the golangci-lint plugin both use.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers/ttljitter"
)

// All returns the analyzers with their default configuration.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		ttljitter.Analyzer,
	}
}
