package cachetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// NotFoundCached checks the guard against cache penetration: it asks load
// for id, which src does not have, several times (Requests) and fails t
// unless
//
//   - the source was queried at most once: the first miss cached a null
//     sentinel (or a filter rejected the id), and the later requests
//     stopped at Redis;
//   - every request reported not-found (an error wrapping
//     src.NotFound()): a loader that decodes its own sentinel as data
//     answers the second request with an empty value and no error;
//   - every key the first request wrote has a finite TTL: a sentinel
//     that never expires hides a row created later and keeps every id
//     ever asked for in memory.
//
// The key of id must not be cached when NotFoundCached starts. It reports
// a missing guard with t.Errorf and returns false; it stops the test
// (t.Fatalf) only when it cannot run the check.
func NotFoundCached[V any](t testing.TB, rdb redis.UniversalClient, load Loader, src *Source[V], id string, opts ...Option) bool {
	t.Helper()
	const name = "cachetest.NotFoundCached"
	c := configure(opts)
	if src.Has(id) {
		t.Fatalf("%s: the source has id %q; pass an id it does not have", name, id)
	}
	ctx := t.Context()
	before, err := keys(ctx, rdb)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	calls0 := src.Calls(id)

	var sentinels []string
	wrong, firstWrong := 0, 0
	var firstWrongErr error
	for i := 1; i <= c.requests; i++ {
		err := load(ctx, id)
		if i == 1 {
			after, kerr := keys(ctx, rdb)
			if kerr != nil {
				t.Fatalf("%s: %v", name, kerr)
			}
			sentinels = written(before, after)
		}
		if !errors.Is(err, src.NotFound()) {
			if wrong == 0 {
				firstWrong, firstWrongErr = i, err
			}
			wrong++
		}
	}
	calls := src.Calls(id) - calls0

	ok := true
	if calls > 1 {
		ok = false
		t.Errorf("%s: the loader queried the source %d times for %d requests of one missing id %q: no null sentinel is cached (cache penetration); cache a short-lived null marker when the source reports not-found, and check for it after reading the cache",
			name, calls, c.requests, id)
	}
	switch {
	case wrong == 0:
	case firstWrong == 1:
		ok = false
		t.Errorf("%s: the first request of missing id %q returned %v, not the source's not-found error %q; return an error wrapping it (or map your loader's error back to it in load)",
			name, id, describe(firstWrongErr), src.NotFound())
	case firstWrongErr == nil:
		ok = false
		t.Errorf("%s: %d of %d requests of missing id %q returned no error, from request %d on: the loader reads its own null sentinel back as data (the read path does not check for the sentinel); compare the value read with the sentinel before decoding it, and report not-found",
			name, wrong, c.requests, id, firstWrong)
	default:
		ok = false
		t.Errorf("%s: %d of %d requests of missing id %q returned %v instead of not-found, from request %d on: the loader does not recognize its own null sentinel; compare the value read with the sentinel before decoding it",
			name, wrong, c.requests, id, describe(firstWrongErr), firstWrong)
	}

	ttls, err := pttls(ctx, rdb, sentinels)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var permanent []string
	for i, d := range ttls {
		if d == -1 {
			permanent = append(permanent, sentinels[i])
		}
	}
	if len(permanent) > 0 {
		ok = false
		t.Errorf("%s: the sentinel %s cached for missing id %q has no expiry: a row created later under this id stays not found, and every id ever asked for stays in memory; give the sentinel a short TTL (a minute or so, with jitter)",
			name, strings.Join(permanent, ", "), id)
	}
	return ok
}

func describe(err error) string {
	if err == nil {
		return "no error"
	}
	return fmt.Sprintf("%q", err)
}
