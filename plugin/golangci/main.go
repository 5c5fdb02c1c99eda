// Command golangci-lint-cacheguard is golangci-lint v2 with the cacheguard
// module plugin built in: what `golangci-lint custom` builds from
// plugin/.custom-gcl.yml, but from the Go module proxy alone (or an offline
// module cache), since `golangci-lint custom` git-clones golangci-lint.
//
//	(cd plugin/golangci && go build -o ../../bin/golangci-lint-cacheguard .)
//
// It is a separate module so that the main module does not depend on
// golangci-lint.
package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/cacheguard/cacheguard/plugin"
)

func main() {
	if err := commands.Execute(buildInfo()); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}

func buildInfo() commands.BuildInfo {
	info := commands.BuildInfo{Version: "(devel)", Commit: "unknown", Date: "unknown", GoVersion: "unknown"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info // golangci-lint then salts its cache with the executable's hash
	}
	info.GoVersion = bi.GoVersion
	var lint, cacheguard string
	for _, dep := range bi.Deps {
		switch dep.Path {
		case "github.com/golangci/golangci-lint/v2":
			lint = strings.TrimPrefix(dep.Version, "v")
		case "github.com/cacheguard/cacheguard":
			if dep.Replace == nil {
				cacheguard = dep.Version
			}
		}
	}
	if cacheguard == "" {
		cacheguard = localStamp()
	}
	if lint != "" && cacheguard != "" {
		info.Version = lint + "-custom-cacheguard-" + cacheguard
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.time":
			info.Date = s.Value
		}
	}
	return info
}

// localStamp names a cacheguard built from a local checkout (the replace
// directive in go.mod), which has no module version. golangci-lint salts
// its cache of results with the version, so the version must change
// whenever the analyzers do, or a rebuilt linter would report the previous
// analyzers' findings: the executable's size and modification time change
// with each build and cost one stat, where hashing it costs a read of the
// whole binary on every run.
func localStamp() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano()))
	return fmt.Sprintf("local.%x", sum[:6])
}
