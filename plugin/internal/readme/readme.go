// Package readme reads the fenced code blocks of a Markdown file, for the
// tests that check the README's snippets: its GitHub Actions workflows
// (this package's test, with actionlint) and its .custom-gcl.yml
// (plugin's end-to-end test, with golangci-lint custom).
package readme

import (
	"os"
	"strings"
)

// Blocks returns the bodies of the fenced code blocks of the Markdown file
// at path whose info string is lang (```yaml), in order. A block indented
// in a list has that indentation removed.
func Blocks(path, lang string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var (
		blocks []string
		body   []string
		indent string // the open fence's indentation
		open   bool
		keep   bool // the open block has the language asked for
	)
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case !open && strings.HasPrefix(trimmed, "```"):
			open, keep, body = true, strings.TrimSpace(trimmed[3:]) == lang, nil
			indent = line[:len(line)-len(trimmed)]
		case open && strings.TrimSpace(line) == "```":
			if keep {
				blocks = append(blocks, strings.Join(body, "\n")+"\n")
			}
			open = false
		case open:
			body = append(body, strings.TrimPrefix(line, indent))
		}
	}
	return blocks, nil
}
