// Command nop is cgbench's no-facts floor: an analyzer that does nothing,
// run through the same multichecker driver as cacheguard. Without fact
// types the driver type-checks only the packages named on the command line
// from source and reads their dependencies from export data, so its cost is
// the least any go/analysis tool can spend on those packages.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

var analyzer = &analysis.Analyzer{
	Name: "nop",
	Doc:  "do nothing (the benchmark's no-facts floor)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { multichecker.Main(analyzer) }
