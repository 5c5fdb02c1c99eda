package cachetest

import (
	"context"
	"time"
)

// A Loader is the code under test, reading through the cache: it loads
// the value of id and returns its error. Adapt your loader in a closure:
//
//	load := func(ctx context.Context, id string) error {
//		_, err := svc.Product(ctx, mustInt(id))
//		return err
//	}
//
// For an id the source does not have, it must return an error that wraps
// the source's not-found error; if your loader maps it to another error,
// map it back in the closure.
type Loader func(ctx context.Context, id string) error

// A Writer writes the cache entries of ids in one go: a warm-up job, a
// batch loader, a pipeline refresh.
type Writer func(ctx context.Context, ids []string) error

// An Option changes how a helper tests.
type Option func(*config)

// Requests sets how many requests NotFoundCached, SurvivesRedisErrors and
// SingleRefill send (default 10; at least 2).
func Requests(n int) Option {
	return func(c *config) { c.requests = max(n, 2) }
}

// MinSpread sets the spread of TTLs that SpreadsExpiries and
// LoaderSpreadsExpiries require, as a fraction of the mean TTL (default
// 0.02: a 10-minute TTL needs its keys spread over at least 12 seconds).
// Jitter of 10% spreads a batch over about 9% of the TTL.
func MinSpread(fraction float64) Option {
	return func(c *config) { c.minSpread = fraction }
}

type config struct {
	requests  int
	minSpread float64
	// patience is how long SingleRefill holds the first source call for
	// the other concurrent misses to arrive.
	patience time.Duration
}

func configure(opts []Option) config {
	c := config{requests: 10, minSpread: 0.02, patience: 500 * time.Millisecond}
	for _, o := range opts {
		o(&c)
	}
	return c
}
