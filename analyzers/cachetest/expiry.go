package cachetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// SpreadsExpiries checks the guard against cache avalanche for a batch
// writer: it calls write once with ids, reads the TTL of every key it
// wrote, and fails t unless the TTLs are spread out — the spread (longest
// minus shortest) at least MinSpread of the mean TTL, over more than one
// second of expiry. Keys written together with one fixed TTL expire in
// the same second, and their reloads reach the database at once.
//
// Keys written without an expiry pass (they do not expire together). The
// ids must exist in the writer's source, and there must be at least two
// keys with a TTL; a few dozen make the verdict reliable for jitter of a
// few percent. It reports a missing guard with t.Errorf and returns false.
func SpreadsExpiries(t testing.TB, rdb redis.UniversalClient, write Writer, ids []string, opts ...Option) bool {
	t.Helper()
	const name = "cachetest.SpreadsExpiries"
	c := configure(opts)
	ctx := t.Context()
	before, err := keys(ctx, rdb)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := write(ctx, ids); err != nil {
		t.Fatalf("%s: the writer failed, so its expiries cannot be judged: %v", name, err)
	}
	after, err := keys(ctx, rdb)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ks := written(before, after)
	ttls, err := pttls(ctx, rdb, ks)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return judgeSpread(t, name, fmt.Sprintf("the keys written together for %d ids", len(ids)), ks, ttls, c)
}

// LoaderSpreadsExpiries is SpreadsExpiries for a loader: it loads each id
// in turn on a cold cache, reads the TTL of the keys each call wrote, and
// then deletes them, so ids may repeat: the TTLs of a loader of one hot
// key are judged over repeated refills (slices.Repeat([]string{id}, 30)).
// After a flush or a deploy every key is loaded within minutes, so the
// TTLs the loader gives must be spread out for the same reason.
func LoaderSpreadsExpiries(t testing.TB, rdb redis.UniversalClient, load Loader, ids []string, opts ...Option) bool {
	t.Helper()
	const name = "cachetest.LoaderSpreadsExpiries"
	c := configure(opts)
	ctx := t.Context()
	var allKeys []string
	var allTTLs []time.Duration
	for _, id := range ids {
		before, err := keys(ctx, rdb)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := load(ctx, id); err != nil {
			t.Fatalf("%s: loading id %q failed, so its expiry cannot be judged (the ids must exist in the source): %v", name, id, err)
		}
		after, err := keys(ctx, rdb)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ks := written(before, after)
		ttls, err := pttls(ctx, rdb, ks)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		allKeys = append(allKeys, ks...)
		allTTLs = append(allTTLs, ttls...)
		if len(ks) > 0 {
			if err := rdb.Del(ctx, ks...).Err(); err != nil {
				t.Fatalf("%s: delete %v: %v", name, ks, err)
			}
		}
	}
	return judgeSpread(t, name, fmt.Sprintf("the keys the loader wrote for %d loads", len(ids)), allKeys, allTTLs, c)
}

// judgeSpread decides whether the TTLs of ks are spread out. Reading each
// TTL right after its write makes a TTL stand for the expiry time of a key
// written at the same moment as the others.
func judgeSpread(t testing.TB, name, what string, ks []string, ttls []time.Duration, c config) bool {
	t.Helper()
	var withTTL []time.Duration
	var example string
	noExpiry := 0
	for i, d := range ttls {
		switch {
		case d == -1:
			noExpiry++
		case d >= 0:
			withTTL = append(withTTL, d)
			if example == "" {
				example = ks[i]
			}
		}
	}
	switch {
	case len(withTTL) == 0 && noExpiry > 0:
		t.Logf("%s: none of %s has an expiry (%d keys); nothing expires together", name, what, noExpiry)
		return true
	case len(withTTL) == 0:
		t.Fatalf("%s: %s: no key was written; do the ids exist in the source, and is the cache cold?", name, what)
	case len(withTTL) == 1:
		t.Fatalf("%s: %s: only one key with a TTL (%s) was written; a spread needs at least two, pass more ids", name, what, example)
	}

	lo, hi, sum := withTTL[0], withTTL[0], time.Duration(0)
	perSecond := map[time.Duration]int{}
	busiest := 0
	for _, d := range withTTL {
		lo, hi, sum = min(lo, d), max(hi, d), sum+d
		s := d.Truncate(time.Second)
		perSecond[s]++
		busiest = max(busiest, perSecond[s])
	}
	n := len(withTTL)
	mean := sum / time.Duration(n)
	spread := hi - lo
	if float64(spread) >= c.minSpread*float64(mean) && len(perSecond) > 1 {
		return true
	}
	round := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
	// On a real server a TTL reads back a millisecond or so shorter for
	// each millisecond between the write and the read.
	if spread < sameTTL {
		ttl := round(hi)
		if hi >= time.Minute {
			ttl = hi.Round(time.Second)
		}
		t.Errorf("%s: %s all have the same TTL (%d keys, %v, e.g. %s): they expire in the same second and their reloads reach the database at once (cache avalanche); add random jitter to the TTL, e.g. ttl + rand.N(ttl/10)",
			name, what, n, ttl, example)
		return false
	}
	t.Errorf("%s: %s expire within %v of each other (%d keys, TTL %v to %v, %s of the mean %v; %d of them in the busiest second, e.g. %s): they expire together and their reloads reach the database at once (cache avalanche); add random jitter to the TTL, spreading it over at least %.0f%% of the TTL and more than one second",
		name, what, round(spread), n, round(lo), round(hi), percent(float64(spread)/float64(mean)), round(mean), busiest, example, 100*c.minSpread)
	return false
}

// sameTTL is the spread under which TTLs are reported as one.
const sameTTL = 10 * time.Millisecond

func percent(f float64) string {
	if f < 0.0001 {
		return "under 0.01%"
	}
	return fmt.Sprintf("%.2f%%", 100*f)
}
