// Package lib is a cache package that other packages call. // want package:"reachesRedis"
//
// Its wrappers
// forward the TTL, choose one inside, or read a key.
package lib

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

type Cache struct{ rdb redis.UniversalClient }

func New(rdb redis.UniversalClient) *Cache { return &Cache{rdb: rdb} }

// Get reads key into dst.
func (c *Cache) Get(ctx context.Context, key string, dst any) error { // want Get:"reads\\(key=param1\\)"
	b, err := c.rdb.Get(ctx, key).Bytes()
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// Set writes v under key with the caller's TTL: a TTL wrapper.
func (c *Cache) Set(ctx context.Context, key string, v any, ttl time.Duration) error { // want Set:"writes\\(ttl=param3 key=param1 via Set; keys=param1\\)"
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, key, b, ttl).Err()
}

// SetSeconds forwards a TTL in seconds, as go-zero's Setex does.
func (c *Cache) SetSeconds(ctx context.Context, key, v string, seconds int) error { // want SetSeconds:"writes\\(ttl=param3\\*1000000000 key=param1 via Set; keys=param1\\)"
	return c.rdb.Set(ctx, key, v, time.Duration(seconds)*time.Second).Err()
}

// Put chooses the TTL itself; the caller decides whether it is a cache entry.
func (c *Cache) Put(ctx context.Context, key string, v any) error { // want Put:"writes\\(ttl=time.Hour key=param1 via Set; keys=param1\\)"
	return c.rdb.Set(ctx, key, v, time.Hour).Err()
}

// SetMany writes a batch with the caller's TTL: the loop is inside.
func (c *Cache) SetMany(ctx context.Context, kv map[string]string, ttl time.Duration) { // want SetMany:"writes\\(ttl=param2 bulk via Set\\)"
	for k, v := range kv {
		c.rdb.Set(ctx, k, v, ttl)
	}
}

// Jitter returns base plus up to 10% random jitter.
func Jitter(base time.Duration) time.Duration { // want Jitter:"jitters"
	return base + rand.N(base/10)
}

// Unrelated is a helper that is not a wrapper.
func Unrelated(d time.Duration) time.Duration { return d * 2 }
