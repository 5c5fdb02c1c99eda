package ttljitter

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/internal/directive"
	"github.com/cacheguard/cacheguard/analyzers/internal/names"
	"github.com/cacheguard/cacheguard/analyzers/internal/safe"
	"github.com/cacheguard/cacheguard/analyzers/internal/ttl"
)

// Name is the analyzer's name, its flag prefix and directive name.
const Name = names.TTLJitter

// Analyzer reports cache writes whose TTL is a constant with no jitter,
// with the default configuration.
var Analyzer = New(Default())

// New returns a ttljitter analyzer for cfg; its flags change that copy.
func New(cfg Config) *analysis.Analyzer { return newOn(cachemodel.Analyzer, cfg) }

// NewLocal is New on the model without cross-package facts: the fast mode
// for one package at a time.
func NewLocal(cfg Config) *analysis.Analyzer { return newOn(cachemodel.Local, cfg) }

func newOn(model *analysis.Analyzer, cfg Config) *analysis.Analyzer {
	c := &cfg
	a := &analysis.Analyzer{
		Name:     Name,
		Doc:      doc,
		URL:      "https://github.com/cacheguard/cacheguard#ttljitter",
		Requires: []*analysis.Analyzer{model},
		Run:      safe.Run(Name, func(pass *analysis.Pass) (any, error) { return run(pass, model, c) }),
		// The model skips the functions that do not type-check; the others
		// keep their findings, and ttljitter says what was skipped.
		RunDespiteErrors: true,
	}
	c.bind(&a.Flags)
	return a
}

// Categories of the findings, for filtering.
const (
	CategoryAvalanche = "avalanche" // a cache entry (loader or bulk write) with a fixed TTL
	CategoryStrict    = "fixed-ttl" // any other fixed TTL, reported in -strict mode
)

func run(pass *analysis.Pass, modelAnalyzer *analysis.Analyzer, cfg *Config) (any, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err // the driver names the analyzer
	}
	model := pass.ResultOf[modelAnalyzer].(*cachemodel.Result)
	if model.Err != nil {
		return nil, model.Err
	}
	reportSkipped(pass, model)
	ignores := directive.Parse(pass, Name)
	for _, w := range model.Writes {
		category, ok := judge(w, cfg)
		if !ok || ignores.Covers(w.Call, w.TTLArg) {
			continue
		}
		d := analysis.Diagnostic{
			Pos:      w.Call.Pos(),
			End:      w.Call.End(),
			Category: category,
			Message:  message(w, category),
		}
		if w.TTLArg != nil {
			d.Pos, d.End = w.TTLArg.Pos(), w.TTLArg.End()
		}
		if w.TTLExpr != nil {
			if fix, ok := jitterFix(pass, w.TTLExpr, cfg.JitterPercent); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		pass.Report(d)
	}
	ignores.ReportUnused(pass, Name)
	return nil, nil
}

// judge decides whether a write is reported, and in which category.
func judge(w *cachemodel.Write, cfg *Config) (string, bool) {
	if w.InTest || hasPrefix(w.KeyPrefix, cfg.NotCacheKeys) {
		return "", false
	}
	entry := hasPrefix(w.KeyPrefix, cfg.CacheKeys)
	if !entry && w.IsCache() && !w.Counter {
		_, named := notCacheName(append([]string{w.KeyPrefix}, w.Names...)...)
		entry = !named
	}
	switch {
	case entry && (!cfg.Strict || !w.Inner):
		return CategoryAvalanche, true
	case cfg.Strict && !w.Inner: // a wrapper's constant is reported at its write command
		return CategoryStrict, true
	}
	return "", false
}

func hasPrefix(key string, prefixes []string) bool {
	for _, p := range prefixes {
		if key != "" && strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// message says what is wrong (the command, the constant and where it was
// chosen), why it matters in this context, and what to do.
func message(w *cachemodel.Write, category string) string {
	var b strings.Builder
	b.WriteString(w.Chain)
	if w.Expire {
		b.WriteString(" sets a fixed expiry of ")
	} else {
		b.WriteString(" writes with a fixed TTL of ")
	}
	b.WriteString(ttl.Format(w.TTL.D))
	b.WriteString(" (")
	b.WriteString(origin(w))
	b.WriteString(")")
	for i, c := range w.Alts {
		if i == len(w.Alts)-1 && w.More == 0 {
			b.WriteString(" or ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(ttl.Format(c.D))
		b.WriteString(" (")
		b.WriteString(c.Text)
		if c.Via != "" && !strings.HasSuffix(c.Via, " "+c.Text) {
			b.WriteString(", via " + c.Via)
		}
		b.WriteString(")")
	}
	if w.More > 0 {
		fmt.Fprintf(&b, " or one of %d more constants", w.More)
	}
	b.WriteString(" and no jitter; ")
	switch {
	case category == CategoryStrict:
		b.WriteString("if many keys are written with it they expire together (cache avalanche)")
	case w.Bulk && !w.Conditional && !w.CacheAside:
		b.WriteString("keys written together here expire in the same second and their reloads hit the database at once (cache avalanche)")
	case w.CacheAside:
		b.WriteString("entries loaded together expire together and their reloads hit the database at once (cache avalanche)")
	case w.Bulk && !w.Conditional:
		b.WriteString("keys written together here expire in the same second and their reloads hit the database at once (cache avalanche)")
	default:
		b.WriteString("if many keys are written with it they expire together (cache avalanche)")
	}
	b.WriteString("; add random jitter to the TTL")
	return b.String()
}

// origin names the constant as written and where it was chosen.
func origin(w *cachemodel.Write) string {
	parts := []string{w.TTL.Text}
	if w.TTL.Via != "" && !strings.HasSuffix(w.TTL.Via, " "+w.TTL.Text) {
		parts = append(parts, "via "+w.TTL.Via)
	}
	if w.TTLExpr == nil || w.TTL.Via != "" {
		parts = append(parts, "set at "+w.ConstAt)
	}
	if w.At != "" && w.Chain != w.Command {
		parts = append(parts, w.Command+" at "+w.At)
	}
	return strings.Join(parts, ", ")
}
