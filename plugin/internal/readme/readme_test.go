package readme_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cacheguard/cacheguard/plugin/internal/readme"
)

// actionlintVersion is the workflow linter the test builds with go install
// (module proxy or module cache), outside this repository's modules.
const actionlintVersion = "v1.7.12"

// actionlint builds actionlint into a temporary directory. Without network
// access and not in the module cache, the test is skipped, except in CI
// (CI=true), where it fails.
func actionlint(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	cmd := exec.Command("go", "install", "github.com/rhysd/actionlint/cmd/actionlint@"+actionlintVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		msg := "actionlint " + actionlintVersion + " cannot be built here: " + err.Error() + "\n" + string(out)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return filepath.Join(bin, "actionlint")
}

// TestWorkflows: every GitHub Actions workflow in the README passes
// actionlint (syntax, keys, expressions, the inputs of well-known actions),
// and a copy of one without its on: key fails it, so that a pass means
// something.
func TestWorkflows(t *testing.T) {
	blocks, err := readme.Blocks(filepath.Join("..", "..", "..", "README.md"), "yaml")
	if err != nil {
		t.Fatal(err)
	}
	var workflows []string
	for _, b := range blocks {
		if regexp.MustCompile(`(?m)^jobs:`).MatchString(b) {
			workflows = append(workflows, b)
		}
	}
	// golangci-lint's, and the baseline with SARIF for code scanning.
	if len(workflows) < 2 {
		t.Fatalf("%d workflows in the README's yaml blocks, want 2 or more", len(workflows))
	}
	bin := actionlint(t)
	dir := t.TempDir()
	wf := filepath.Join(dir, ".github", "workflows")
	if err := os.MkdirAll(wf, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) string {
		t.Helper()
		path := filepath.Join(wf, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	lint := func(files ...string) (string, error) {
		// No shellcheck or pyflakes on run: scripts, so that the result
		// does not depend on what else is installed.
		cmd := exec.Command(bin, append([]string{"-no-color", "-shellcheck=", "-pyflakes="}, files...)...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	var files []string
	for i, w := range workflows {
		files = append(files, write("readme-"+string(rune('a'+i))+".yml", w))
	}
	if out, err := lint(files...); err != nil {
		t.Errorf("actionlint on the README's workflows: %v\n%s", err, out)
	}

	broken := regexp.MustCompile(`(?m)^on:\n(?:[ #].*\n)*`).ReplaceAllString(workflows[0], "")
	if broken == workflows[0] {
		t.Fatalf("the first workflow has no on: key to remove:\n%s", workflows[0])
	}
	out, err := lint(write("broken.yml", broken))
	if err == nil || !strings.Contains(out, `"on" section is missing`) {
		t.Errorf("actionlint passed a workflow without on: (%v):\n%s", err, out)
	}
}
