package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cacheguard/cacheguard/analyzers"
)

// vetOutput is what one go vet -json run said.
type vetOutput struct {
	findings []vetFinding
	errors   []string // an analyzer's error, or go vet's complaints beside findings
}

// vetFinding is one diagnostic of go vet -json, with the analyzer that
// made it.
type vetFinding struct {
	Analyzer string
	vetDiagnostic
}

// vetDiagnostic, vetFix, vetEdit and vetRelated are the JSON form of an
// analysis.Diagnostic that x/tools' drivers print with -json (its
// driverutil.JSONDiagnostic): positions as "file:line:column" with a
// 1-based byte column, edits as byte offsets.
type vetDiagnostic struct {
	Category       string       `json:"category"`
	Posn           string       `json:"posn"`
	End            string       `json:"end"`
	Message        string       `json:"message"`
	SuggestedFixes []vetFix     `json:"suggested_fixes"`
	Related        []vetRelated `json:"related"`
}

type vetFix struct {
	Message string    `json:"message"`
	Edits   []vetEdit `json:"edits"`
}

type vetEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type vetRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// vet runs go vet with this executable as its tool on the package in dir.
// Cancelling ctx kills go vet and the tools it started. A run that
// printed no findings at all and failed (the package does not build) is
// an error; one that printed findings and also complained (a test file
// does not build) keeps the findings and the complaint.
func vet(ctx context.Context, exe string, flags []string, dir string) (*vetOutput, error) {
	args := append([]string{"vet", "-vettool=" + exe, "-json"}, flags...)
	cmd := exec.CommandContext(ctx, "go", append(args, ".")...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	killTree(cmd)
	cmd.WaitDelay = 2 * time.Second
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	out, objects, err := parseVet(stdout.Bytes())
	if err != nil {
		return nil, fmt.Errorf("reading go vet -json: %v\n%s", err, stderr.Bytes())
	}
	complaint := strings.TrimSpace(stderr.String())
	if runErr != nil {
		if complaint == "" {
			complaint = runErr.Error()
		}
		if objects == 0 {
			return nil, errors.New(complaint)
		}
	}
	if complaint != "" {
		out.errors = append(out.errors, complaint)
	}
	return out, nil
}

// parseVet reads go vet -json's standard output: per package checked, a
// JSON object {"import/path": {"analyzer": [diagnostic...]}}, where an
// analyzer that failed has {"error": "..."} instead of its list. go may
// put "# import/path" lines between them. A package is checked twice when
// it has tests (as itself and as its test variant), so a finding in a
// non-test file comes twice; it is kept once. It returns how many package
// objects it read.
func parseVet(data []byte) (*vetOutput, int, error) {
	var clean bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		if !bytes.HasPrefix(sc.Bytes(), []byte("#")) {
			clean.Write(sc.Bytes())
			clean.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		return nil, 0, err
	}
	out := &vetOutput{}
	seen := map[string]bool{}
	objects := 0
	dec := json.NewDecoder(&clean)
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			return nil, objects, err
		}
		objects++
		for _, pkg := range sortedKeys(tree) {
			for _, name := range sortedKeys(tree[pkg]) {
				raw := bytes.TrimSpace(tree[pkg][name])
				if bytes.HasPrefix(raw, []byte("{")) {
					var e struct {
						Err string `json:"error"`
					}
					if err := json.Unmarshal(raw, &e); err != nil {
						return nil, objects, err
					}
					out.errors = append(out.errors, fmt.Sprintf("%s: %s: %s", pkg, name, e.Err))
					continue
				}
				var diags []vetDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					return nil, objects, fmt.Errorf("%s: %s: %v", pkg, name, err)
				}
				for _, d := range diags {
					key := strings.Join([]string{name, d.Posn, d.End, d.Message}, "\x00")
					if seen[key] {
						continue
					}
					seen[key] = true
					out.findings = append(out.findings, vetFinding{Analyzer: name, vetDiagnostic: d})
				}
			}
		}
	}
	return out, objects, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// notes are the categories of what cacheguard says about its own run and
// its directives rather than about the code's caching: shown as
// information, not warnings.
var notes = map[string]bool{
	"skipped":             true, // functions that do not type-check were not checked
	"unused-directive":    true,
	"malformed-directive": true,
}

