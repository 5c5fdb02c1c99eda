package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/mod/modfile"

	"github.com/cacheguard/cacheguard/analyzers"
)

// shopModule copies the example service into a module of its own in a
// temporary directory, so that a test can edit it: the module path stays
// the service's (its imports need no rewriting) and the requirements and
// checksums are the main module's, already in the module cache. The
// returned environment keeps go offline.
func shopModule(t *testing.T) (dir string, env []string) {
	t.Helper()
	dir = t.TempDir()
	src := filepath.Join(root, "testdata", "shop")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mf, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := mf.AddModuleStmt(mf.Module.Mod.Path + "/testdata/shop"); err != nil {
		t.Fatal(err)
	}
	if data, err = mf.Format(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
}

// jsonFinding is one finding of cacheguard -json, with its analyzer.
type jsonFinding struct {
	Analyzer       string
	Posn           string `json:"posn"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename   string `json:"filename"`
			Start, End int
			New        string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes"`
}

// file, line and col split the finding's file:line:col.
func (f jsonFinding) split(t *testing.T) (file string, line, col int) {
	parts := strings.Split(f.Posn, ":")
	if len(parts) < 3 {
		t.Fatalf("position %q is not file:line:col", f.Posn)
	}
	line, err1 := strconv.Atoi(parts[len(parts)-2])
	col, err2 := strconv.Atoi(parts[len(parts)-1])
	if err1 != nil || err2 != nil {
		t.Fatalf("position %q is not file:line:col", f.Posn)
	}
	return strings.Join(parts[:len(parts)-2], ":"), line, col
}

// standalone runs cacheguard -json on patterns in dir: what the language
// server must publish.
func standalone(t *testing.T, dir string, env []string, patterns ...string) []jsonFinding {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"-json"}, patterns...)...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cacheguard -json %v: %v\n%s", patterns, err, out)
	}
	var all []jsonFinding
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var tree map[string]map[string][]jsonFinding
		if err := dec.Decode(&tree); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		for _, byAnalyzer := range tree {
			for name, fs := range byAnalyzer {
				for _, f := range fs {
					f.Analyzer = name
					all = append(all, f)
				}
			}
		}
	}
	return all
}

// lspClient speaks the protocol to a cacheguard lsp process through its
// pipes, framing each message with a Content-Length header, as an editor
// does. It answers the server's requests and keeps every notification.
type lspClient struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      io.WriteCloser
	msgs    chan lspMessage
	done    chan error // the process exited
	exited  bool       // its status was taken from done
	stderr  bytes.Buffer
	nextID  int
	seen    []lspMessage // notifications and server requests, in order
	pending []lspMessage // read but not yet taken by wait
}

type lspMessage struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func startLSP(t *testing.T, dir string, env []string) *lspClient {
	t.Helper()
	c := &lspClient{t: t, msgs: make(chan lspMessage, 1000), done: make(chan error, 1)}
	c.cmd = exec.Command(binary, "lsp")
	c.cmd.Dir = dir
	c.cmd.Env = env
	c.cmd.Stderr = &c.stderr
	var err error
	if c.in, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.read(bufio.NewReader(out))
	t.Cleanup(func() {
		if !c.exited {
			c.cmd.Process.Kill() //nolint:errcheck // it may have exited already
			if err := <-c.done; err == nil {
				t.Logf("cacheguard lsp exited by itself before it was killed")
			}
		}
	})
	return c
}

// read decodes framed messages until the server closes stdout.
func (c *lspClient) read(r *bufio.Reader) {
	defer func() { c.done <- c.cmd.Wait() }()
	defer close(c.msgs)
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		if length < 0 {
			c.msgs <- lspMessage{Method: "test/bad-frame"}
			return
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m lspMessage
		if err := json.Unmarshal(body, &m); err != nil {
			m = lspMessage{Method: "test/bad-json", Params: body}
		}
		c.msgs <- m
	}
}

func (c *lspClient) send(m map[string]any) {
	c.t.Helper()
	m["jsonrpc"] = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		c.t.Fatalf("writing to the server: %v\n%s", err, c.stderr.String())
	}
}

