// Command cacheguard finds Redis cache bugs in Go code that uses go-redis:
// fixed TTLs without jitter (cache avalanche), and more.
//
// Usage:
//
//	cacheguard [flags] packages...
//	go vet -vettool=$(which cacheguard) [flags] packages...
//
// It is a multichecker: -json, -fix, -diff and each analyzer's flags
// (-ttljitter.strict, ...) work as in golang.org/x/tools. Run
// `cacheguard help` for the list of analyzers and `cacheguard help NAME`
// for one of them.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/cacheguard/cacheguard/analyzers"
)

func main() { multichecker.Main(analyzers.All()...) }