// convert turns go vet's findings into diagnostics by file URI, with the
// suggested fixes as code actions, and counts them.
func (s *server) convert(out *vetOutput, dir string, files fileCache) (result, int) {
	urls := map[string]string{}
	for _, a := range analyzers.All() {
		urls[a.Name] = a.URL
	}
	res := result{}
	n := 0
	for _, f := range out.findings {
		file, start, ok := files.posn(f.Posn, dir)
		if !ok {
			s.logMessage(msgWarning, "cacheguard: a finding without a position: %s", f.Message)
			continue
		}
		end := start
		if endFile, e, ok := files.posn(f.End, dir); ok && endFile == file && !before(e, start) {
			end = e
		}
		d := diagnostic{
			Range:    lspRange{Start: start, End: end},
			Severity: severityWarning,
			Code:     f.Analyzer,
			Source:   "cacheguard",
			// The code says which analyzer spoke; the text need not.
			Message: strings.TrimSuffix(f.Message, " ("+f.Analyzer+")"),
		}
		if notes[f.Category] {
			d.Severity = severityInformation
		}
		if f.Category == "unused-directive" {
			d.Tags = []int{tagUnnecessary}
		}
		if u := urls[f.Analyzer]; u != "" {
			d.CodeDescription = &codeDescription{Href: u}
		}
		for _, r := range f.Related {
			rfile, rstart, ok := files.posn(r.Posn, dir)
			if !ok {
				continue
			}
			rend := rstart
			if efile, e, ok := files.posn(r.End, dir); ok && efile == rfile && !before(e, rstart) {
				rend = e
			}
			d.RelatedInformation = append(d.RelatedInformation, diagnosticRelatedInformation{
				Location: location{URI: s.uri(rfile), Range: lspRange{Start: rstart, End: rend}},
				Message:  r.Message,
			})
		}
		var actions []codeAction
		for _, fix := range f.SuggestedFixes {
			if edit, ok := s.workspaceEdit(fix.Edits, dir, files); ok {
				actions = append(actions, codeAction{
					Title:       fix.Message,
					Kind:        "quickfix",
					Diagnostics: []diagnostic{d},
					IsPreferred: len(f.SuggestedFixes) == 1,
					Edit:        edit,
				})
			}
		}
		uri := s.uri(file)
		res[uri] = append(res[uri], finding{diag: d, actions: actions})
		n++
	}
	return res, n
}

// workspaceEdit converts a fix's byte-offset edits; a fix in a file that
// cannot be read is not offered.
func (s *server) workspaceEdit(edits []vetEdit, dir string, files fileCache) (workspaceEdit, bool) {
	w := workspaceEdit{Changes: map[string][]textEdit{}}
	for _, e := range edits {
		name := e.Filename
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		name = filepath.Clean(name)
		t := files.get(name)
		if t == nil {
			return w, false
		}
		start, ok1 := t.offsetPosition(e.Start)
		end, ok2 := t.offsetPosition(e.End)
		if !ok1 || !ok2 {
			return w, false
		}
		uri := s.uri(name)
		w.Changes[uri] = append(w.Changes[uri], textEdit{Range: lspRange{Start: start, End: end}, NewText: e.New})
	}
	return w, len(w.Changes) > 0
}

// fileCache holds the files of one run's findings, read once, to turn
// byte positions into the protocol's UTF-16 ones.
type fileCache map[string]*fileText

func (c fileCache) get(name string) *fileText {
	if t, ok := c[name]; ok {
		return t
	}
	data, err := os.ReadFile(name)
	var t *fileText
	if err == nil {
		t = newFileText(data)
	}
	c[name] = t
	return t
}

// posn converts a "file:line:column" of go vet's into the file's clean
// absolute name and an LSP position.
func (c fileCache) posn(s, dir string) (string, position, bool) {
	name, line, col, ok := parsePosn(s)
	if !ok {
		return "", position{}, false
	}
	if !filepath.IsAbs(name) {
		name = filepath.Join(dir, name)
	}
	name = filepath.Clean(name)
	return name, c.get(name).position(line, col), true
}

// parsePosn splits go/token's "file:line:column" (or "file:line" when the
// column is unknown). The file name may itself hold colons (C:\src\...),
// so the numbers are taken from the end.
func parsePosn(s string) (file string, line, col int, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", 0, 0, false
	}
	last, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return "", 0, 0, false
	}
	rest := s[:i]
	if j := strings.LastIndexByte(rest, ':'); j >= 0 {
		if l, err := strconv.Atoi(rest[j+1:]); err == nil {
			return rest[:j], l, last, rest[:j] != ""
		}
	}
	return rest, last, 0, rest != ""
}

// fileText is a file's bytes and where its lines start.
type fileText struct {
	data  []byte
	lines []int // byte offset of each line's start
}

func newFileText(data []byte) *fileText {
	lines := []int{0}
	for i, b := range data {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &fileText{data: data, lines: lines}
}

// position converts go/token's 1-based line and 1-based byte column into
// the protocol's 0-based line and UTF-16 column. Without the file's text
// (it could not be read) the byte column is the best guess.
func (t *fileText) position(line, col int) position {
	if line < 1 {
		return position{}
	}
	if col < 1 {
		col = 1
	}
	if t == nil || line > len(t.lines) {
		return position{Line: line - 1, Character: col - 1}
	}
	start := t.lines[line-1]
	end := len(t.data)
	if line < len(t.lines) {
		end = t.lines[line] - 1 // before the newline
	}
	off := min(start+col-1, end)
	return position{Line: line - 1, Character: utf16Len(t.data[start:off])}
}

// offsetPosition converts a byte offset into the file (a suggested fix's
// edit) into a protocol position.
func (t *fileText) offsetPosition(off int) (position, bool) {
	if off < 0 || off > len(t.data) {
		return position{}, false
	}
	line := sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
	return position{Line: line, Character: utf16Len(t.data[t.lines[line]:off])}, true
}

// utf16Len counts the UTF-16 code units of UTF-8 text: two for a rune
// outside the Basic Multilingual Plane (an emoji), one for any other,
// and one for each byte that is not valid UTF-8 (an editor shows it as
// U+FFFD).
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
		b = b[size:]
	}
	return n
}

// fileURI is the file: URI of an absolute path.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/src → /C:/src
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// uriPath is the clean path of a file: URI.
func uriPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%s is not a file: URI", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return filepath.Clean(filepath.FromSlash(p)), nil
}