func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	c.send(map[string]any{"method": method, "params": params})
}

// call sends a request and waits for its response.
func (c *lspClient) call(method string, params any, result any) {
	c.t.Helper()
	c.nextID++
	id := strconv.Itoa(c.nextID)
	c.send(map[string]any{"id": c.nextID, "method": method, "params": params})
	m := c.wait(method+" response", 30*time.Second, func(m lspMessage) bool {
		return m.Method == "" && string(m.ID) == id
	})
	if m.Error != nil {
		c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
	}
	if result != nil {
		if err := json.Unmarshal(m.Result, result); err != nil {
			c.t.Fatalf("%s result %s: %v", method, m.Result, err)
		}
	}
}

// wait returns the first message, read now or before but not yet taken,
// for which match is true. It answers the server's requests as it goes.
func (c *lspClient) wait(what string, timeout time.Duration, match func(lspMessage) bool) lspMessage {
	c.t.Helper()
	for i, m := range c.pending {
		if match(m) {
			c.pending = append(c.pending[:i], c.pending[i+1:]...)
			return m
		}
	}
	deadline := time.After(timeout)
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				c.t.Fatalf("the server closed its output while waiting for %s; stderr:\n%s", what, c.stderr.String())
			}
			if strings.HasPrefix(m.Method, "test/") {
				c.t.Fatalf("the server sent a bad message (%s): %s", m.Method, m.Params)
			}
			if m.Method != "" {
				c.seen = append(c.seen, m)
			}
			if m.Method != "" && len(m.ID) > 0 {
				// window/workDoneProgress/create, the only request it makes.
				c.send(map[string]any{"id": m.ID, "result": nil})
			}
			if match(m) {
				return m
			}
			c.pending = append(c.pending, m)
		case <-deadline:
			c.t.Fatalf("no %s within %v; seen: %s\nstderr:\n%s", what, timeout, c.describe(), c.stderr.String())
		}
	}
}

func (c *lspClient) describe() string {
	var b strings.Builder
	for _, m := range c.seen {
		fmt.Fprintf(&b, "\n  %s %s", m.Method, m.Params)
	}
	return b.String()
}

// logged reports whether a window/logMessage so far contains s.
func (c *lspClient) logged(s string) bool {
	for _, m := range c.seen {
		if m.Method == "window/logMessage" && strings.Contains(string(m.Params), s) {
			return true
		}
	}
	return false
}

type lspPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPosition `json:"start"`
	End   lspPosition `json:"end"`
}

type lspDiagnostic struct {
	Range           lspRange `json:"range"`
	Severity        int      `json:"severity"`
	Code            string   `json:"code"`
	CodeDescription struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
	Source  string `json:"source"`
	Message string `json:"message"`
}

type publishParams struct {
	URI         string          `json:"uri"`
	Diagnostics []lspDiagnostic `json:"diagnostics"`
}

