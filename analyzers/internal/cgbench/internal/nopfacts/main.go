// Command nopfacts is cgbench's facts floor: the do-nothing analyzer of
// ../nop, except that it declares a fact type. That alone makes the
// multichecker driver load every dependency from source and run the
// analyzer on it, as it must for any analyzer with facts (cacheguard has
// them), so this is the least such an analyzer can cost.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

// mark is never exported; declaring it is what matters. It is a bool so it
// stays gob-encodable under the driver's -debug=s sanity check.
type mark bool

func (*mark) AFact()           {}
func (m *mark) String() string { return "mark" }

var analyzer = &analysis.Analyzer{
	Name:      "nopfacts",
	Doc:       "do nothing, but declare a fact type (the benchmark's facts floor)",
	FactTypes: []analysis.Fact{new(mark)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { multichecker.Main(analyzer) }
