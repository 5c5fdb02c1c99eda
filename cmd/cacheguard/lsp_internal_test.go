package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUTF16Columns: go/token columns count bytes, the protocol's count
// UTF-16 code units: é is two bytes and one unit, 世 three bytes and one
// unit, 😀 four bytes and two units.
func TestUTF16Columns(t *testing.T) {
	src := "ab\n\té😀x := \"世界\" // ok\r\nlast"
	text := newFileText([]byte(src))
	for _, c := range []struct {
		line, col int // go/token's, 1-based, bytes
		want      position
	}{
		{1, 1, position{0, 0}},
		{1, 3, position{0, 2}},   // the end of "ab"
		{1, 9, position{0, 2}},   // past the end: clamped before the newline
		{2, 2, position{1, 1}},   // é, after the tab
		{2, 4, position{1, 2}},   // 😀, after é (2 bytes)
		{2, 8, position{1, 4}},   // x, after 😀 (4 bytes, 2 units)
		{2, 14, position{1, 10}}, // 世, after 8 units and the quote
		{2, 17, position{1, 11}}, // 界
		{2, 20, position{1, 12}}, // the closing quote
		{3, 3, position{2, 2}},   // the last line has no newline
		{4, 1, position{3, 0}},   // beyond the file: taken as said
		{0, 0, position{0, 0}},   // no position
	} {
		if got := text.position(c.line, c.col); got != c.want {
			t.Errorf("position(%d, %d) = %+v, want %+v", c.line, c.col, got, c.want)
		}
	}
	for off, want := range map[int]position{
		0: {0, 0}, 2: {0, 2}, 3: {1, 0}, 4: {1, 1}, 6: {1, 2}, 10: {1, 4},
		strings.Index(src, "世"):    {1, 10},
		strings.Index(src, "\r"):   {1, 19},
		strings.Index(src, "last"): {2, 0},
		len(src):                   {2, 4},
	} {
		if got, ok := text.offsetPosition(off); !ok || got != want {
			t.Errorf("offsetPosition(%d) = %+v %v, want %+v", off, got, ok, want)
		}
	}
	if _, ok := text.offsetPosition(len(src) + 1); ok {
		t.Errorf("an offset past the end converts")
	}
	// Invalid UTF-8 counts one unit a byte, as an editor shows U+FFFD.
	if n := utf16Len([]byte("a\xff\xfeb")); n != 4 {
		t.Errorf("utf16Len of invalid UTF-8 = %d, want 4", n)
	}
	// Without the text, the byte column is the guess.
	var none *fileText
	if got := none.position(3, 5); got != (position{2, 4}) {
		t.Errorf("position without text = %+v", got)
	}
}

