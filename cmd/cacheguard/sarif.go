package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/cacheguard/cacheguard/analyzers"
	"github.com/cacheguard/cacheguard/analyzers/cachemiss"
	"github.com/cacheguard/cacheguard/analyzers/nullcache"
	"github.com/cacheguard/cacheguard/analyzers/stampede"
	"github.com/cacheguard/cacheguard/analyzers/ttljitter"
)

// A category is one kind of finding of an analyzer: a SARIF rule, with
// the id "analyzer/category".
type category struct {
	analyzer, name string
	short          string // what the finding is, for shortDescription
	// level is the SARIF level: "error" for a finding that returns wrong
	// data whenever it happens, "warning" for one that takes the database
	// down under load or during an outage, and for a directive that does
	// not do what it was written for, "note" for what changes nothing in
	// the code's behaviour (a stricter style, a note about the run, a
	// stale suppression).
	level string
	// help and helpURI replace the analyzer's Doc and URL for a category
	// they do not describe.
	help, helpURI string
}

// directiveCategories are reported by every analyzer (analyzers/internal/
// directive): a directive that is not one, and one that silences nothing.
var directiveCategories = []category{
	// warning: the suppression or //cacheguard:hot marker it meant does nothing.
	{name: "malformed-directive", short: "a //cacheguard directive that is misspelt, names no analyzer or gives no reason, and so does nothing", level: "warning",
		help: directiveHelp, helpURI: readme + "#suppressing-a-finding"},
	{name: "unused-directive", short: "a //cacheguard:ignore directive that silences nothing", level: "note",
		help: directiveHelp, helpURI: readme + "#suppressing-a-finding"},
}

const (
	readme        = "https://github.com/cacheguard/cacheguard"
	directiveHelp = `//cacheguard:ignore <analyzer>[,<analyzer>...] <reason> silences the findings of the analyzers it names on its line (at the end of a line) or on the next line (on a line of its own); the reason is required. //cacheguard:hot in a loader's doc comment marks it for the stampede analyzer. Only these exact forms are directives: a near miss (a space after //, //cacheguard:ignores, a block comment, an unknown analyzer, no reason) is reported as malformed, and a directive that silences nothing as unused, so that stale suppressions do not pile up.`
	skippedHelp   = `A function with a type error is skipped whole and the rest of its package is checked; this note says once per package which functions no analyzer checked. Fix the type errors to have them checked.`
)

// categories is every kind of finding: the fixed rule set of the SARIF
// output (TestSARIFRulesComplete checks it against the analyzers' source).
func categories() []category {
	cs := []category{
		{analyzer: ttljitter.Name, name: ttljitter.CategoryAvalanche, level: "warning",
			short: "a cache entry written with a fixed TTL and no jitter: entries loaded together expire together (cache avalanche)"},
		{analyzer: ttljitter.Name, name: ttljitter.CategoryStrict, level: "note",
			short: "a fixed TTL with no jitter on any write command (-ttljitter.strict)"},
		{analyzer: ttljitter.Name, name: ttljitter.CategorySkipped, level: "note",
			short: "functions that do not type-check, which no analyzer checked",
			help:  skippedHelp, helpURI: readme + "#code-that-does-not-compile"},
		{analyzer: nullcache.Name, name: nullcache.CategoryUnguarded, level: "warning",
			short: "a loader that returns the source's not-found without caching a sentinel (cache penetration)"},
		{analyzer: nullcache.Name, name: nullcache.CategoryPermanent, level: "error",
			short: "a not-found sentinel that never expires, or outlives the data: a row created later stays missing"},
		{analyzer: nullcache.Name, name: nullcache.CategoryUnchecked, level: "error",
			short: "a read path that never compares the value read with the not-found sentinel: a cached miss is decoded as data"},
		{analyzer: cachemiss.Name, name: cachemiss.CategoryOutage, level: "warning",
			short: "a loader that treats every Redis error as a miss: a Redis outage floods the database"},
		{analyzer: cachemiss.Name, name: cachemiss.CategorySwallowed, level: "warning",
			short: "a read wrapper that returns a Redis failure as a miss: its callers cannot tell them apart"},
		{analyzer: stampede.Name, name: stampede.CategoryNoDedup, level: "warning",
			short: "a hot key's refill that runs once per concurrent miss, without singleflight or a lock (cache stampede)"},
		{analyzer: stampede.Name, name: stampede.CategoryNoRecheck, level: "warning",
			short: "a refill under a lock that does not read the cache again: the requests that waited each run the query"},
	}
	for _, a := range analyzers.All() {
		for _, d := range directiveCategories {
			d.analyzer = a.Name
			cs = append(cs, d)
		}
	}
	slices.SortFunc(cs, func(a, b category) int { return strings.Compare(a.id(), b.id()) })
	return cs
}

func (c category) id() string { return c.analyzer + "/" + c.name }

// SARIF 2.1.0, the parts cacheguard writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
		ColumnKind         string                      `json:"columnKind"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string        `json:"id"`
		ShortDescription     sarifText     `json:"shortDescription"`
		FullDescription      sarifText     `json:"fullDescription"`
		Help                 sarifText     `json:"help"`
		HelpURI              string        `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfig   `json:"defaultConfiguration"`
		Properties           sarifRuleProp `json:"properties"`
	}
	sarifRuleProp struct {
		Tags []string `json:"tags"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		BaselineState       string            `json:"baselineState,omitempty"`
	}
	sarifLocation struct {
		ID               int                   `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifText            `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           sarifRegion      `json:"region"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
)

