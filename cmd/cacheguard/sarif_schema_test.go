package main_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The SARIF 2.1.0 JSON schema (OASIS, errata 01) and a validator are not
// part of this repository: the test takes the schema from a Go module that
// ships it as test data (gosec's report/sarif/testdata) and validates with
// github.com/santhosh-tekuri/jsonschema/v6, both through the module proxy
// or the module cache, in a throwaway module that leaves go.mod alone.
const (
	schemaModule    = "github.com/securego/gosec/v2@v2.29.0"
	schemaFile      = "report/sarif/testdata/sarif-schema-2.1.0.json"
	validatorModule = "github.com/santhosh-tekuri/jsonschema/v6"
	validatorVer    = "v6.0.3"
)

const validatorMain = `package main

import (
	"fmt"
	"os"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// validate SCHEMA FILE...: exit 1 naming the first violation of each file.
func main() {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(os.Args[1])
	if err != nil {
		fmt.Println("schema:", err)
		os.Exit(2)
	}
	bad := false
	for _, f := range os.Args[2:] {
		r, err := os.Open(f)
		if err != nil {
			fmt.Println(err)
			os.Exit(2)
		}
		v, err := jsonschema.UnmarshalJSON(r)
		r.Close()
		if err == nil {
			err = sch.Validate(v)
		}
		if err != nil {
			fmt.Printf("%s: %v\n", f, err)
			bad = true
		} else {
			fmt.Printf("%s: valid\n", f)
		}
	}
	if bad {
		os.Exit(1)
	}
}
`

// TestSARIFSchema validates the SARIF output — findings, a related
// location, a baseline run — against the SARIF 2.1.0 schema, and checks
// that the validator rejects a broken copy.
func TestSARIFSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a validator")
	}
	tmp := t.TempDir()
	download := exec.Command("go", "mod", "download", "-json", schemaModule)
	download.Dir = tmp
	out, err := download.Output()
	var mod struct{ Dir, Error string }
	if err == nil {
		err = json.Unmarshal(out, &mod)
	}
	if err != nil || mod.Dir == "" {
		t.Skipf("the SARIF schema's module %s cannot be had here (%v %s); TestSARIF checks the structure", schemaModule, err, mod.Error)
	}
	schema := filepath.Join(mod.Dir, filepath.FromSlash(schemaFile))

	// The outputs to validate.
	write := func(name string, data []byte) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cmd := exec.Command(binary, "-sarif", "./testdata/shop/...")
	cmd.Dir = root
	shop, err := cmd.Output()
	if err != nil {
		t.Fatalf("cacheguard -sarif: %v", err)
	}
	dir := scenario(t)
	base := filepath.Join(dir, "baseline.json")
	if r := runIn(t, dir, "-write-baseline", base, "./..."); r.code != 0 {
		t.Fatal(r.stderr)
	}
	removeJitter(t, dir)
	newer := runIn(t, dir, "-sarif", "-baseline", base, "./...")
	directives := runIn(t, scenariosDir(t), "-sarif", "./ttljitter/directive", "./robust/usesbroken")
	files := []string{
		write("shop.sarif", shop),
		write("baseline.sarif", []byte(newer.stdout)),
		write("directives.sarif", []byte(directives.stdout)),
	}
	broken := bytes.Replace(shop, []byte(`"level": "warning"`), []byte(`"level": "severe"`), 1)
	brokenFile := write("broken.sarif", broken)

	vdir := filepath.Join(tmp, "validate")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		t.Fatal(err)
	}
	// x/text is the validator's dependency; v0.43.0 is the version the
	// scenarios module already has in the cache.
	gomod := "module validate\n\ngo 1.26\n\nrequire (\n\t" + validatorModule + " " + validatorVer + "\n\tgolang.org/x/text v0.43.0\n)\n"
	if err := os.WriteFile(filepath.Join(vdir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(vdir, "main.go"), []byte(validatorMain), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOSUMDB=off", "GOWORK=off")
	build := exec.Command("go", "build", "-o", "validate", ".")
	build.Dir = vdir
	build.Env = env
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("the validator %s@%s cannot be built here: %v\n%s", validatorModule, validatorVer, err, out)
	}

	run := exec.Command(filepath.Join(vdir, "validate"), append([]string{schema}, files...)...)
	out, err = run.CombinedOutput()
	if err != nil {
		t.Errorf("the SARIF output does not validate against %s: %v\n%s", schemaFile, err, out)
	}
	if strings.Count(string(out), ": valid") != len(files) {
		t.Errorf("want %d valid files:\n%s", len(files), out)
	}
	run = exec.Command(filepath.Join(vdir, "validate"), schema, brokenFile)
	if out, err := run.CombinedOutput(); err == nil || !strings.Contains(string(out), "/level") {
		t.Errorf("the validator accepted a result of level \"severe\": %v\n%s", err, out)
	}
}