func TestParsePosn(t *testing.T) {
	for in, want := range map[string]string{
		"/src/a.go:12:3":      "/src/a.go 12 3 true",
		`C:\src\a.go:12:3`:    `C:\src\a.go 12 3 true`,
		"/src/a.go:12":        "/src/a.go 12 0 true",
		"/src/we:ird.go:1:2":  "/src/we:ird.go 1 2 true",
		"-":                   " 0 0 false",
		"":                    " 0 0 false",
		":3":                  " 3 0 false",
		"/src/a.go:line:col":  " 0 0 false",
		"/src/a.go:x:7":       "/src/a.go:x 7 0 true",
		"relative/a.go:40:10": "relative/a.go 40 10 true",
	} {
		file, line, col, ok := parsePosn(in)
		if got := fmt.Sprint(file, " ", line, " ", col, " ", ok); got != want {
			t.Errorf("parsePosn(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestParseVet reads go vet -json's stream: "# pkg" lines, one object per
// package, the test variant's copy of a finding dropped, an analyzer's
// error kept as an error.
func TestParseVet(t *testing.T) {
	finding := `{"category": "avalanche", "posn": "/m/p/a.go:3:5", "end": "/m/p/a.go:3:9", "message": "fixed TTL (ttljitter)",
		"suggested_fixes": [{"message": "add jitter", "edits": [{"filename": "/m/p/a.go", "start": 10, "end": 14, "new": "ttl + j"}]}],
		"related": [{"posn": "/m/q/b.go:1:1", "end": "/m/q/b.go:1:4", "message": "set here"}]}`
	out := "# example.com/p\n{}\n" +
		`{"example.com/p": {"ttljitter": [` + finding + `]}}` + "\n# example.com/p [example.com/p.test]\n" +
		`{"example.com/p [example.com/p.test]": {"ttljitter": [` + finding + `], "stampede": {"error": "boom"}}}`
	got, objects, err := parseVet([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if objects != 3 || len(got.findings) != 1 || len(got.errors) != 1 || !strings.Contains(got.errors[0], "stampede: boom") {
		t.Fatalf("objects %d, findings %+v, errors %q", objects, got.findings, got.errors)
	}
	f := got.findings[0]
	if f.Analyzer != "ttljitter" || f.Category != "avalanche" || f.End != "/m/p/a.go:3:9" ||
		len(f.SuggestedFixes) != 1 || f.SuggestedFixes[0].Edits[0] != (vetEdit{"/m/p/a.go", 10, 14, "ttl + j"}) ||
		len(f.Related) != 1 || f.Related[0].Message != "set here" {
		t.Errorf("finding %+v", f)
	}
	if _, _, err := parseVet([]byte(`{"p": {"ttljitter": 3}}`)); err == nil {
		t.Errorf("a malformed list was accepted")
	}
	if got, objects, err := parseVet(nil); err != nil || objects != 0 || len(got.findings) != 0 {
		t.Errorf("no output: %+v %d %v", got, objects, err)
	}
}

// TestConvert: a finding becomes a diagnostic with UTF-16 positions, the
// analyzer as code and its URL, the message without the analyzer's name,
// a note as information; its fix becomes a code action whose edit is in
// protocol positions.
func TestConvert(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.go")
	src := "package p\n\n// 😀 é\nvar x = set(\"k\", ttl) // 世\n"
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	at := strings.Index(src, "ttl)")
	lineStart := strings.Index(src, "var x")
	col := at - lineStart + 1
	vet := fmt.Sprintf(`{"p": {"ttljitter": [{"category": "avalanche", "posn": "a.go:4:%d", "end": "a.go:4:%d", "message": "fixed TTL (ttljitter)",
		"suggested_fixes": [{"message": "add jitter", "edits": [{"filename": %q, "start": %d, "end": %d, "new": "ttl + j"}]}]},
		{"category": "skipped", "posn": %q, "end": %q, "message": "did not check f (ttljitter)"}]}}`,
		col, col+3, name, at, at+3, name+":3:9", name+":3:11")
	out, _, err := parseVet([]byte(vet))
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(context.Background(), "cacheguard", nil)
	res, n := s.convert(out, dir, fileCache{})
	uri := fileURI(name)
	if n != 2 || len(res) != 1 || len(res[uri]) != 2 {
		t.Fatalf("convert: %d findings, %+v", n, res)
	}
	d := res[uri][0].diag
	want := lspRange{Start: position{3, col - 1}, End: position{3, col + 2}}
	if d.Range != want || d.Code != "ttljitter" || d.Message != "fixed TTL" || d.Severity != severityWarning ||
		d.Source != "cacheguard" || d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "#ttljitter") {
		t.Errorf("diagnostic %+v, want range %+v", d, want)
	}
	// The comment line: é is at byte column 9 (after "// ", 😀's four
	// bytes and a space), UTF-16 column 6 (😀 is two units).
	note := res[uri][1].diag
	if note.Severity != severityInformation || note.Range != (lspRange{Start: position{2, 6}, End: position{2, 7}}) {
		t.Errorf("note %+v", note)
	}
	acts := res[uri][0].actions
	if len(acts) != 1 || acts[0].Title != "add jitter" || acts[0].Kind != "quickfix" || len(acts[0].Edit.Changes[uri]) != 1 {
		t.Fatalf("actions %+v", acts)
	}
	if e := acts[0].Edit.Changes[uri][0]; e.Range != want || e.NewText != "ttl + j" {
		t.Errorf("edit %+v, want range %+v", e, want)
	}
	if len(res[uri][1].actions) != 0 {
		t.Errorf("a note without a fix offers %+v", res[uri][1].actions)
	}

	// Code actions overlap the requested range, and only quickfixes are
	// offered.
	s.results[dir] = res
	var p codeActionParams
	p.TextDocument.URI = uri
	p.Range = lspRange{Start: position{3, col + 2}, End: position{3, col + 2}} // at the end of the TTL
	if got := s.codeActions(p); len(got) != 1 {
		t.Errorf("code actions at the end of the range: %+v", got)
	}
	p.Range = lspRange{Start: position{3, 0}, End: position{3, col - 2}}
	if got := s.codeActions(p); len(got) != 0 {
		t.Errorf("code actions before the range: %+v", got)
	}
	p.Range = lspRange{Start: position{0, 0}, End: position{9, 0}}
	p.Context.Only = []string{"refactor"}
	if got := s.codeActions(p); len(got) != 0 {
		t.Errorf("code actions for refactor: %+v", got)
	}
}

func TestURIs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a dir", "ü.go")
	uri := fileURI(path)
	if !strings.HasPrefix(uri, "file:///") || strings.Contains(uri, " ") {
		t.Errorf("fileURI(%q) = %q", path, uri)
	}
	back, err := uriPath(uri)
	if err != nil || back != path {
		t.Errorf("uriPath(%q) = %q, %v; want %q", uri, back, err, path)
	}
	if _, err := uriPath("untitled:Untitled-1"); err == nil {
		t.Errorf("an untitled buffer has a path")
	}
}
