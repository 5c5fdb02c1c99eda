// Package jitterwrap has the commonest jitter wrapper: it adds jitter to
// the TTL its caller gives before writing. Its callers pass constants and
// are right to: they stay silent.
package jitterwrap

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

type Cache struct{ rdb *redis.Client }

// Set jitters in place.
func (c *Cache) Set(ctx context.Context, key string, v any, ttl time.Duration) error {
	ttl += rand.N(ttl / 10)
	return c.rdb.Set(ctx, key, v, ttl).Err()
}

// SetSpread jitters through a local.
func (c *Cache) SetSpread(ctx context.Context, key string, v any, ttl time.Duration) error {
	jitter := time.Duration(rand.Int64N(int64(ttl) / 5))
	ttl = ttl + jitter
	return c.rdb.Set(ctx, key, v, ttl).Err()
}

// SetPlain forwards the TTL as it is: its callers decide.
func (c *Cache) SetPlain(ctx context.Context, key string, v any, ttl time.Duration) error {
	return c.rdb.Set(ctx, key, v, ttl).Err()
}

// SetDoubled changes the TTL without jitter: not followed, silent.
func (c *Cache) SetDoubled(ctx context.Context, key string, v any, ttl time.Duration) error {
	ttl *= 2
	return c.rdb.Set(ctx, key, v, ttl).Err()
}

// SetDefault falls back to a default when given no TTL: the default is
// the wrapper's, the TTL its callers pass is theirs.
func (c *Cache) SetDefault(ctx context.Context, key string, v any, ttl time.Duration) error {
	if ttl <= 0 {
		ttl = 10 * time.Minute
	}
	return c.rdb.Set(ctx, key, v, ttl).Err()
}

func (c *Cache) loadDefault(ctx context.Context, id string) string {
	key := "doc:" + id
	if v, err := c.rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "v" + id
	c.SetDefault(ctx, key, v, time.Hour+rand.N(time.Minute)) // ok: the caller's TTL is jittered
	c.SetDefault(ctx, key, v, time.Hour)                     // want `^Cache.SetDefault → Set writes with a fixed TTL of 1h \(time.Hour, Set at jitterwrap.go:\d+\) and no jitter`
	return v
}

func (c *Cache) load(ctx context.Context, id string) string {
	key := "item:" + id
	if v, err := c.rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "v" + id
	c.Set(ctx, key, v, time.Hour)        // ok: the wrapper adds jitter
	c.SetSpread(ctx, key, v, time.Hour)  // ok: the wrapper adds jitter
	c.SetPlain(ctx, key, v, time.Hour)   // want `Cache.SetPlain → Set writes with a fixed TTL of 1h`
	c.SetDoubled(ctx, key, v, time.Hour) // ok: not followed
	return v
}
