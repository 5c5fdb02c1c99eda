// Package scenarios locates testdata/scenarios, the module of test
// programs the analyzers' tests load, and makes sure its modules are in
// the module cache: analysistest loads it with GOPROXY=off, so on a fresh
// machine `go test ./...` would otherwise fail before any analyzer runs.
package scenarios

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var (
	once sync.Once
	dir  string
	err  error
	out  []byte
)

// Dir returns the scenarios module's directory, after `go mod download`
// there (once per test binary; quick when the modules are cached).
func Dir(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		dir, err = find()
		if err != nil {
			return
		}
		cmd := exec.Command("go", "mod", "download")
		cmd.Dir = dir
		out, err = cmd.CombinedOutput()
	})
	if err != nil {
		t.Fatalf("testdata/scenarios: %v\n%s", err, out)
	}
	return dir
}

// find walks up from the working directory (a package of the main module)
// to the directory holding testdata/scenarios.
func find() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		s := filepath.Join(d, "testdata", "scenarios")
		if _, err := os.Stat(filepath.Join(s, "go.mod")); err == nil {
			return s, nil
		}
		if filepath.Dir(d) == d {
			return "", os.ErrNotExist
		}
	}
}