const (
	sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// fingerprintKey names cacheguard's fingerprint among a result's
	// partialFingerprints; a new version of the fingerprint gets a new key.
	fingerprintKey = "cacheguard/v1"
	srcRoot        = "%SRCROOT%"
)

// printSARIF writes the findings as one SARIF run with every rule. File
// URIs are relative to the working directory, under %SRCROOT%: run it from
// the repository's root for GitHub code scanning. new marks the results
// as new against a baseline.
func printSARIF(w io.Writer, findings []*reviewFinding, isNew bool) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	docs := map[string][2]string{} // analyzer → Doc, URL
	for _, a := range analyzers.All() {
		docs[a.Name] = [2]string{a.Doc, a.URL}
	}
	cats := categories()
	index := map[string]int{}
	var rules []sarifRule
	for _, c := range cats {
		doc, uri := docs[c.analyzer][0], docs[c.analyzer][1]
		summary, _, _ := strings.Cut(doc, "\n")
		help := cmp.Or(c.help, doc)
		uri = cmp.Or(c.helpURI, uri)
		index[c.id()] = len(rules)
		rules = append(rules, sarifRule{
			ID:                   c.id(),
			ShortDescription:     sarifText{c.short},
			FullDescription:      sarifText{c.analyzer + ": " + summary + ". This rule: " + c.short + "."},
			Help:                 sarifText{help},
			HelpURI:              uri,
			DefaultConfiguration: sarifConfig{c.level},
			Properties:           sarifRuleProp{Tags: []string{"cacheguard", c.analyzer}},
		})
	}
	version := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		version = bi.Main.Version
	}

	lines := lineCache{}
	seen := map[string]int{} // fingerprint hash → occurrences so far
	results := []sarifResult{}
	for _, f := range findings {
		id := f.analyzer + "/" + f.diag.Category
		i, ok := index[id]
		if !ok {
			// A category missing from the table: keep the finding, under
			// a rule of its own (TestSARIFRulesComplete keeps this from
			// happening).
			i = len(rules)
			index[id] = i
			rules = append(rules, sarifRule{ID: id, ShortDescription: sarifText{id}, FullDescription: sarifText{id},
				Help: sarifText{docs[f.analyzer][0]}, HelpURI: docs[f.analyzer][1], DefaultConfiguration: sarifConfig{"warning"},
				Properties: sarifRuleProp{Tags: []string{"cacheguard", f.analyzer}}})
		}
		h := f.fp.hash()
		seen[h]++
		res := sarifResult{
			RuleID:    id,
			RuleIndex: i,
			Level:     rules[i].DefaultConfiguration.Level,
			Message:   sarifText{f.diag.Message},
			Locations: []sarifLocation{{PhysicalLocation: lines.location(wd, f.posn, f.end)}},
			// Identical findings in one function are told apart by their
			// order, as GitHub numbers its own line hashes.
			PartialFingerprints: map[string]string{fingerprintKey: fmt.Sprintf("%s:%d", h, seen[h])},
		}
		if isNew {
			res.BaselineState = "new"
		}
		for j, r := range f.diag.Related {
			fset := f.pkg.Fset
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               j + 1,
				PhysicalLocation: lines.location(wd, fset.Position(r.Pos), fset.Position(cmp.Or(r.End, r.Pos))),
				Message:          &sarifText{r.Message},
			})
		}
		results = append(results, res)
	}

	log := sarifLog{
		Schema:  sarifSchema,
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           "cacheguard",
				Version:        version,
				InformationURI: readme,
				Rules:          rules,
			}},
			OriginalURIBaseIDs: map[string]sarifArtifactLoc{srcRoot: {URI: sarifFileURI(wd) + "/"}},
			Results:            results,
			ColumnKind:         "utf16CodeUnits",
		}},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func sarifFileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// lineCache holds the files read to turn go/token's byte columns into
// SARIF's UTF-16 columns.
type lineCache map[string][]string

func (lc lineCache) location(wd string, start, end token.Position) sarifPhysicalLocation {
	loc := sarifArtifactLoc{URI: sarifFileURI(start.Filename)}
	if rel, err := filepath.Rel(wd, start.Filename); err == nil && filepath.IsLocal(rel) {
		loc = sarifArtifactLoc{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: srcRoot}
	}
	if !end.IsValid() || end.Filename != start.Filename || end.Offset < start.Offset {
		end = start
	}
	return sarifPhysicalLocation{
		ArtifactLocation: loc,
		Region: sarifRegion{
			StartLine:   start.Line,
			StartColumn: lc.column(start),
			EndLine:     end.Line,
			EndColumn:   lc.column(end),
		},
	}
}

// column converts a byte column to SARIF's default unit, UTF-16 code
// units, from the line's text (the byte column if the file cannot be read).
func (lc lineCache) column(p token.Position) int {
	lines, ok := lc[p.Filename]
	if !ok {
		data, _ := os.ReadFile(p.Filename)
		lines = strings.Split(string(data), "\n")
		lc[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) || p.Column-1 > len(lines[p.Line-1]) {
		return max(p.Column, 1)
	}
	n := 1
	for _, r := range lines[p.Line-1][:p.Column-1] {
		n += utf16.RuneLen(r)
	}
	return n
}