// published waits for the next publishDiagnostics of uri.
func (c *lspClient) published(uri string, timeout time.Duration) []lspDiagnostic {
	c.t.Helper()
	m := c.wait("diagnostics for "+uri, timeout, func(m lspMessage) bool {
		return m.Method == "textDocument/publishDiagnostics" && strings.Contains(string(m.Params), strconv.Quote(uri))
	})
	var p publishParams
	if err := json.Unmarshal(m.Params, &p); err != nil {
		c.t.Fatal(err)
	}
	if p.URI != uri || p.Diagnostics == nil {
		c.t.Fatalf("publishDiagnostics %s: want uri %s and a list (empty to clear)", m.Params, uri)
	}
	return p.Diagnostics
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// offset converts a protocol position (UTF-16 column) into a byte offset.
func offset(t *testing.T, text []byte, p lspPosition) int {
	t.Helper()
	lines := bytes.SplitAfter(text, []byte("\n"))
	if p.Line >= len(lines) {
		t.Fatalf("position %+v beyond the file's %d lines", p, len(lines))
	}
	off := 0
	for _, l := range lines[:p.Line] {
		off += len(l)
	}
	units := 0
	for i, r := range string(lines[p.Line]) {
		if units >= p.Character {
			return off + i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return off + len(lines[p.Line])
}

// TestLSP speaks the protocol to cacheguard lsp as an editor does, on a
// copy of the example service: opening a file publishes its package's
// findings (those of the package's other files and those through a
// wrapper in another package included) as cacheguard -json reports them;
// a finding's fix is offered as a code action whose edit is the fix's;
// a save after the fix clears the file; a second save cancels the first
// run; shutdown and exit end the process with status 0.
func TestLSP(t *testing.T) {
	dir, env := shopModule(t)
	want := standalone(t, dir, env, "./products", "./prices")
	urls := map[string]string{}
	for _, a := range analyzers.All() {
		urls[a.Name] = a.URL
	}

	// What each file must show: analyzer:line:column, 1-based.
	wantByFile := map[string][]string{}
	for _, f := range want {
		file, line, col := f.split(t)
		wantByFile[file] = append(wantByFile[file], fmt.Sprintf("%s:%d:%d", f.Analyzer, line, col))
	}
	// The finding to fix: the only one in its file, with one fix.
	var fix *jsonFinding
	for i, f := range want {
		file, _, _ := f.split(t)
		if len(wantByFile[file]) == 1 && len(f.SuggestedFixes) == 1 && strings.Contains(file, "products") {
			fix = &want[i]
		}
	}
	if fix == nil || len(wantByFile) < 3 {
		t.Fatalf("the example service no longer has a products file with one fixable finding, or findings in three files: %v", wantByFile)
	}
	fixFile, _, _ := fix.split(t)
	var pricesFile string
	for file := range wantByFile {
		if strings.Contains(file, string(filepath.Separator)+"prices"+string(filepath.Separator)) {
			pricesFile = file
		}
	}
	if pricesFile == "" {
		t.Fatalf("no finding in package prices (through the cache package's wrapper): %v", wantByFile)
	}

	c := startLSP(t, dir, env)
	var init struct {
		Capabilities struct {
			TextDocumentSync struct {
				OpenClose bool `json:"openClose"`
				Save      any  `json:"save"`
			} `json:"textDocumentSync"`
			CodeActionProvider any `json:"codeActionProvider"`
		} `json:"capabilities"`
	}
	c.call("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   fileURI(dir),
		"capabilities": map[string]any{
			"window": map[string]any{"workDoneProgress": true},
		},
	}, &init)
	if !init.Capabilities.TextDocumentSync.OpenClose || init.Capabilities.TextDocumentSync.Save == nil || init.Capabilities.CodeActionProvider == nil {
		t.Fatalf("capabilities: %+v", init.Capabilities)
	}
	c.notify("initialized", map[string]any{})

	open := func(file string) {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": fileURI(file), "languageId": "go", "version": 1, "text": string(text),
		}})
	}
	start := time.Now()
	open(fixFile)
	open(pricesFile)
	got := map[string][]lspDiagnostic{}
	for file := range wantByFile {
		got[file] = c.published(fileURI(file), 3*time.Minute)
	}
	t.Logf("first diagnostics after %v", time.Since(start))
	for file, diags := range got {
		var lines []string
		for _, d := range diags {
			lines = append(lines, fmt.Sprintf("%s:%d:%d", d.Code, d.Range.Start.Line+1, d.Range.Start.Character+1))
			if d.Source != "cacheguard" || d.Severity != 2 || d.CodeDescription.Href != urls[d.Code] || d.CodeDescription.Href == "" {
				t.Errorf("%s: diagnostic %+v: want source cacheguard, severity 2 (warning), the analyzer's URL", file, d)
			}
			if strings.HasSuffix(d.Message, "("+d.Code+")") || !before(d.Range.Start, d.Range.End) {
				t.Errorf("%s: diagnostic %+v: the message repeats the code, or the range is empty", file, d)
			}
		}
		sort.Strings(lines)
		sort.Strings(wantByFile[file])
		if fmt.Sprint(lines) != fmt.Sprint(wantByFile[file]) {
			t.Errorf("%s:\n got %v\nwant %v", file, lines, wantByFile[file])
		}
	}
	// The cold run showed its progress: created, begun, ended.
	c.wait("the end of the progress", 10*time.Second, func(m lspMessage) bool {
		return m.Method == "$/progress" && strings.Contains(string(m.Params), `"kind":"end"`)
	})
	var created, begun bool
	for _, m := range c.seen {
		created = created || m.Method == "window/workDoneProgress/create"
		begun = begun || m.Method == "$/progress" && strings.Contains(string(m.Params), `"kind":"begin"`)
	}
	if !created || !begun {
		t.Errorf("no progress shown for the first run: %s", c.describe())
	}

	// The fix, offered where the finding is.
	diag := got[fixFile][0]
	var actions []struct {
		Title       string          `json:"title"`
		Kind        string          `json:"kind"`
		Diagnostics []lspDiagnostic `json:"diagnostics"`
		Edit        struct {
			Changes map[string][]struct {
				Range   lspRange `json:"range"`
				NewText string   `json:"newText"`
			} `json:"changes"`
		} `json:"edit"`
	}
	cursor := lspRange{Start: diag.Range.Start, End: diag.Range.Start}
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": fileURI(fixFile)},
		"range":        cursor,
		"context":      map[string]any{"diagnostics": []lspDiagnostic{diag}},
	}, &actions)
	if len(actions) != 1 || actions[0].Kind != "quickfix" || actions[0].Title != fix.SuggestedFixes[0].Message ||
		len(actions[0].Diagnostics) != 1 || actions[0].Diagnostics[0].Code != fix.Analyzer {
		t.Fatalf("code actions at %+v: %+v", cursor, actions)
	}
	text, err := os.ReadFile(fixFile)
	if err != nil {
		t.Fatal(err)
	}
	edits := actions[0].Edit.Changes[fileURI(fixFile)]
	if len(edits) != 1 || len(actions[0].Edit.Changes) != 1 || len(fix.SuggestedFixes[0].Edits) != 1 {
		t.Fatalf("want one edit of %s, got %+v", fixFile, actions[0].Edit)
	}
	e := fix.SuggestedFixes[0].Edits[0]
	wantText := string(text[:e.Start]) + e.New + string(text[e.End:])
	from, to := offset(t, text, edits[0].Range.Start), offset(t, text, edits[0].Range.End)
	fixed := string(text[:from]) + edits[0].NewText + string(text[to:])
	if fixed != wantText {
		t.Fatalf("the code action's edit %+v does not make the fix %+v", edits[0], e)
	}
	// Nothing is offered away from the findings.
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": fileURI(fixFile)},
		"range":        lspRange{},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	if len(actions) != 0 {
		t.Errorf("code actions on line 1: %+v", actions)
	}

	// Fixed and saved twice in a row: the first run is cancelled, the
	// second clears the file.
	if err := os.WriteFile(fixFile, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	save := map[string]any{"textDocument": map[string]any{"uri": fileURI(fixFile)}}
	c.notify("textDocument/didSave", save)
	c.notify("textDocument/didSave", save)
	start = time.Now()
	if d := c.published(fileURI(fixFile), time.Minute); len(d) != 0 {
		t.Errorf("after the fix, %s still has %+v", fixFile, d)
	}
	t.Logf("diagnostics after a save: %v", time.Since(start))
	if !c.logged("cancelled") {
		t.Errorf("the second save did not cancel the first run: %s", c.describe())
	}

	c.exit()
	for _, m := range c.seen {
		if m.Method == "window/showMessage" {
			t.Errorf("a message was shown: %s", m.Params)
		}
	}
}

