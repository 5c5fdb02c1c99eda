// Command cacheguard finds Redis cache bugs in Go code that uses go-redis:
// fixed TTLs without jitter (cache avalanche), loaders that do not cache
// not-found results (penetration), loaders that treat every Redis error as
// a miss (outage floods), and hot-key refills without singleflight
// (stampede).
//
// Usage:
//
//	cacheguard [flags] packages...
//	go vet -vettool=$(which cacheguard) [flags] packages...
//	cacheguard lsp [flags]
//
// It is a multichecker: -json, -fix, -diff and each analyzer's flags
// (-ttljitter.strict, ...) work as in golang.org/x/tools. Run
// `cacheguard help` for the list of analyzers and `cacheguard help NAME`
// for one of them.
//
// cacheguard lsp is a language server for editors with a generic LSP
// client, beside gopls: on opening and saving a Go file it runs the vet
// route above on the file's package (with the flags given after lsp) and
// publishes the findings as diagnostics, the suggested fixes as code
// actions. `cacheguard lsp -h` says more.
//
// -local turns off cross-package facts: wrappers in other packages are not
// followed, and dependencies are loaded from export data instead of
// source, which makes one package fast enough to check on every save in
// an editor. It misses every finding that goes through a wrapper, a read
// helper or a jitter helper declared in another package. CI should run
// without it.
//
// -tags selects build tags for loading the packages (as go build -tags).
//
// Each finding ends with the name of the analyzer that made it, as
// staticcheck prints its check ids: the name //cacheguard:ignore takes.
//
// Test files are not loaded unless -test is given: no analyzer checks
// them, and loading them would report each finding twice (for the package
// and for its test variant) and let a type error in a test hide the
// package's findings.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/cacheguard/cacheguard/analyzers"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "lsp" {
		os.Exit(runLSP(os.Args[2:]))
	}
	local, tags, err := scan(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "cacheguard:", err)
		os.Exit(2)
	}
	// Registered so that it is listed in the help and parsed in any
	// position; its value was read above, to choose the analyzers.
	flag.Bool("local", false, "no cross-package facts: fast, for one package on save; misses findings through wrappers in other packages")
	if tags != "" {
		// The driver accepts -tags but ignores it; go list reads GOFLAGS.
		os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags="+tags))
	}
	// The driver registers -tags as a no-op and -test as true by default;
	// say what they do here.
	flag.Usage = func() {
		if f := flag.Lookup("tags"); f != nil {
			f.Usage = "comma-separated build tags for loading the packages (as go build -tags)"
		}
		if f := flag.Lookup("test"); f != nil {
			f.Usage = "also load the packages' test files (no analyzer checks them; off by default)"
			f.DefValue = "false"
		}
		fmt.Fprintf(flag.CommandLine.Output(), "Usage of %s:\n", os.Args[0])
		flag.PrintDefaults()
	}
	// No test files by default; a later -test=true on the command line wins.
	os.Args = append([]string{os.Args[0], "-test=false"}, os.Args[1:]...)

	all := analyzers.All()
	if local {
		if all, err = analyzers.NewLocal(analyzers.Default()); err != nil {
			fmt.Fprintln(os.Stderr, "cacheguard:", err)
			os.Exit(1)
		}
	}
	multichecker.Main(analyzers.Named(all)...)
}

// scan reads the driver flags that must be known before the analyzers are
// built and the packages loaded: -local and -tags, wherever they are among
// the flags (before the first package pattern, as the flag package reads
// them).
func scan(args []string) (local bool, tags string, err error) {
	bools := boolFlags()
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !hasValue && !bools[name] && name != "tags" {
			i++ // -c 1, -ttljitter.cache-keys product: — the value is the next argument
			continue
		}
		switch name {
		case "local":
			local = true
			if hasValue {
				switch value {
				case "true", "1", "t", "T", "TRUE", "True":
				case "false", "0", "f", "F", "FALSE", "False":
					local = false
				default:
					return false, "", fmt.Errorf("invalid value %q for flag -local", value)
				}
			}
		case "tags":
			if !hasValue {
				if i+1 >= len(args) {
					return false, "", fmt.Errorf("flag needs an argument: -tags")
				}
				i++
				value = args[i]
			}
			tags = value
		}
	}
	return local, tags, nil
}

// boolFlags returns the names of the boolean flags: the driver's and the
// analyzers'. Every other flag takes the next argument as its value when
// it is not written -name=value.
func boolFlags() map[string]bool {
	out := map[string]bool{"json": true, "fix": true, "diff": true, "test": true, "flags": true,
		"source": true, "v": true, "all": true, "local": true}
	for _, a := range analyzers.All() {
		out[a.Name] = true // -ttljitter=false turns an analyzer off
		a.Flags.VisitAll(func(f *flag.Flag) {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				out[a.Name+"."+f.Name] = true
			}
		})
	}
	return out
}
