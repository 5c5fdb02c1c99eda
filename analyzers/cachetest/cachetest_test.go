package cachetest_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheguard/cacheguard/analyzers/cachetest"
)

// recorder is a testing.TB whose Errorf records instead of failing, so a
// test can check that a helper fails, and with which message.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func record(t testing.TB) *recorder { return &recorder{TB: t} }

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) failures() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.errors, "\n")
}

// passes runs check, which must pass.
func passes(t *testing.T, check func(t testing.TB) bool) {
	t.Helper()
	r := record(t)
	if ok := check(r); !ok || r.failures() != "" {
		t.Errorf("want a pass, got ok=%v:\n%s", ok, r.failures())
	}
}

// fails runs check, which must fail with messages matching each pattern.
func fails(t *testing.T, check func(t testing.TB) bool, patterns ...string) {
	t.Helper()
	r := record(t)
	ok := check(r)
	got := r.failures()
	if ok || got == "" {
		t.Errorf("want a failure, got ok=%v and no message", ok)
		return
	}
	for _, p := range patterns {
		if !regexp.MustCompile(p).MatchString(got) {
			t.Errorf("the failure does not match %q:\n%s", p, got)
		}
	}
}

// loader is a cache-aside loader over a Source, with each guard switched
// on or off, the bad and the good variant of each in one place.
type loader struct {
	rdb redis.UniversalClient
	src *cachetest.Source[string]

	errAsMiss   bool          // any Redis error is a miss (outage flood)
	noSentinel  bool          // nothing cached for a missing id (penetration)
	sentinelTTL time.Duration // 0: no expiry
	noCheck     bool          // the hit path does not check for the sentinel
	ttl         func() time.Duration
	dedup       string // "", "flight" (one refill, shared), "lock" (lock and read again), "lock-no-recheck"

	mu     sync.Mutex
	flight map[string]*call
}

type call struct {
	done chan struct{}
	err  error
}

func newTestLoader(rdb redis.UniversalClient, src *cachetest.Source[string]) *loader {
	return &loader{
		rdb: rdb, src: src,
		sentinelTTL: time.Minute,
		ttl:         func() time.Duration { return 10*time.Minute + rand.N(time.Minute) },
		dedup:       "flight",
	}
}

const null = "null"

func (l *loader) load(ctx context.Context, id string) error {
	key := "item:" + id
	v, err := l.rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		if v == null && !l.noCheck {
			return l.src.NotFound()
		}
		return nil
	case !errors.Is(err, redis.Nil) && !l.errAsMiss:
		return err
	}
	switch l.dedup {
	case "flight":
		return l.shared(key, func() error { return l.refill(context.WithoutCancel(ctx), key, id) })
	case "lock", "lock-no-recheck":
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.dedup == "lock" {
			if err := l.rdb.Get(ctx, key).Err(); err == nil {
				return nil
			}
		}
	}
	return l.refill(ctx, key, id)
}

func (l *loader) refill(ctx context.Context, key, id string) error {
	v, err := l.src.Get(ctx, id)
	if errors.Is(err, l.src.NotFound()) {
		if !l.noSentinel {
			l.rdb.Set(ctx, key, null, l.sentinelTTL)
		}
		return err
	}
	if err != nil {
		return err
	}
	l.rdb.Set(ctx, key, v, l.ttl())
	return nil
}

// shared runs f once for concurrent callers with the same key.
func (l *loader) shared(key string, f func() error) error {
	l.mu.Lock()
	if l.flight == nil {
		l.flight = map[string]*call{}
	}
	if c, ok := l.flight[key]; ok {
		l.mu.Unlock()
		<-c.done
		return c.err
	}
	c := &call{done: make(chan struct{})}
	l.flight[key] = c
	l.mu.Unlock()
	c.err = f()
	l.mu.Lock()
	delete(l.flight, key)
	l.mu.Unlock()
	close(c.done)
	return c.err
}

func items(n int) *cachetest.Source[string] {
	src := cachetest.NewSource[string](nil)
	for i := range n {
		src.Put(strconv.Itoa(i), "item "+strconv.Itoa(i))
	}
	return src
}

func TestNotFoundCached(t *testing.T) {
	cachetest.EachBackend(t, func(t *testing.T, rdb *cachetest.Redis) {
		check := func(l *loader, id string) func(t testing.TB) bool {
			return func(t testing.TB) bool { return cachetest.NotFoundCached(t, rdb, l.load, l.src, id) }
		}
		passes(t, check(newTestLoader(rdb, items(1)), "missing-1"))

		l := newTestLoader(rdb, items(1))
		l.noSentinel = true
		fails(t, check(l, "missing-2"),
			`^cachetest.NotFoundCached: the loader queried the source 10 times for 10 requests of one missing id "missing-2": no null sentinel is cached \(cache penetration\)`)

		l = newTestLoader(rdb, items(1))
		l.sentinelTTL = 0
		fails(t, check(l, "missing-3"), `the sentinel item:missing-3 cached for missing id "missing-3" has no expiry`)

		l = newTestLoader(rdb, items(1))
		l.noCheck = true
		fails(t, check(l, "missing-4"), `9 of 10 requests of missing id "missing-4" returned no error, from request 2 on: the loader reads its own null sentinel back as data`)
	})
}