func before(a, b lspPosition) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// TestLSPBrokenPackage: a package that does not build is said in the log
// and once in a message; the server stays up and answers.
func TestLSPBrokenPackage(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod":    "module broken\n\ngo 1.26\n",
		"broken.go": "package broken\n\nfunc f() { undefinedCall(1) }\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := startLSP(t, dir, append(os.Environ(), "GOPROXY=off"))
	c.call("initialize", map[string]any{"processId": os.Getpid(), "rootUri": fileURI(dir), "capabilities": map[string]any{}}, nil)
	c.notify("initialized", map[string]any{})
	uri := fileURI(filepath.Join(dir, "broken.go"))
	doc := map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": ""}}
	c.notify("textDocument/didOpen", doc)
	c.wait("a message about the build failure", time.Minute, func(m lspMessage) bool {
		return m.Method == "window/showMessage" && strings.Contains(string(m.Params), "undefined: undefinedCall")
	})
	c.notify("textDocument/didSave", doc)
	c.wait("the build failure in the log", time.Minute, func(m lspMessage) bool {
		return m.Method == "window/logMessage" && strings.Contains(string(m.Params), "undefined: undefinedCall") && c.count("window/logMessage", "undefinedCall") == 2
	})
	var actions []any
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": lspRange{}, "context": map[string]any{}}, &actions)
	if c.count("window/showMessage", "") != 1 || c.count("textDocument/publishDiagnostics", "") != 0 {
		t.Errorf("want one message and no diagnostics: %s", c.describe())
	}
	c.exit()
}

