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
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers/internal/names"
)

const (
	prefix = "//cacheguard:ignore"
	hot    = "//cacheguard:hot"
)

// Names returns the analyzers a directive may name, sorted.
func Names() []string { return names.All() }

// nearMiss matches a comment that means to be a cacheguard directive: the
// word cacheguard, a colon and a word like ignore or hot, with or without
// spaces, in a line or block comment (not a YAML key "cacheguard:" in a
// doc comment). Only the exact forms are directives; the others are
// reported, so that a suppression or a hot marker never silently does
// nothing.
var nearMiss = regexp.MustCompile(`(?i)^(//|/\*)\s*cache[-_ ]?guard\s*:\s*(ignore|ingore|ignroe|hot)`)

type ignore struct {
	pos   token.Pos
	file  string
	line  int
	names []string
	used  bool
}

// Ignores holds the directives of one package for one analyzer.
type Ignores struct {
	fset *token.FileSet
	list []*ignore
}

// IsHot reports whether c is the //cacheguard:hot marker, exactly (a
// trailing comment after a space is allowed; //cacheguard:hotkey is not
// the marker).
func IsHot(c *ast.Comment) bool {
	rest, ok := strings.CutPrefix(c.Text, hot)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// Parse collects the directives for analyzer name. Malformed directives
// — near misses of the two forms, no known analyzer, no reason — are
// reported by every analyzer that parses them, so that they are reported
// whichever analyzers are enabled; the registry's drivers keep the reports
// of one analyzer (analyzers.DirectivesOnce), the same one in every run.
func Parse(pass *analysis.Pass, name string) *Ignores {
	ig := &Ignores{fset: pass.Fset}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				rest, isIgnore := strings.CutPrefix(c.Text, prefix)
				if isIgnore && rest != "" && rest[0] != ' ' && rest[0] != '\t' {
					isIgnore = false // //cacheguard:ignores, //cacheguard:ignore:...
				}
				if !isIgnore {
					if nearMiss.MatchString(c.Text) && !IsHot(c) {
						malformed(pass, c.Pos(), fmt.Sprintf("malformed directive %q: the directives are %s <analyzer> <reason> and %s, with no space after //",
							firstWords(c.Text), prefix, hot))
					}
					continue
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
					malformed(pass, c.Pos(), fmt.Sprintf("malformed directive: write %s <analyzer> <reason>, naming one of %s", prefix, strings.Join(Names(), ", ")))
					continue
				}
				if len(fields) < 2 {
					malformed(pass, c.Pos(), fmt.Sprintf("%s %s needs a reason: say why this finding does not apply", prefix, fields[0]))
					continue
				}
				if !slices.Contains(names, name) {
					continue
				}
				p := pass.Fset.Position(c.Pos())
				d := &ignore{pos: c.Pos(), file: p.Filename, line: p.Line, names: names}
				if ownLine(pass, p) {
					d.line++ // a directive on its own line covers the next line
				}
				ig.list = append(ig.list, d)
			}
		}
	}
	return ig
}

// CategoryMalformed is a directive that is not one: misspelt, unknown
// analyzer, or no reason.
const CategoryMalformed = "malformed-directive"

func malformed(pass *analysis.Pass, pos token.Pos, msg string) {
	pass.Report(analysis.Diagnostic{Pos: pos, Category: CategoryMalformed, Message: msg})
}

// firstWords returns the start of a comment, for a message.
func firstWords(text string) string {
	f := strings.Fields(text)
	if len(f) > 2 {
		f = f[:2]
	}
	return strings.Join(f, " ")
}

func allKnown(names []string) bool {
	if len(names) == 0 {
		return false
	}
	known := Names()
	for _, n := range names {
		if !slices.Contains(known, n) {
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
		if d.used {
			continue
		}
		msg := prefix + " " + name + " silences nothing here; remove it"
		if len(d.names) > 1 {
			// The directive also names others, which may still be needed.
			msg = fmt.Sprintf("%s %s: %s silences nothing here; remove %s from the list", prefix, strings.Join(d.names, ","), name, name)
		}
		pass.Report(analysis.Diagnostic{Pos: d.pos, Category: "unused-directive", Message: msg})
	}
}
