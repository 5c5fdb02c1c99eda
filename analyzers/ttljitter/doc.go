// Package ttljitter defines an Analyzer that reports cache writes whose TTL
// is a constant with no jitter.
//
// # Analyzer ttljitter
//
// ttljitter: report cache writes whose TTL has no jitter
//
// When many cache keys are written with the same fixed TTL — a warm-up
// loop, a batch loader, or a popular loader after a deploy — they expire in
// the same second, and every request for them goes to the database at once
// (cache avalanche). The guard is random jitter on the TTL:
//
//	rdb.Set(ctx, key, data, time.Hour)                        // bad
//	rdb.Set(ctx, key, data, time.Hour+rand.N(6*time.Minute))  // good
//
// A Lua script run with Eval or a redis.Script counts when its text is
// known: the keys it writes with an expiry written as a number in it
// (redis.call("EXPIRE", KEYS[1], 300)) are writes with that constant TTL.
//
// The analyzer follows a TTL the way real code hides it: literals and time
// arithmetic, named constants, local and package variables never set from
// anything else, unexported struct fields set only from constants or from
// a constructor's parameter, helper functions whose results are known, and
// TTL parameters of the user's own wrappers in any package (facts: the
// report moves to the caller that passes the constant). Anything that
// depends on math/rand, math/rand/v2, crypto/rand or on a function whose
// result does is jittered; a jitter helper that is not on the TTL's path
// does not count.
//
// By default only cache entries are reported: a write whose key is read
// earlier in the same function or in a caller (a cache-aside loader), a
// write in a loop over a collection or a multi-key write (MSETEX), and the
// wrappers reached from those. A clean-architecture Redis adapter counts
// too: an unexported type, behind no interface of its own package (its
// use case calls it through a port declared elsewhere, and no fact of it
// reaches there), that reads a key family in one method and writes a
// record handed in under the same family in another (GetHotelByID and
// SetHotel) caches what it writes. It stays silent on:
//   - TTL 0 (no expiry), redis.KeepTTL, and TTLs it cannot follow
//     (configuration, I/O, exported fields of exported types, fields with
//     struct tags);
//   - conditional writes (SetNX, SetArgs with Mode NX, SetIFEQ, ...) unless
//     the key was read first: they are locks and dedupe markers;
//   - EXPIRE on a key the same function increments or adds to (rate-limit
//     windows and counters);
//   - a record read, changed and written back under its key (a job's
//     progress: the TTL is a retention period), and a get-or-create that
//     stores a value it makes (a random code, a uuid, a marker written
//     only if absent) instead of one loaded from the database;
//   - keys, functions and receiver types named as locks, sessions, tokens,
//     OTP and captcha codes, rate limiters, idempotency and dedupe markers,
//     leases (the word list is in names.go);
//   - keys under a prefix listed in -not-cache-keys;
//   - retry and poll loops (`for {}`, `for i < n` not bounded by len);
//   - test files (_test.go: tests write fixtures and read keys to assert
//     on them), and generated files.
//
// Flags: -strict reports every constant TTL on a write command (category
// fixed-ttl); -cache-keys lists key prefixes that are always cache entries;
// -not-cache-keys lists prefixes that never are; -jitter-percent sets the
// jitter of the suggested fix (default 10).
//
// The suggested fix rewrites a constant TTL at the write as
// ttl + rand.N(ttl/10), importing math/rand/v2. It is offered only when the
// TTL is a typed time.Duration constant, the file's Go version is at least
// 1.22, and the name rand is free.
//
// A finding is silenced with //cacheguard:ignore ttljitter <reason> on the
// line of the write or the line above; the reason is required, and a
// directive that silences nothing is reported.
package ttljitter

import (
	_ "embed"

	"github.com/cacheguard/cacheguard/analyzers/internal/docs"
)

//go:embed doc.go
var docSource string

// doc is the "# Analyzer ttljitter" section of the package comment above.
var doc = docs.MustExtract(docSource, Name)