// exit shuts the server down as an editor does and checks that it exits
// with status 0.
func (c *lspClient) exit() {
	c.t.Helper()
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		c.exited = true
		if err != nil {
			c.t.Errorf("cacheguard lsp exited with %v; stderr:\n%s", err, c.stderr.String())
		}
	case <-time.After(10 * time.Second):
		c.t.Errorf("cacheguard lsp did not exit after exit")
	}
}

// count counts the messages so far of method that contain s.
func (c *lspClient) count(method, s string) int {
	n := 0
	for _, m := range c.seen {
		if m.Method == method && strings.Contains(string(m.Params), s) {
			n++
		}
	}
	return n
}

// nvimScript starts cacheguard lsp with Neovim's built-in client on the
// file being edited (vim.lsp.start from Neovim 0.8, start_client before),
// waits for its diagnostics and writes them as analyzer:line:column.
const nvimScript = `
local bin, out = os.getenv("CACHEGUARD_BIN"), os.getenv("CACHEGUARD_OUT")
local buf = vim.api.nvim_get_current_buf()
local config = {name = "cacheguard", cmd = {bin, "lsp"}, root_dir = vim.fn.getcwd()}
local id
if vim.lsp.start then
  id = vim.lsp.start(config)
else
  id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(buf, id)
end
local function ours()
  local got = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if d.source == "cacheguard" then
      table.insert(got, string.format("%s:%d:%d", code, d.lnum + 1, d.col + 1))
    end
  end
  return got
end
local ok = vim.wait(180000, function() return #ours() > 0 end, 100)
local lines = ours()
if not ok then lines = {"timeout"} end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd("qall!")
`

// TestLSPNeovim: Neovim's own LSP client, headless, shows cacheguard's
// diagnostics for a file of the example service.
func TestLSPNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("nvim is not installed, and CI=%s: .ci/run installs Debian's neovim", os.Getenv("CI"))
		}
		t.Skip("nvim is not installed (Debian: apt-get install neovim); TestLSP covers the protocol without an editor")
	}
	dir, env := shopModule(t)
	var file string
	var want []string
	for _, f := range standalone(t, dir, env, "./products") {
		name, line, col := f.split(t)
		if file == "" {
			file = name
		}
		if name == file {
			want = append(want, fmt.Sprintf("%s:%d:%d", f.Analyzer, line, col))
		}
	}
	if file == "" {
		t.Fatal("cacheguard -json ./products found nothing")
	}
	script := filepath.Join(t.TempDir(), "cacheguard.lua")
	out := filepath.Join(filepath.Dir(script), "diagnostics.txt")
	if err := os.WriteFile(script, []byte(nvimScript), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nvim, "--headless", "-n", "-i", "NONE", "-u", "NONE", file, "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(env, "CACHEGUARD_BIN="+binary, "CACHEGUARD_OUT="+out, "XDG_STATE_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir())
	start := time.Now()
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no diagnostics: %v", err)
	}
	got := strings.Fields(string(data))
	sort.Strings(got)
	sort.Strings(want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Neovim shows for %s:\n got %v\nwant %v", file, got, want)
	}
	t.Logf("nvim %s: %v in %v", filepath.Base(file), got, time.Since(start))
}
