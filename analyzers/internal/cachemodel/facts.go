package cachemodel

import (
	"fmt"
	"sort"
	"strings"
)

// reachesFact marks a package that imports a Redis client, directly or
// through its imports. A package whose imports carry neither a client nor
// this fact cannot write to Redis and is skipped at once.
type reachesFact struct{}

func (*reachesFact) AFact()         {}
func (*reachesFact) String() string { return "reachesRedis" }

// jittersFact marks a function whose duration result depends on
// randomness: a TTL computed by it is jittered.
type jittersFact struct{}

func (*jittersFact) AFact()         {}
func (*jittersFact) String() string { return "jitters" }

// readsFact marks a function that reads the cache key given by one of its
// parameters (a read wrapper): a caller that reads a key through it and
// then writes the same key is a cache-aside loader.
type readsFact struct {
	KeyParams []int
	// Families are the key families of the keys read, aligned with
	// KeyParams ("" when the key is the parameter as it is): see family.
	Families []string
}

func (*readsFact) AFact() {}
func (f *readsFact) String() string {
	return fmt.Sprintf("reads(key=%s)", ints(f.KeyParams))
}

// writesFact is the one write summary of a function that writes the
// cache, as its callers see it:
//   - Effects, the writes with an expiry: either the TTL comes from one of
//     its parameters (a TTL wrapper, reported at the caller that passes a
//     constant, as printf reports at the caller of a printf wrapper), or it
//     is a constant chosen inside while the key comes from a parameter
//     (the caller decides whether the write is a cache entry);
//   - Keys, every key it writes that a parameter gives, whatever the TTL
//     (a write wrapper or a sentinel writer): with a read of the same key
//     before it, the caller is a cache-aside loader.
type writesFact struct {
	Effects []Effect
	Keys    []keyWrite
}

func (*writesFact) AFact() {}
func (f *writesFact) String() string {
	var parts []string
	for _, e := range f.Effects {
		parts = append(parts, e.String())
	}
	if len(f.Keys) > 0 {
		var ps []int
		for _, k := range f.Keys {
			ps = append(ps, k.KeyParam)
		}
		parts = append(parts, "keys="+ints(ps))
	}
	return "writes(" + strings.Join(parts, "; ") + ")"
}

// Effect is one cache write a function performs, as its callers see it.
type Effect struct {
	TTLParam int   // the parameter holding the TTL; -1 when the TTL is Const
	TTLScale int64 // the parameter is multiplied by this on its way (0: by 1)
	KeyParam int   // the parameter holding the key; -1 when chosen inside

	// The constant TTL chosen inside, when TTLParam is -1.
	Const     int64
	ConstText string // as written: "time.Hour", "cacheTTL"
	ConstAt   string // "file.go:12", where it was chosen
	ConstVia  string // "field Cache.ttl"
	More      int    // further constants the TTL may take, left out

	CacheAside  bool // the key is read before the write, inside the function
	Bulk        bool // written in a loop over many keys inside the function
	Conditional bool // SET NX and friends: the shape of locks and dedupe markers
	Expire      bool // an EXPIRE of an existing key rather than a write
	Command     string
	Chain       string // the wrappers down to the command: "Cache.Set → Set"
	At          string // "file.go:20", where the client command is called
	KeyPrefix   string // the literal start of a key chosen inside
	Family      string // the key's family, when the wrapper builds it from KeyParam
	KeyConst    bool   // the key is one constant chosen inside
	Created     bool   // the value written is made inside (a generated code, a marker), not loaded
	Names       []string
}

func (e Effect) String() string {
	var b strings.Builder
	if e.TTLParam >= 0 {
		fmt.Fprintf(&b, "ttl=param%d", e.TTLParam)
		if e.TTLScale > 1 {
			fmt.Fprintf(&b, "*%d", e.TTLScale)
		}
	} else {
		fmt.Fprintf(&b, "ttl=%s", e.ConstText)
	}
	if e.KeyParam >= 0 {
		fmt.Fprintf(&b, " key=param%d", e.KeyParam)
	}
	if e.CacheAside {
		b.WriteString(" aside")
	}
	if e.Bulk {
		b.WriteString(" bulk")
	}
	if e.Conditional {
		b.WriteString(" conditional")
	}
	if e.Created {
		b.WriteString(" created")
	}
	fmt.Fprintf(&b, " via %s", e.Chain)
	return b.String()
}

// id is an effect's identity: what its callers act on. It leaves out the
// chain of wrappers and the names gathered along it, which grow with every
// turn around a call cycle (a Set that recurses into nested values and
// hands maps to SetMulti, which calls Set): with them in, the wrapper
// fixpoint would never end. One representative chain is kept per id, the
// shortest (see shorter).
func (e Effect) id() string {
	var b strings.Builder
	if e.TTLParam >= 0 {
		fmt.Fprintf(&b, "ttl=param%d*%d", e.TTLParam, e.TTLScale)
	} else {
		fmt.Fprintf(&b, "ttl=%d@%s", e.Const, e.ConstAt)
	}
	fmt.Fprintf(&b, " key=%d %q %q const=%t aside=%t bulk=%t cond=%t expire=%t created=%t %s@%s",
		e.KeyParam, e.KeyPrefix, e.Family, e.KeyConst, e.CacheAside, e.Bulk, e.Conditional, e.Expire, e.Created, e.Command, e.At)
	return b.String()
}

// shorter reports whether e's chain of wrappers is a better representative
// than f's: fewer wrappers, then the first in lexical order (so the choice
// does not depend on the order the fixpoint visited them).
func (e Effect) shorter(f Effect) bool {
	ne, nf := strings.Count(e.Chain, "→"), strings.Count(f.Chain, "→")
	if ne != nf {
		return ne < nf
	}
	return e.Chain < f.Chain
}

// dedupEffects keeps one effect per id, with the shortest chain, in a
// deterministic order.
func dedupEffects(es []Effect) []Effect {
	best := map[string]int{}
	var out []Effect
	for _, e := range es {
		k := e.id()
		if i, ok := best[k]; ok {
			if e.shorter(out[i]) {
				out[i] = e
			}
			continue
		}
		best[k] = len(out)
		out = append(out, e)
	}
	sortEffects(out)
	return out
}

func sortEffects(es []Effect) {
	sort.Slice(es, func(i, j int) bool { return es[i].id() < es[j].id() })
}

func ints(xs []int) string {
	var parts []string
	for _, x := range xs {
		if x < 0 {
			parts = append(parts, "const") // one constant key chosen inside
			continue
		}
		parts = append(parts, fmt.Sprintf("param%d", x))
	}
	return strings.Join(parts, ",")
}

// keyWrite is one key a wrapper writes, as its callers see it.
type keyWrite struct {
	KeyParam   int
	KeyField   string // the key is this field of the parameter (item.Key), when set
	ValueParam int    // -1: chosen inside
	TTLParam   int    // -1: chosen inside, or none
	Const      string // the value, when it is a constant chosen inside
	HasConst   bool
	Family     string // the key's family, when the wrapper builds the key
	Fill       bool   // members added in a loop: no rows, no key (see KeyOp.Fill)
}
