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
