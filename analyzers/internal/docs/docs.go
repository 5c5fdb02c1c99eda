// Package docs extracts an analyzer's documentation from its package
// comment, as x/tools' passes do, so that the text `cacheguard help NAME`
// prints and the one pkg.go.dev shows are one text, kept in doc.go.
package docs

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the section "# Analyzer name" of the package comment
// of the Go source content (a doc.go): its first line is "name: summary",
// returned as "summary", followed by the section's paragraphs. It panics
// when the section is missing: a doc.go without it is a bug caught by the
// first test that loads the analyzer.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract is MustExtract returning an error.
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go has no package comment")
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name
	i := strings.Index(text, heading+"\n")
	if i < 0 {
		return "", fmt.Errorf("doc.go has no %q section", heading)
	}
	body := strings.TrimLeft(text[i+len(heading):], "\n")
	if j := strings.Index(body, "\n# "); j >= 0 {
		body = body[:j]
	}
	summary, rest, _ := strings.Cut(body, "\n")
	s, ok := strings.CutPrefix(summary, name+": ")
	if !ok {
		return "", fmt.Errorf("the %q section should start with %q", heading, name+": summary")
	}
	return strings.TrimSpace(s + "\n" + rest), nil
}
