// Package nullcache defines an Analyzer that reports cache-aside loaders
// that let not-found answers through to the database.
//
// # Analyzer nullcache
//
// nullcache: report loaders that do not cache not-found results
//
// A cache-aside loader reads the cache, on a miss asks the source (SQL,
// an ORM, an RPC), writes the result back, and returns it. When the source
// says "not found", a loader that returns without caching anything sends
// every request for that missing ID to the database: a client asking for
// product:-1 in a loop takes the database down (cache penetration). The
// guard is a short-lived null sentinel, checked on the read path:
//
//	p, err := repo.Product(ctx, id)
//	if errors.Is(err, ErrNotFound) {
//		return nil, err // bad: nothing cached
//	}
//
//	if errors.Is(err, ErrNotFound) {
//		rdb.Set(ctx, key, "null", time.Minute+rand.N(10*time.Second)) // good
//		return nil, err
//	}
//
// It reports, each in its own category:
//   - unguarded: a path on which the source reports not-found reaches a
//     return without writing the key. Not-found is a check of the source's
//     error against a not-found error (sql.ErrNoRows, gorm.ErrRecordNotFound,
//     mongo.ErrNoDocuments, redis.Nil, any variable named like ErrNotFound,
//     and those in -not-found-errors), a nil result checked with `v == nil`,
//     or database/sql's Row.Scan, whose error includes sql.ErrNoRows.
//     Also unguarded: a loader that refills a collection row by row (SADD,
//     ZADD, RPUSH in a loop over the rows, then EXPIRE) and can tell a
//     missing key from an empty one (a length check, EXISTS or GET):
//     with no rows nothing is written, so the key is never created.
//     Also unguarded: a not-found path that reaches only refills keyed on
//     the record the source fills (store(ctx, u) with the key made from
//     u.ID, after a failed First(&u) is only logged): the empty record is
//     cached under a zero id and the key read stays missing. A record
//     given the id asked for first (u.ID = id) is a sentinel.
//   - permanent: the sentinel is written with no expiry (TTL 0, no TTL
//     argument, KeepTTL on a new key), or with a constant TTL longer than
//     the data's.
//   - unchecked: the sentinel is a constant ("null", "*", "") and the read
//     path never compares the value read with it (==, switch, bytes.Equal,
//     strings.EqualFold, len(v) == 0 for an empty one), so a cached miss is
//     decoded as data or misses every time. Also unchecked: a loader
//     that takes a cached 0 for a miss (if n == 0 { n = db.Count(...);
//     Set(key, n) }) while its refill caches the count the source returns,
//     0 for an id with none: that 0 is never honoured.
//
// A loader is a function (or a closure in it, such as a singleflight
// callback) that reads a key — directly or through the user's read
// wrappers in any package — then calls a source, then writes the same key
// directly or through write wrappers. The source is the first call after
// the read whose result flows (through assignments, &x arguments and range
// loops) into the value written; cache operations, Redis commands, key and
// TTL helpers, and the standard library (but for database/sql, net/http and
// net/rpc), encoding, logging and tracing packages are never the source.
//
// A source may report not-found from inside the data layer: a repository
// or DAO function that returns gorm's, sql's, pgx's, mongo's or ent's
// not-found (or maps it to an error of its own) passes it on, in any
// package and through an interface whose implementation the caller's
// package or its imports hold (a repository over a dbs.Database wrapping
// gorm). A function named for a count or a yes/no answer (Count..., Exists...,
// Has...) passes none: a COUNT always has its row. A lookup of a generated
// gRPC client (GetOrder, HotelByID on an interface named ...Client in a
// package that imports google.golang.org/grpc) is taken to report an
// unknown id as a NotFound status; a lookup of many ids (MGet...,
// ...ByIDs) is not.
//
// It stays silent when the not-found path writes the key through any
// write (a sentinel writer wrapper counts), when the loader asks a filter
// before the source (-filter-calls: BFExists, CFExists, MightContain, ...,
// or any call named like a Bloom filter, or made on a receiver named or
// typed like one: bloomFilter.Test(id)), when the source's not-found
// cannot be seen (an error returned as is with no not-found check, from a
// source not known to signal it), and in generated files. The unchecked
// check needs a direct client read and a constant sentinel; through
// wrappers it stays silent.
//
// A function whose control-flow graph has more than 5000 blocks
// (loader.MaxBlocks: generated state machines, giant switches) is not
// searched: the work per function stays bounded.
//
// No suggested fix is offered: a sentinel write is only half of the guard
// (the read path must recognize it too), so it is not mechanical.
//
// A finding is silenced with //cacheguard:ignore nullcache <reason>.
package nullcache

import (
	_ "embed"

	"github.com/cacheguard/cacheguard/analyzers/internal/docs"
)

//go:embed doc.go
var docSource string

// doc is the "# Analyzer nullcache" section of the package comment above.
var doc = docs.MustExtract(docSource, Name)
