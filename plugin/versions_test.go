package plugin_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestGolangciLintVersions: `golangci-lint custom` (.custom-gcl.yml) and
// the offline build (golangci/go.mod) make the same golangci-lint.
func TestGolangciLintVersions(t *testing.T) {
	read := func(name string) string {
		data, err := os.ReadFile(filepath.FromSlash(name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	custom := regexp.MustCompile(`(?m)^version:\s*(v\S+)`).FindStringSubmatch(read(".custom-gcl.yml"))
	mod := regexp.MustCompile(`(?m)^\s*github\.com/golangci/golangci-lint/v2 (v\S+)`).FindStringSubmatch(read("golangci/go.mod"))
	if custom == nil || mod == nil {
		t.Fatalf("no golangci-lint version in .custom-gcl.yml (%v) or golangci/go.mod (%v)", custom, mod)
	}
	if custom[1] != mod[1] {
		t.Errorf(".custom-gcl.yml builds golangci-lint %s, golangci/go.mod %s: keep them in step", custom[1], mod[1])
	}
}
