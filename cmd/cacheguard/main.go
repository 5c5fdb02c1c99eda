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
//
// Review flags (not under go vet, which sees one package at a time):
//
//	cacheguard -write-baseline cacheguard-baseline.json ./...   # on main; commit the file
//	cacheguard -baseline cacheguard-baseline.json ./...         # on a change: only what it adds
//	cacheguard -sarif ./... > cacheguard.sarif                  # for GitHub code scanning
//
// -write-baseline records a fingerprint of each finding and reports none.
// A fingerprint has no line or column: the analyzer, the category, the
// package and enclosing function, and the message without the positions
// it names. -baseline reports the findings the file does not cover (each
// recorded finding covers one) and exits 3 when there are any, in every
// output format; so a guard deleted in a wrapper is new at the unchanged
// callers, and code that only moves is not. -sarif writes SARIF 2.1.0 with
// one rule per analyzer and category ("ttljitter/avalanche"); -json and
// -sarif are exclusive. With these flags cacheguard loads and analyzes the
// packages itself, as the multichecker does (-local, -tags, -test and the
// analyzers' flags work the same), but -fix, -diff and -c are refused.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/cacheguard/cacheguard/analyzers"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "lsp" {
		os.Exit(runLSP(os.Args[2:]))
	}
	opts, err := scan(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "cacheguard:", err)
		os.Exit(2)
	}
	if opts.review != "" {
		if opts.vet {
			fmt.Fprintf(os.Stderr, "cacheguard: -%s is not available under go vet, which runs one package at a time; run cacheguard -%s ... ./... instead\n", opts.review, opts.review)
			os.Exit(2)
		}
		os.Exit(review(os.Args[1:], opts.local))
	}
	// Registered so that they are listed in the help and parsed in any
	// position; their values were read above, to choose the analyzers or
	// the route.
	flag.Bool("local", false, localUsage)
	new(reviewFlags).register(flag.CommandLine)
	if opts.tags != "" {
		// The driver accepts -tags but ignores it; go list reads GOFLAGS.
		os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags="+opts.tags))
	}
	// The driver registers -tags as a no-op and -test as true by default;
	// say what they do here.
	flag.Usage = func() {
		if f := flag.Lookup("tags"); f != nil {
			f.Usage = tagsUsage
		}
		if f := flag.Lookup("test"); f != nil {
			f.Usage = testUsage
			f.DefValue = "false"
		}
		usage()
	}
	// No test files by default; a later -test=true on the command line wins.
	os.Args = append([]string{os.Args[0], "-test=false"}, os.Args[1:]...)

	all := analyzers.All()
	if opts.local {
		if all, err = analyzers.NewLocal(analyzers.Default()); err != nil {
			fmt.Fprintln(os.Stderr, "cacheguard:", err)
			os.Exit(1)
		}
	}
	multichecker.Main(analyzers.Named(analyzers.DirectivesOnce(all, runningByFlags(all)))...)
}

// runningByFlags says whether the multichecker (and go vet, through it)
// runs an analyzer, from the -NAME flags it has parsed by the time an
// analyzer runs: the first analyzer it runs reports the malformed
// directives.
func runningByFlags(as []*analysis.Analyzer) func(name string) bool {
	return func(name string) bool {
		given := map[string]*flag.Flag{}
		flag.Visit(func(f *flag.Flag) { given[f.Name] = f })
		set := map[string]bool{}
		for _, a := range as {
			if f, ok := given[a.Name]; ok {
				if g, ok := f.Value.(flag.Getter); ok {
					on, _ := g.Get().(bool)
					set[a.Name] = on
				}
			}
		}
		for _, a := range chosen(as, set) {
			if a.Name == name {
				return true
			}
		}
		return false
	}
}

const (
	localUsage = "no cross-package facts: fast, for one package on save; misses findings through wrappers in other packages"
	tagsUsage  = "comma-separated build tags for loading the packages (as go build -tags)"
	testUsage  = "also load the packages' test files (no analyzer checks them; off by default)"
)

func usage() {
	fmt.Fprintf(flag.CommandLine.Output(), "Usage of %s:\n", os.Args[0])
	flag.PrintDefaults()
}

// cmdline are the command-line facts needed before the flags are parsed.
type cmdline struct {
	local  bool
	tags   string
	review string // the first of -baseline, -write-baseline, -sarif given
	vet    bool   // run by go vet on one package's .cfg file
}

// scan reads the driver flags that must be known before the analyzers are
// built and the packages loaded: -local and -tags, wherever they are among
// the flags (before the first package pattern, as the flag package reads
// them), and whether a flag of the review route is given.
func scan(args []string) (opts cmdline, err error) {
	bools := boolFlags()
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if !strings.HasPrefix(a, "-") {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if reviewFlagNames[name] && opts.review == "" && (name != "sarif" || value != "false") {
			opts.review = name
		}
		if !hasValue && !bools[name] && name != "tags" {
			i++ // -c 1, -ttljitter.cache-keys product: — the value is the next argument
			continue
		}
		switch name {
		case "local":
			opts.local = true
			if hasValue {
				switch value {
				case "true", "1", "t", "T", "TRUE", "True":
				case "false", "0", "f", "F", "FALSE", "False":
					opts.local = false
				default:
					return opts, fmt.Errorf("invalid value %q for flag -local", value)
				}
			}
		case "tags":
			if !hasValue {
				if i+1 >= len(args) {
					return opts, fmt.Errorf("flag needs an argument: -tags")
				}
				i++
				value = args[i]
			}
			opts.tags = value
		}
	}
	rest := args[min(i, len(args)):]
	opts.vet = len(rest) == 1 && strings.HasSuffix(rest[0], ".cfg")
	return opts, nil
}

// boolFlags returns the names of the boolean flags: the driver's and the
// analyzers'. Every other flag takes the next argument as its value when
// it is not written -name=value.
func boolFlags() map[string]bool {
	out := map[string]bool{"json": true, "fix": true, "diff": true, "test": true, "flags": true,
		"source": true, "v": true, "all": true, "local": true, "sarif": true}
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
