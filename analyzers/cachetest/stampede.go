package cachetest

import (
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"
)

// SingleRefill checks the guard against a cache breakdown (stampede): it
// releases Requests goroutines together, each asking load for id on a cold
// cache, and fails t unless the source was queried exactly once. When a
// hot key expires, every request in flight misses at the same moment; the
// guard lets one of them refill the key while the others wait for its
// result (singleflight, or a lock followed by a second cache read).
//
// The first source calls are held until all the goroutines have reached
// the source, or for half a second: an unguarded loader sends every
// request to the source whatever the scheduling, and a guarded one sends
// one, so the verdict does not depend on timing. Requests that fail are
// reported too. id must exist in src and must not be cached.
func SingleRefill[V any](t testing.TB, rdb redis.UniversalClient, load Loader, src *Source[V], id string, opts ...Option) bool {
	t.Helper()
	const name = "cachetest.SingleRefill"
	c := configure(opts)
	if !src.Has(id) {
		t.Fatalf("%s: the source does not have id %q; pass one it has", name, id)
	}
	ctx := t.Context()
	calls0 := src.Calls(id)
	errs := make([]error, c.requests)
	func() {
		release := src.hold(c.requests, c.patience)
		defer release()
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range c.requests {
			wg.Go(func() {
				<-start
				errs[i] = load(ctx, id)
			})
		}
		close(start)
		wg.Wait()
	}()
	calls := src.Calls(id) - calls0

	ok := true
	switch {
	case calls == 0:
		t.Fatalf("%s: none of the %d requests of id %q reached the source; its key must not be cached when the check starts", name, c.requests, id)
	case calls > 1:
		ok = false
		t.Errorf("%s: the loader queried the source %d times for %d concurrent misses of id %q: the refill is not deduplicated, so when a hot key expires every request in flight queries the database at once (cache breakdown / stampede); refill through singleflight keyed by the cache key, or take a lock and read the cache again",
			name, calls, c.requests, id)
	}
	failed := 0
	var first error
	for _, err := range errs {
		if err != nil {
			if failed == 0 {
				first = err
			}
			failed++
		}
	}
	if failed > 0 {
		ok = false
		t.Errorf("%s: %d of %d concurrent requests of id %q failed, the first with %q: the requests that waited for the refill should get its result",
			name, failed, c.requests, id, first)
	}
	return ok
}
