package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"regexp"
	"slices"
)

// baselineVersion is the version of the baseline file format written by
// -write-baseline; -baseline refuses any other.
const baselineVersion = 1

// A fingerprint names a finding without its line and column, so that a
// baseline survives code moving around: blank lines or functions inserted
// above, functions reordered. What the finding is about stays in it — the
// analyzer, the category, the function it is in, and the message with the
// key, the TTL, its source and the wrapper chain — so a guard deleted in
// a wrapper changes the fingerprints of the callers' findings.
type fingerprint struct {
	Analyzer string `json:"analyzer"`
	Category string `json:"category"`
	Package  string `json:"package"`
	// Function is "Func", "Type.Method", "func literal in Func", or empty
	// at package level.
	Function string `json:"function,omitempty"`
	Message  string `json:"message"`
}

// positionInMessage matches the positions messages give (set at
// prices.go:25, Set at cache.go:33:2).
var positionInMessage = regexp.MustCompile(`[\w.+-]*\.go:\d+(:\d+)?`)

// stripPositions replaces the positions in a message: a declaration that
// moves, in its file or to another, does not change the findings that
// name it.
func stripPositions(msg string) string {
	return positionInMessage.ReplaceAllString(msg, "…")
}

// hash is a short stable digest of the fingerprint, for SARIF's
// partialFingerprints.
func (fp fingerprint) hash() string {
	h := sha256.New()
	for _, s := range []string{fp.Analyzer, fp.Category, fp.Package, fp.Function, fp.Message} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func (fp fingerprint) compare(o fingerprint) int {
	return cmp.Or(
		cmp.Compare(fp.Package, o.Package),
		cmp.Compare(fp.Function, o.Function),
		cmp.Compare(fp.Analyzer, o.Analyzer),
		cmp.Compare(fp.Category, o.Category),
		cmp.Compare(fp.Message, o.Message))
}

// enclosingFunc names the innermost function declaration of files that
// contains pos (its doc comment included), as a fingerprint does.
func enclosingFunc(files []*ast.File, pos token.Pos) string {
	for _, f := range files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			start := fd.Pos()
			if fd.Doc != nil {
				start = fd.Doc.Pos() // a //cacheguard:hot marker is in the doc
			}
			if pos < start || pos >= fd.End() {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				name = receiverType(fd.Recv.List[0].Type) + "." + name
			}
			if fd.Body != nil && inFuncLit(fd.Body, pos) {
				return "func literal in " + name
			}
			return name
		}
		return ""
	}
	return ""
}

func inFuncLit(body *ast.BlockStmt, pos token.Pos) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		_, found = n.(*ast.FuncLit)
		return !found
	})
	return found
}

// receiverType names a method's receiver type as written, without the
// pointer and the type parameters.
func receiverType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return receiverType(e.X)
	case *ast.ParenExpr:
		return receiverType(e.X)
	case *ast.IndexExpr:
		return receiverType(e.X)
	case *ast.IndexListExpr:
		return receiverType(e.X)
	case *ast.Ident:
		return e.Name
	}
	return "?"
}

// baselineFile is the file -write-baseline writes: sorted, one entry per
// fingerprint with the number of findings that have it, meant to be
// committed and read in a diff.
type baselineFile struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	fingerprint
	Count int `json:"count"`
}

// writeBaseline records the fingerprints of findings in file.
func writeBaseline(file string, findings []*reviewFinding) error {
	counts := map[fingerprint]int{}
	for _, f := range findings {
		counts[f.fp]++
	}
	out := baselineFile{Version: baselineVersion, Tool: "cacheguard", Findings: []baselineEntry{}}
	for fp, n := range counts {
		out.Findings = append(out.Findings, baselineEntry{fp, n})
	}
	slices.SortFunc(out.Findings, func(a, b baselineEntry) int { return a.compare(b.fingerprint) })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // messages hold -> and <, keep them readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	return os.WriteFile(file, buf.Bytes(), 0o644)
}

// readBaseline returns the fingerprints recorded in file, with their
// counts: a multiset.
func readBaseline(file string) (map[fingerprint]int, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading the baseline: %w (write one with -write-baseline)", err)
	}
	var in baselineFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("baseline %s is not a cacheguard baseline: %v", file, err)
	}
	if in.Version != baselineVersion {
		return nil, fmt.Errorf("baseline %s has version %d; this cacheguard reads version %d: write it again with -write-baseline", file, in.Version, baselineVersion)
	}
	counts := map[fingerprint]int{}
	for _, e := range in.Findings {
		if e.Count < 1 {
			return nil, fmt.Errorf("baseline %s: count %d for %s in %s", file, e.Count, e.Analyzer, e.Function)
		}
		counts[e.fingerprint] += e.Count
	}
	return counts, nil
}

// subtract returns the findings that the baseline does not cover, and the
// number of its entries that no finding used (fixed or changed). Each
// recorded finding covers one finding: two recorded cover two, and a third
// with the same fingerprint is new. findings are in position order; the
// last ones of a fingerprint are the new ones.
func subtract(findings []*reviewFinding, base map[fingerprint]int) (fresh []*reviewFinding, gone int) {
	left := make(map[fingerprint]int, len(base))
	for fp, n := range base {
		left[fp] = n
	}
	for _, f := range findings {
		if left[f.fp] > 0 {
			left[f.fp]--
			continue
		}
		fresh = append(fresh, f)
	}
	for _, n := range left {
		gone += n
	}
	return fresh, gone
}

// plural returns "1 finding" or "2 findings".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
