// Package stampede defines an Analyzer that reports hot-key loaders whose
// refill is not deduplicated.
//
// # Analyzer stampede
//
// stampede: report hot-key refills without singleflight or a lock
//
// When a hot key expires, every request in flight misses at the same
// moment, and each of them queries the database to rebuild the same value
// (cache breakdown, or stampede). The guard is to let one request refill
// the key while the others wait for its result: singleflight, a per-key
// lock, or a Redis lock followed by a second read of the cache:
//
//	list, err := s.repo.Featured(ctx)           // bad: once per concurrent miss
//
//	v, err, _ := s.group.Do(key, func() (any, error) {
//		return s.repo.Featured(ctx)         // good: once per instance
//	})
//
// Not every key is hot, so the analyzer is off by default: it checks the
// loaders whose function doc comment holds the line //cacheguard:hot, or
// every loader with -stampede.all.
//
// A refill is deduplicated when the source call runs inside a closure
// passed to a Do, DoChan or Once method (golang.org/x/sync/singleflight,
// copies of it, go-redis/cache's Once). A loader that takes a lock between
// the read and the source — a sync mutex's Lock, a Redis SET NX, or a lock
// library's Lock, TryLock, Obtain or Acquire — must read the key again
// after acquiring it (the double-check); without it, the requests that
// waited each run the query in turn (category no-recheck). Otherwise the
// finding is no-dedup.
//
// A finding is silenced with //cacheguard:ignore stampede <reason>.
package stampede

import (
	_ "embed"

	"github.com/cacheguard/cacheguard/analyzers/internal/docs"
)

//go:embed doc.go
var docSource string

// doc is the "# Analyzer stampede" section of the package comment above.
var doc = docs.MustExtract(docSource, Name)
