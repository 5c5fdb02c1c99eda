package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// runLSP serves the Language Server Protocol over stdin and stdout until
// the client says exit (or goes away). args are passed to every go vet
// run: analyzer flags (-ttljitter.strict) and build flags (-tags).
func runLSP(args []string) int {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fmt.Fprint(os.Stderr, lspUsage)
			return 0
		}
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cacheguard lsp:", err)
		return 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newServer(ctx, exe, args)
	// Nothing but the protocol may reach stdout; the library's own
	// complaints go to stderr, which editors keep as the server's log.
	stream := jsonrpc2.NewBufferedStream(stdio{}, jsonrpc2.VSCodeObjectCodec{})
	conn := jsonrpc2.NewConn(ctx, stream, s, jsonrpc2.SetLogger(log.New(os.Stderr, "cacheguard lsp: ", 0)))
	s.conn.Store(conn) // Handle may have stored it first
	code := 1          // the client went away without exit
	select {
	case <-conn.DisconnectNotify():
	case code = <-s.exit:
	}
	s.stop()
	conn.Close() //nolint:errcheck // the client is gone or has said exit; nothing is left to tell it
	return code
}

const lspUsage = `usage: cacheguard lsp [flags]

cacheguard lsp is a language server over stdin and stdout, for editors with
a generic LSP client, beside gopls. When a Go file is opened or saved it
runs

	go vet -vettool=<this cacheguard> -json [flags] .

in the file's directory and publishes the findings of that package, with
the analyzer as the diagnostic's code and the suggested fixes as code
actions. The flags are passed to go vet: analyzer flags such as
-ttljitter.strict, and build flags such as -tags.
`

// stdio is the server's end of the connection.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return os.Stdin.Close() }

var _ io.ReadWriteCloser = stdio{}

// server holds what one editor session needs: the runs in progress (one
// per package directory) and the findings each run published.
type server struct {
	ctx   context.Context
	conn  atomic.Pointer[jsonrpc2.Conn]
	exe   string   // the vet tool: this executable
	flags []string // passed to go vet
	exit  chan int

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	progress    bool              // the client accepts window/workDoneProgress/create
	runs        map[string]*run   // by package directory
	results     map[string]result // by package directory: its last run's findings, by file URI
	clientURI   map[string]string // file path → the URI the client uses for it
	tokens      int
	firstRun    bool // no run has started yet: show progress at once
	toldFailure bool // a failed run was shown in a message once
	wg          sync.WaitGroup

	sendMu sync.Mutex // held while a run publishes, so that lists go out in order
}

// run is one go vet in progress.
type run struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// result is a package's findings by file URI.
type result map[string][]finding

// finding is one published diagnostic and the code actions it offers.
type finding struct {
	diag    diagnostic
	actions []codeAction
}

func newServer(ctx context.Context, exe string, flags []string) *server {
	return &server{
		ctx:       ctx,
		exe:       exe,
		flags:     flags,
		exit:      make(chan int, 1),
		runs:      map[string]*run{},
		results:   map[string]result{},
		clientURI: map[string]string{},
		firstRun:  true,
	}
}

// Handle is called by the connection's read loop, one message at a time,
// in the order they arrive: didOpen and didSave are seen in order. It must
// not wait for the client (a call to it would never be answered); runs
// talk to the client from their own goroutines.
func (s *server) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	s.conn.Store(conn) // the first message can arrive before NewConn returns
	result, err := s.handle(req)
	if req.Notif {
		if err != nil {
			s.logMessage(msgError, "%s: %v", req.Method, err)
		}
		return
	}
	resp := &jsonrpc2.Response{ID: req.ID}
	if err == nil {
		err = resp.SetResult(result)
	}
	if err != nil {
		e, ok := err.(*jsonrpc2.Error)
		if !ok {
			e = &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: err.Error()}
		}
		resp.Error = e
	}
	if err := conn.SendResponse(ctx, resp); err != nil && err != jsonrpc2.ErrClosed {
		log.Printf("cacheguard lsp: answering %s: %v", req.Method, err)
	}
}

// LSP error codes beyond JSON-RPC's.
const (
	codeServerNotInitialized = -32002
	codeInvalidRequest       = -32600
)

