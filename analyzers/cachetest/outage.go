package cachetest

import (
	"testing"

	"github.com/redis/go-redis/v9"
)

// SurvivesRedisErrors checks the guard against an outage flood: it makes
// Redis fail, asks load for id several times (Requests), and fails t when
// more than half of the requests reached the source. A loader that treats
// every Redis error (a refused connection, a timeout) as a cache miss
// turns a Redis outage into a database outage; the guard is to treat only
// redis.Nil as a miss and to return, or degrade deliberately (a breaker
// that lets a few requests through passes), on other errors.
//
// How Redis fails depends on rdb: a *Redis from Miniredis answers every
// command with an error; one from Server closes its connections and
// refuses new ones, as a dead server does; any other client gets a hook
// that fails every command with "connection refused" (go-redis keeps
// hooks, so it stays installed, switched off, after the check). Redis
// works again when SurvivesRedisErrors returns.
func SurvivesRedisErrors[V any](t testing.TB, rdb redis.UniversalClient, load Loader, src *Source[V], id string, opts ...Option) bool {
	t.Helper()
	const name = "cachetest.SurvivesRedisErrors"
	c := configure(opts)
	ctx := t.Context()
	calls0 := src.Calls(id)
	restore := makeFail(rdb)
	failed := 0
	var firstErr error
	func() {
		defer restore()
		for range c.requests {
			if err := load(ctx, id); err != nil {
				failed++
				if firstErr == nil {
					firstErr = err
				}
			}
		}
	}()
	calls := src.Calls(id) - calls0
	if calls*2 <= c.requests {
		return true
	}
	answered := "every request was answered from the source"
	if failed > 0 {
		answered = "the first error returned was " + describe(firstErr)
	}
	t.Errorf("%s: the loader queried the source %d times for %d requests of id %q while Redis was failing (%s): it treats every Redis error as a cache miss, so a Redis outage or timeout sends the whole read load to the database; treat only redis.Nil as a miss, and return (or degrade deliberately) on other errors",
		name, calls, c.requests, id, answered)
	return false
}
