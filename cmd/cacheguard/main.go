// Command cacheguard finds Redis cache bugs in Go code that uses go-redis:
// fixed TTLs without jitter (cache avalanche), loaders that do not cache
// not-found results (penetration), loaders that treat every Redis error as
// a miss (outage floods), and hot-key refills without singleflight
// (stampede).
//
// Usage:
//
//	cacheguard [-local] [flags] packages...
//	go vet -vettool=$(which cacheguard) [flags] packages...
//
// It is a multichecker: -json, -fix, -diff and each analyzer's flags
// (-ttljitter.strict, ...) work as in golang.org/x/tools. Run
// `cacheguard help` for the list of analyzers and `cacheguard help NAME`
// for one of them.
//
// -local (first, standalone only) turns off cross-package facts: wrappers
// in other packages are not followed, and dependencies are loaded from
// export data instead of source, which makes one package fast enough to
// check on every save in an editor. CI should run without it.
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/cacheguard/cacheguard/analyzers"
)

func main() {
	all := analyzers.All()
	if len(os.Args) > 1 && (os.Args[1] == "-local" || os.Args[1] == "--local") {
		os.Args = append(os.Args[:1], os.Args[2:]...)
		var err error
		if all, err = analyzers.NewLocal(analyzers.Default()); err != nil {
			fmt.Fprintln(os.Stderr, "cacheguard:", err)
			os.Exit(1)
		}
	}
	multichecker.Main(all...)
}