func (s *server) handle(req *jsonrpc2.Request) (any, error) {
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case req.Method == "exit":
		code := 1
		if shutdown {
			code = 0
		}
		select {
		case s.exit <- code:
		default:
		}
		return nil, nil
	case req.Method == "initialize":
		return s.initialize(req)
	case !initialized:
		if req.Notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: codeServerNotInitialized, Message: "the server is not initialized"}
	case shutdown:
		if req.Notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: codeInvalidRequest, Message: "the server is shutting down"}
	}
	switch req.Method {
	case "initialized":
		s.logMessage(msgLog, "cacheguard lsp: go vet -vettool=%s on open and save", s.exe)
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		for _, r := range s.runs {
			r.cancel()
		}
		s.mu.Unlock()
		return nil, nil
	case "textDocument/didOpen", "textDocument/didSave":
		var p struct {
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
		}
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		path, err := uriPath(p.TextDocument.URI)
		if err != nil || !strings.HasSuffix(path, ".go") {
			return nil, nil // not a Go file on disk: nothing to check
		}
		s.mu.Lock()
		s.clientURI[path] = p.TextDocument.URI
		s.mu.Unlock()
		// A save changes the package: the run in progress is stale. An
		// open changes nothing: a run in progress will publish this file too.
		s.schedule(filepath.Dir(path), req.Method == "textDocument/didSave")
		return nil, nil
	case "textDocument/codeAction":
		var p codeActionParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return s.codeActions(p), nil
	}
	if req.Notif {
		return nil, nil // didChange, didClose, $/cancelRequest...: nothing to do
	}
	return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "cacheguard lsp does not serve " + req.Method}
}

func unmarshal(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "no params"}
	}
	if err := json.Unmarshal(*req.Params, v); err != nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
	}
	return nil
}

func (s *server) initialize(req *jsonrpc2.Request) (any, error) {
	var p struct {
		Capabilities struct {
			Window struct {
				WorkDoneProgress bool `json:"workDoneProgress"`
			} `json:"window"`
		} `json:"capabilities"`
	}
	if err := unmarshal(req, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.initialized = true
	s.progress = p.Capabilities.Window.WorkDoneProgress
	s.mu.Unlock()
	return initializeResult{
		Capabilities: serverCapabilities{
			PositionEncoding: "utf-16",
			TextDocumentSync: textDocumentSyncOptions{
				OpenClose: true,
				Change:    0, // the files on disk are checked, on open and save
				Save:      saveOptions{IncludeText: false},
			},
			CodeActionProvider: codeActionOptions{CodeActionKinds: []string{"quickfix"}},
		},
		ServerInfo: serverInfo{Name: "cacheguard"},
	}, nil
}

// schedule starts a run on the package in dir. A run already in progress
// there is left alone unless replace, when it is cancelled (its go vet
// killed) and the new run starts once it has stopped, so that results are
// published in the order of the saves.
func (s *server) schedule(dir string, replace bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return
	}
	prev := s.runs[dir]
	if prev != nil && !replace {
		return
	}
	if prev != nil {
		prev.cancel()
	}
	ctx, cancel := context.WithCancel(s.ctx)
	r := &run{cancel: cancel, done: make(chan struct{})}
	s.runs[dir] = r
	delay := time.Second
	if s.firstRun {
		delay = 0 // the cold run: it type-checks every dependency for facts
		s.firstRun = false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(r.done)
		defer cancel()
		if prev != nil {
			<-prev.done
		}
		s.analyse(ctx, dir, delay)
		s.mu.Lock()
		if s.runs[dir] == r {
			delete(s.runs, dir)
		}
		s.mu.Unlock()
	}()
}

