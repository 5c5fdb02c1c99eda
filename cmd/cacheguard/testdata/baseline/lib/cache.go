// Package lib is the shared cache layer: its Set adds the jitter, so its
// callers may pass a fixed TTL. The baseline test removes the jitter.
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
func (c *Cache) Get(ctx context.Context, key string, dst any) error {
	b, err := c.rdb.Get(ctx, key).Bytes()
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// Set writes v under key for about ttl: it adds up to 10% of jitter.
func (c *Cache) Set(ctx context.Context, key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, key, b, Jitter(ttl)).Err()
}

// Jitter returns base plus up to 10% random jitter.
func Jitter(base time.Duration) time.Duration {
	return base + rand.N(base/10+1)
}
