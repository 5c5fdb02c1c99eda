// Package lib is a cache layer in another package: read, write and
// sentinel-writer wrappers.
package lib

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

const missing = "null"

var ErrMissing = errors.New("cached as missing")

type Cache struct{ rdb redis.UniversalClient }

func (c *Cache) Get(ctx context.Context, key string, dst any) error {
	b, err := c.rdb.Get(ctx, key).Bytes()
	if err != nil {
		return err
	}
	if string(b) == missing {
		return ErrMissing
	}
	return json.Unmarshal(b, dst)
}

func (c *Cache) Set(ctx context.Context, key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, key, b, ttl).Err()
}

func (c *Cache) SetMissing(ctx context.Context, key string) error {
	return c.rdb.Set(ctx, key, missing, time.Minute+rand.N(10*time.Second)).Err()
}