func TestSpreadsExpiries(t *testing.T) {
	cachetest.EachBackend(t, func(t *testing.T, rdb *cachetest.Redis) {
		ids := make([]string, 50)
		for i := range ids {
			ids[i] = strconv.Itoa(i)
		}
		batch := func(ttl func() time.Duration) cachetest.Writer {
			return func(ctx context.Context, ids []string) error {
				_, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
					for _, id := range ids {
						p.Set(ctx, "batch:"+id, "v", ttl())
					}
					return nil
				})
				return err
			}
		}
		spreads := func(w cachetest.Writer) func(t testing.TB) bool {
			return func(t testing.TB) bool {
				defer rdb.FlushDB(context.Background())
				return cachetest.SpreadsExpiries(t, rdb, w, ids)
			}
		}
		passes(t, spreads(batch(func() time.Duration { return time.Hour + rand.N(6*time.Minute) })))
		// Symmetric jitter of ±2% is enough.
		passes(t, spreads(batch(func() time.Duration { return time.Hour - 72*time.Second + rand.N(144*time.Second) })))
		fails(t, spreads(batch(func() time.Duration { return time.Hour })),
			`^cachetest.SpreadsExpiries: the keys written together for 50 ids all have the same TTL \(50 keys, 1h0m0s, e.g. batch:\d+\): .*\(cache avalanche\)`)
		// Not all equal is not enough: a few milliseconds of jitter on an
		// hour still expire together.
		fails(t, spreads(batch(func() time.Duration { return time.Hour + rand.N(50*time.Millisecond) })),
			`the keys written together for 50 ids expire within \d+ms of each other \(50 keys, TTL (59m59.99\d|1h0m0[.\d]*)s to 1h0m0[.\d]+s, under 0.01% of the mean (59m59.99\d|1h0m0[.\d]*)s; \d+ of them in the busiest second`)
		// Spread over seconds, but tiny against a day.
		fails(t, spreads(batch(func() time.Duration { return 24*time.Hour + rand.N(10*time.Second) })),
			`expire within [\d.]+s of each other .* 0.01% of the mean`)
		passes(t, spreads(batch(func() time.Duration { return 0 })))

		load := func(ttl func() time.Duration) cachetest.Loader {
			l := newTestLoader(rdb, items(50))
			l.ttl = ttl
			return l.load
		}
		passes(t, func(t testing.TB) bool {
			return cachetest.LoaderSpreadsExpiries(t, rdb, load(func() time.Duration { return 30*time.Second + rand.N(3*time.Second) }), ids)
		})
		fails(t, func(t testing.TB) bool {
			return cachetest.LoaderSpreadsExpiries(t, rdb, load(func() time.Duration { return 30 * time.Second }), ids)
		}, `^cachetest.LoaderSpreadsExpiries: the keys the loader wrote for 50 loads (all have the same TTL|expire within \d+ms of each other)`)
		// One hot key, refilled again and again.
		hot := slices.Repeat([]string{"7"}, 30)
		passes(t, func(t testing.TB) bool {
			return cachetest.LoaderSpreadsExpiries(t, rdb, load(func() time.Duration { return 5*time.Minute + rand.N(30*time.Second) }), hot)
		})
		fails(t, func(t testing.TB) bool {
			return cachetest.LoaderSpreadsExpiries(t, rdb, load(func() time.Duration { return 5 * time.Minute }), hot)
		}, `the keys the loader wrote for 30 loads .* \(cache avalanche\)`)
	})
}

