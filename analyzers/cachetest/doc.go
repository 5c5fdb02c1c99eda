// Package cachetest checks a loader's cache guards at run time, in your
// tests, against Redis.
//
// It is not an analyzer: it is a test helper that runs your code. The
// analyzers (ttljitter, nullcache, cachemiss, stampede) say that a loader
// looks unguarded; cachetest says what it does. Each helper runs a loader
// or a batch writer against a Redis and a counting fake database (Source)
// and fails the test, naming the missing guard, when
//
//   - NotFoundCached: repeated requests of one missing id reach the
//     database more than once, are not all answered "not found", or leave
//     a null sentinel that never expires (cache penetration);
//   - SpreadsExpiries, LoaderSpreadsExpiries: the keys written together
//     get TTLs that are not spread out — the spread of TTLs is less than
//     MinSpread of their mean, or they all expire in one second (cache
//     avalanche);
//   - SurvivesRedisErrors: while Redis fails, most requests still reach
//     the database (an outage of Redis becomes an outage of the database);
//   - SingleRefill: concurrent misses of one key query the database more
//     than once (cache breakdown / stampede).
//
// A failure reads like
//
//	cachetest.NotFoundCached: the loader queried the source 10 times for 10 requests of one missing id "404": no null sentinel is cached (cache penetration); cache a short-lived null marker when the source reports not-found, and check for it after reading the cache
//
// A test wires a Source into the repository the loader reads, adapts the
// loader to a Loader, and asserts (the package example has it in full):
//
//	func TestUserGuards(t *testing.T) {
//		cachetest.EachBackend(t, func(t *testing.T, rdb *cachetest.Redis) {
//			src := cachetest.NewSource[*User](ErrNoUser) // the repository's not-found error
//			for i := range 40 {
//				src.Put(strconv.Itoa(i), &User{ID: int64(i)})
//			}
//			svc := &Users{rdb: rdb, repo: userRows{src}} // userRows.User calls src.Get
//			load := func(ctx context.Context, id string) error {
//				_, err := svc.User(ctx, mustInt(id))
//				return err
//			}
//			cachetest.NotFoundCached(t, rdb, load, src, "404")
//			cachetest.SurvivesRedisErrors(t, rdb, load, src, "1")
//			cachetest.SingleRefill(t, rdb, load, src, "2")
//			cachetest.LoaderSpreadsExpiries(t, rdb, load, src.IDs())
//		})
//	}
//
// The helpers take any redis.UniversalClient; they find the keys a call
// wrote by listing the database before and after it (SCAN), so the
// database must belong to the test. Two constructors give one, a tier
// each:
//
//   - Miniredis: an in-process Redis (github.com/alicebob/miniredis),
//     fast and always available; its clock stands still, so TTLs read back
//     exactly as written.
//   - Server: the real redis-server at $CACHEGUARD_REDIS_ADDR, on a
//     database leased for the test and flushed before and after it. When
//     the variable is unset the tier is skipped with a message, except in
//     CI (CI=true), where the test fails.
//
// EachBackend runs a test on both. A helper reports a missing guard with
// t.Errorf and returns false, so one test can check several guards; it
// stops the test with t.Fatalf only when it cannot judge (Redis does not
// answer, a batch writer fails, the id is not set up as it needs).
package cachetest