// stop cancels the runs in progress and waits for them, a few seconds at
// most.
func (s *server) stop() {
	s.mu.Lock()
	s.shutdown = true
	for _, r := range s.runs {
		r.cancel()
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
}

// analyse runs go vet on the package in dir and publishes its findings.
// Progress is shown when the run is still going after delay.
func (s *server) analyse(ctx context.Context, dir string, delay time.Duration) {
	start := time.Now()
	p := s.startProgress(dir, delay)
	out, err := vet(ctx, s.exe, s.flags, dir)
	if ctx.Err() != nil {
		p.end("cancelled")
		s.logMessage(msgLog, "cacheguard: go vet in %s cancelled (a newer save, or shutdown)", dir)
		return
	}
	if err != nil {
		p.end("failed")
		s.failed(dir, err)
		return
	}
	files := fileCache{}
	res, n := s.convert(out, dir, files)
	p.end(fmt.Sprintf("%d findings", n))
	s.logMessage(msgLog, "cacheguard: go vet in %s: %d findings in %.2fs", dir, n, time.Since(start).Seconds())
	for _, e := range out.errors {
		s.logMessage(msgWarning, "cacheguard: %s", e)
	}
	s.publish(ctx, dir, res)
}

// failed tells the user that go vet did not produce findings (the package
// does not build, go is not found): in the log each time, in a message the
// first time. The findings published before stay: gopls shows the build
// error, and the last findings are still the best guess.
func (s *server) failed(dir string, err error) {
	s.logMessage(msgError, "cacheguard: go vet in %s: %v", dir, err)
	s.mu.Lock()
	told := s.toldFailure
	s.toldFailure = true
	s.mu.Unlock()
	if !told {
		// go prints "# import/path" above a package's errors.
		first := err.Error()
		for _, l := range strings.Split(first, "\n") {
			if l != "" && !strings.HasPrefix(l, "# ") {
				first = l
				break
			}
		}
		s.notify("window/showMessage", showMessageParams{Type: msgWarning,
			Message: "cacheguard: go vet could not check " + dir + ": " + first + " (the log has the rest; shown once)"})
	}
}

// publish replaces dir's findings with res and publishes every file that
// had findings or has them now: an empty list clears a file whose
// findings went away. A cancelled run publishes nothing.
func (s *server) publish(ctx context.Context, dir string, res result) {
	// The lists are made under mu and sent under sendMu only: the read
	// loop, which takes mu, never waits for a write to the client.
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	if ctx.Err() != nil {
		s.mu.Unlock()
		return
	}
	uris := map[string]bool{}
	for uri := range s.results[dir] {
		uris[uri] = true
	}
	for uri := range res {
		uris[uri] = true
	}
	s.results[dir] = res
	sorted := make([]string, 0, len(uris))
	for uri := range uris {
		sorted = append(sorted, uri)
	}
	sort.Strings(sorted)
	lists := make([]publishDiagnosticsParams, len(sorted))
	for i, uri := range sorted {
		diags := []diagnostic{}
		// A file's findings are normally its package's; should another
		// package's run report in it, both are shown.
		for _, r := range s.results {
			for _, f := range r[uri] {
				diags = append(diags, f.diag)
			}
		}
		lists[i] = publishDiagnosticsParams{URI: uri, Diagnostics: diags}
	}
	s.mu.Unlock()
	for _, l := range lists {
		s.notify("textDocument/publishDiagnostics", l)
	}
}

// codeActions returns the suggested fixes of the findings that overlap
// the requested range.
func (s *server) codeActions(p codeActionParams) []codeAction {
	out := []codeAction{}
	if len(p.Context.Only) > 0 && !kindWanted(p.Context.Only, "quickfix") {
		return out
	}
	uri := p.TextDocument.URI
	if path, err := uriPath(uri); err == nil {
		uri = s.uri(path)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.results {
		for _, f := range r[uri] {
			if overlaps(f.diag.Range, p.Range) {
				out = append(out, f.actions...)
			}
		}
	}
	return out
}

// kindWanted reports whether kind is one of only or below one of them
// (quickfix is below "").
func kindWanted(only []string, kind string) bool {
	for _, k := range only {
		if k == "" || k == kind || strings.HasPrefix(kind, k+".") {
			return true
		}
	}
	return false
}

func overlaps(a, b lspRange) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(a, b position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// uri returns the URI the client uses for path, or a file URI for it.
// Clients escape URIs differently; answering in the client's own spelling
// avoids a second copy of a file's diagnostics.
func (s *server) uri(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.clientURI[path]; ok {
		return u
	}
	return fileURI(path)
}

// Message types of window/logMessage and window/showMessage.
const (
	msgError   = 1
	msgWarning = 2
	msgInfo    = 3
	msgLog     = 4
)

func (s *server) logMessage(typ int, format string, args ...any) {
	s.notify("window/logMessage", showMessageParams{Type: typ, Message: fmt.Sprintf(format, args...)})
}

func (s *server) notify(method string, params any) {
	conn := s.conn.Load()
	if conn == nil {
		return
	}
	if err := conn.Notify(s.ctx, method, params); err != nil && err != jsonrpc2.ErrClosed {
		log.Printf("cacheguard lsp: %s: %v", method, err)
	}
}

// progress is the work-done progress of one run: begun after a delay if
// the run is still going and the client accepts it, ended with the run.
type progress struct {
	s      *server
	token  string
	mu     sync.Mutex
	begun  bool
	ended  bool
	cancel chan struct{}
}

func (s *server) startProgress(dir string, delay time.Duration) *progress {
	s.mu.Lock()
	supported := s.progress
	s.tokens++
	p := &progress{s: s, token: fmt.Sprintf("cacheguard-%d", s.tokens), cancel: make(chan struct{})}
	s.mu.Unlock()
	if !supported {
		p.ended = true
		return p
	}
	go func() {
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-p.cancel:
				return
			}
		}
		// The token must be created before it is used; the client answers
		// through the read loop, which this goroutine does not hold.
		ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
		defer cancel()
		err := s.conn.Load().Call(ctx, "window/workDoneProgress/create", workDoneProgressCreateParams{Token: p.token}, nil)
		p.mu.Lock()
		defer p.mu.Unlock()
		if err != nil || p.ended {
			return
		}
		p.begun = true
		s.notify("$/progress", progressParams{Token: p.token, Value: workDoneProgress{
			Kind: "begin", Title: "cacheguard", Message: "go vet " + filepath.Base(dir) + " (and, the first time, facts of its dependencies)",
		}})
	}()
	return p
}

func (p *progress) end(message string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended {
		return
	}
	p.ended = true
	close(p.cancel)
	if p.begun {
		p.s.notify("$/progress", progressParams{Token: p.token, Value: workDoneProgress{Kind: "end", Message: message}})
	}
}