func TestSurvivesRedisErrors(t *testing.T) {
	cachetest.EachBackend(t, func(t *testing.T, rdb *cachetest.Redis) {
		survives := func(l *loader) func(t testing.TB) bool {
			return func(t testing.TB) bool { return cachetest.SurvivesRedisErrors(t, l.rdb, l.load, l.src, "1") }
		}
		passes(t, survives(newTestLoader(rdb, items(2))))
		l := newTestLoader(rdb, items(2))
		l.errAsMiss = true
		fails(t, survives(l),
			`^cachetest.SurvivesRedisErrors: the loader queried the source 10 times for 10 requests of id "1" while Redis was failing \(every request was answered from the source\): it treats every Redis error as a cache miss`)

		// Redis works again afterwards.
		if err := rdb.Set(t.Context(), "after", "1", time.Minute).Err(); err != nil {
			t.Fatalf("Redis still fails after the check: %v", err)
		}

		// A client that is not a *cachetest.Redis fails through a hook.
		opts := *rdb.UniversalClient.(*redis.Client).Options()
		opts.Dialer = nil
		plain := redis.NewClient(&opts)
		defer plain.Close()
		passes(t, survives(newTestLoader(plain, items(2))))
		l = newTestLoader(plain, items(2))
		l.errAsMiss = true
		fails(t, survives(l), `queried the source 10 times for 10 requests of id "1" while Redis was failing`)
		if err := plain.Set(t.Context(), "after", "1", time.Minute).Err(); err != nil {
			t.Fatalf("the plain client still fails after the check: %v", err)
		}
	})
}

func TestSingleRefill(t *testing.T) {
	cachetest.EachBackend(t, func(t *testing.T, rdb *cachetest.Redis) {
		refill := func(dedup, id string) func(t testing.TB) bool {
			l := newTestLoader(rdb, items(10))
			l.dedup = dedup
			return func(t testing.TB) bool { return cachetest.SingleRefill(t, rdb, l.load, l.src, id) }
		}
		passes(t, refill("flight", "1"))
		passes(t, refill("lock", "2"))
		fails(t, refill("", "3"),
			`^cachetest.SingleRefill: the loader queried the source 10 times for 10 concurrent misses of id "3": the refill is not deduplicated, .*\(cache breakdown / stampede\)`)
		// A lock without a second read only serializes the refills.
		fails(t, refill("lock-no-recheck", "4"), `queried the source 10 times for 10 concurrent misses of id "4"`)
	})
}

func TestSource(t *testing.T) {
	src := cachetest.NewSource[int](nil)
	src.Put("a", 1)
	ctx := context.Background()
	if v, err := src.Get(ctx, "a"); v != 1 || err != nil {
		t.Errorf(`Get("a") = %v, %v; want 1, nil`, v, err)
	}
	if _, err := src.Get(ctx, "b"); !errors.Is(err, cachetest.ErrNotFound) {
		t.Errorf(`Get("b") = %v; want ErrNotFound`, err)
	}
	_, _ = src.Get(ctx, "b")
	if src.Calls("a") != 1 || src.Calls("b") != 2 || src.Total() != 3 {
		t.Errorf("calls a=%d b=%d total=%d; want 1, 2, 3", src.Calls("a"), src.Calls("b"), src.Total())
	}
	if src.Has("b") || !src.Has("a") || fmt.Sprint(src.IDs()) != "[a]" {
		t.Errorf("Has/IDs wrong: %v", src.IDs())
	}
	src.ResetCalls()
	if src.Total() != 0 || src.Calls("a") != 0 {
		t.Errorf("ResetCalls left %d calls", src.Total())
	}

	src.SetLatency(time.Hour)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := src.Get(cctx, "a"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a call with latency does not end with its context: %v", err)
	}

	mine := errors.New("no such row")
	if _, err := cachetest.NewSource[int](mine).Get(ctx, "x"); err != mine {
		t.Errorf("the source's own not-found error is not returned: %v", err)
	}
}

// fakeTB catches Skip and Fatal, which end the goroutine that calls them.
type fakeTB struct {
	testing.TB
	skipped, fatal string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func server(t *testing.T) *fakeTB {
	f := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		cachetest.Server(f)
	}()
	<-done
	return f
}

// TestServerTier: without an address the real-server tier is skipped,
// saying how to run it, except in CI, where it fails; a set address that
// does not answer fails.
func TestServerTier(t *testing.T) {
	t.Setenv(cachetest.AddrEnv, "")
	t.Setenv("CI", "")
	if f := server(t); !strings.Contains(f.skipped, "CACHEGUARD_REDIS_ADDR is not set; skipping the redis-server tier") {
		t.Errorf("unset outside CI: want a skip, got skip %q, fatal %q", f.skipped, f.fatal)
	}
	t.Setenv("CI", "true")
	if f := server(t); !strings.Contains(f.fatal, "the redis-server tier must run in CI") {
		t.Errorf("unset in CI: want a failure, got skip %q, fatal %q", f.skipped, f.fatal)
	}
	t.Setenv("CI", "")
	t.Setenv(cachetest.AddrEnv, "127.0.0.1:1")
	if f := server(t); !strings.Contains(f.fatal, "does not answer") {
		t.Errorf("unreachable: want a failure, got skip %q, fatal %q", f.skipped, f.fatal)
	}
}

// TestExample runs the package example's test.
func TestExample(t *testing.T) { testUserGuards(t) }
