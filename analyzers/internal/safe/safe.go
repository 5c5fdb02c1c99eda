// Package safe keeps an analyzer's panic from crashing the user's run: a
// bug in cacheguard on an odd shape of code becomes an error that names
// the package, and the other analyzers and packages go on (as nilaway
// turns its panics into errors).
package safe

import (
	"fmt"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
)

// Run wraps an analyzer's run function.
func Run(name string, run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				res = nil
				err = fmt.Errorf("%s: internal error on package %s (please report it): %v\n%s",
					name, pass.Pkg.Path(), r, debug.Stack())
			}
		}()
		return run(pass)
	}
}

// Model wraps the run function of an analyzer that other analyzers
// require (the model, the loader finder). A panic there must not become an
// error: the driver would turn it into "failed prerequisites" for every
// analyzer above it and, through facts, for every package that imports
// this one. Instead the run returns empty(err): an empty result that
// carries the failure, which the policies report once for this package
// while every other package is analyzed as usual (nilaway's failures as
// data).
func Model(name string, run func(*analysis.Pass) (any, error), empty func(error) any) func(*analysis.Pass) (any, error) {
	inner := Run(name, run)
	return func(pass *analysis.Pass) (any, error) {
		res, err := inner(pass)
		if err != nil {
			return empty(err), nil
		}
		return res, nil
	}
}
