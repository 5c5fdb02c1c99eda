// Package swallow shows read wrappers that turn a Redis failure into a
// miss, so that no caller can tell them apart, and wrappers that do not.
package swallow

import (
	"context"
	"errors"

	"github.com/redis/go-redis/v9"
)

type Cacher struct{ rdb *redis.Client }

// Get returns nil for a miss and for a failure alike (gitea's RedisCacher).
func (c *Cacher) Get(ctx context.Context, key string) any {
	v, err := c.rdb.Get(ctx, key).Result()
	if err != nil { // want `Cacher.Get returns here without the error of Get, so a Redis failure looks like a miss`
		return nil
	}
	return v
}

// Lookup returns found=false for a failure too.
func (c *Cacher) Lookup(ctx context.Context, key string) (string, bool) {
	v := c.rdb.Get(ctx, key).Val() // want `Cacher.Lookup discards the error of Get`
	return v, v != ""
}

// Fetch returns a nil error for any failure.
func (c *Cacher) Fetch(ctx context.Context, key string) (string, error) {
	v, err := c.rdb.Get(ctx, key).Result()
	if err != nil { // want `Cacher.Fetch returns here without the error of Get`
		return "", nil
	}
	return v, nil
}

// Read reports a miss only for redis.Nil and returns other errors.
func (c *Cacher) Read(ctx context.Context, key string) (string, bool, error) {
	v, err := c.rdb.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil // ok: a miss
	}
	if err != nil {
		return "", false, err // ok: the failure goes back to the caller
	}
	return v, true, nil
}

// Has answers a yes/no question (a blacklist): not a cached value.
func (c *Cacher) Has(ctx context.Context, key string) bool {
	n, _ := c.rdb.Exists(ctx, key).Result() // ok: not a value read
	return n > 0
}

// fixed reads a key of its own: not a wrapper of the caller's key.
func (c *Cacher) fixed(ctx context.Context) string {
	v, _ := c.rdb.Get(ctx, "config:banner").Result() // ok: no key parameter
	return v
}

// GetDo goes through go-redis's generic Do (wechat's cache).
func (c *Cacher) GetDo(ctx context.Context, key string) any {
	result, err := c.rdb.Do(ctx, "GET", key).Result()
	if err != nil { // want `Cacher.GetDo returns here without the error of GET`
		return nil
	}
	return result
}
