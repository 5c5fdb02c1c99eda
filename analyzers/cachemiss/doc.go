// Package cachemiss defines an Analyzer that reports cache-aside loaders
// that treat every Redis error as a cache miss.
//
// # Analyzer cachemiss
//
// cachemiss: report loaders that treat any Redis error as a miss
//
// A loader must go to the database on a miss (redis.Nil), not on every
// error. When it falls through to the source on a timeout, a refused
// connection or an exhausted pool, a Redis outage sends all the traffic
// the cache was absorbing to the database at once:
//
//	v, err := rdb.Get(ctx, key).Result()
//	if err != nil { // bad: a timeout is treated as a miss
//		v, err = repo.Load(ctx, id)
//	}
//
//	v, err := rdb.Get(ctx, key).Result()
//	switch {
//	case err == nil:
//		return v, nil
//	case !errors.Is(err, redis.Nil): // good: only a miss goes on
//		return "", err
//	}
//	v, err = repo.Load(ctx, id)
//
// Fallbacks count too: a read that the database answers when the cache
// does not, with no write back (a job fills the cache), is as exposed —
// when the source call is a query of a data-layer package (database/sql,
// gorm, sqlx, pgx, mongo, ent) or of a function known to report
// not-found, and its answer fills the value read or is returned.
//
// The analyzer follows the control-flow graph from the read to the source
// call, assuming the read failed with an error other than redis.Nil, and
// reports the condition that lets it through (`err != nil`, the else of
// `err == nil`), or the read whose error is discarded (.Val(), `_`), or
// never checked. Conditions combine with &&, || and !; `switch err` and
// `switch { case ... }` count. Through a read wrapper (c.Get(ctx, key,
// &v)), a comparison of the error with any error variable is taken as the
// wrapper's own miss error.
//
// A function whose control-flow graph has more than 5000 blocks is not
// searched (loader.MaxBlocks), so the work per function stays bounded.
//
// It also reports, in category swallowed, read wrappers that turn a Redis
// failure into a miss before any loader sees it — a function that reads the
// key given by its parameter with a value command (GET, HGET, MGET, ...),
// hands a value back, and on a Redis error other than redis.Nil returns
// without it (no error result, or nil in the error slot), or discards the
// error (.Val(), `_`):
//
//	func (c *Cacher) Get(key string) any {
//		v, err := c.rdb.Get(ctx, key).Result()
//		if err != nil { // bad: a timeout is a miss to every caller
//			return nil
//		}
//		return v
//	}
//
// Batch readers count: a function that reads the key of each id of a
// slice parameter — one by one, or queued on a pipeline, whose Exec gives
// the error — and hands back the ids left to load. On a failed pipeline
// they often hand back every id, and the loader that calls them queries
// the database for all of them; a loader that only logs the error such a
// reader returns is reported at its check, as any other.
//
// A loader in the same package that reads through a wrapper reported so is
// reported too, at its read: whatever it checks, the failure reaches it as
// a miss, and it goes to the database. The fix is in both places: the
// wrapper returns the error, and the loader returns it (or degrades
// deliberately). A directive on the wrapper's report silences its
// callers too.
//
// A loader that reads through a wrapper with no error result at all —
// one of another package (cache.IsKeyExist(ctx, key) bool, whose EXISTS
// failure reads as false), or an EXISTS-style yes/no wrapper of its own
// package — is reported at that read, in category outage: nothing it
// checks can tell a failure from a miss.
//
// Loaders are not checked for this (the main check covers them), nor are
// EXISTS-style reads (yes/no answers such as token blacklists), reads of
// a key of the function's own, or reads retried in a counted loop (for
// try := 0; try < 3; try++: the graph does not count the attempts, and
// the last may return the error).
//
// It stays silent on loaders that distinguish redis.Nil on every path to
// the source, on loaders that go through a circuit breaker (a call whose
// name mentions a breaker or circuit: the degradation is deliberate), on
// reads whose error is not held in a variable it can follow, and where
// //cacheguard:ignore cachemiss <reason> says the fallback is deliberate.
package cachemiss

import (
	_ "embed"

	"github.com/cacheguard/cacheguard/analyzers/internal/docs"
)

//go:embed doc.go
var docSource string

// doc is the "# Analyzer cachemiss" section of the package comment above.
var doc = docs.MustExtract(docSource, Name)
