// Package directive implements //cacheguard:ignore, the suppression
// directive of the standalone command and go vet (golangci-lint users also
// have //nolint:cacheguard).
//
//	//cacheguard:ignore ttljitter the catalogue is rebuilt nightly with staggered TTLs
//
// The first word names the analyzers it silences (a comma-separated list);
// the rest is the reason, which is required. A directive on a line of its
// own covers the next line; at the end of a line it covers that line. A
// directive that silences nothing is reported, as staticcheck reports an
// unused //lint:ignore, so stale suppressions do not pile up.
package directive

import (
	"bytes"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const prefix = "//cacheguard:ignore"

// Names are the analyzers a directive may name.
var Names = []string{"ttljitter", "nullcache", "cachemiss", "stampede"}

type ignore struct {
	pos  token.Pos
	file string
	line int
	used bool
}

// Ignores holds the directives of one package for one analyzer.
type Ignores struct {
	fset *token.FileSet
	list []*ignore
}

// Parse collects the directives for analyzer name. Malformed directives
// (no known analyzer, or no reason) are reported by the analyzer they name,
// or by ttljitter when they name none.
func Parse(pass *analysis.Pass, name string) *Ignores {
	ig := &Ignores{fset: pass.Fset}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, prefix) {
					continue
				}
				rest := strings.TrimPrefix(c.Text, prefix)
				if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
					continue // another directive that shares the prefix
				}
				if i := strings.Index(rest, "//"); i >= 0 {
					rest = rest[:i] // a trailing comment is not the reason
				}
				fields := strings.Fields(rest)
				var names []string
				if len(fields) > 0 {
					names = strings.Split(fields[0], ",")
				}
				if !allKnown(names) {
					if name == Names[0] {
						pass.Reportf(c.Pos(), "malformed directive: write %s <analyzer> <reason>, naming one of %s", prefix, strings.Join(Names, ", "))
					}
					continue
				}
				if !slices.Contains(names, name) {
					continue
				}
				if len(fields) < 2 {
					pass.Reportf(c.Pos(), "%s %s needs a reason: say why this finding does not apply", prefix, fields[0])
					continue
				}
				p := pass.Fset.Position(c.Pos())
				d := &ignore{pos: c.Pos(), file: p.Filename, line: p.Line}
				if ownLine(pass, p) {
					d.line++ // a directive on its own line covers the next line
				}
				ig.list = append(ig.list, d)
			}
		}
	}
	return ig
}

func allKnown(names []string) bool {
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		if !slices.Contains(Names, n) {
			return false
		}
	}
	return true
}

// Covers reports whether a directive covers any of the nodes' first lines,
// and marks that directive used.
func (ig *Ignores) Covers(nodes ...ast.Node) bool {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		p := ig.fset.Position(n.Pos())
		for _, d := range ig.list {
			if d.file == p.Filename && d.line == p.Line {
				d.used = true
				return true
			}
		}
	}
	return false
}

// ownLine reports whether only white space precedes the comment at p on
// its line.
func ownLine(pass *analysis.Pass, p token.Position) bool {
	src, err := pass.ReadFile(p.Filename)
	if err != nil || p.Offset > len(src) {
		return true
	}
	start := bytes.LastIndexByte(src[:p.Offset], '\n') + 1
	return len(bytes.TrimSpace(src[start:p.Offset])) == 0
}

// ReportUnused reports the directives that silenced nothing.
func (ig *Ignores) ReportUnused(pass *analysis.Pass, name string) {
	for _, d := range ig.list {
		if !d.used {
			pass.Report(analysis.Diagnostic{
				Pos:      d.pos,
				Category: "unused-directive",
				Message:  prefix + " " + name + " silences nothing here; remove it",
			})
		}
	}
}
