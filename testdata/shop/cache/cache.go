// Package cache is the shop's thin JSON layer over Redis, shared by the
// services that prefer not to talk to go-redis directly.
package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

// Missing is stored in place of a row the database does not have, so that
// lookups of ids that do not exist stop at Redis (cache penetration).
const Missing = "null"

// MissingTTL is short: a row created later must become visible soon.
const MissingTTL = time.Minute

// ErrMissing is returned by Get for a key cached as Missing.
var ErrMissing = errors.New("cache: cached as missing")

type Cache struct {
	rdb redis.UniversalClient
}

func New(rdb redis.UniversalClient) *Cache {
	return &Cache{rdb: rdb}
}

// Get decodes the value at key into dst. A miss is an error wrapping
// redis.Nil; any other error means Redis itself failed.
func (c *Cache) Get(ctx context.Context, key string, dst any) error {
	b, err := c.rdb.Get(ctx, key).Bytes()
	if err != nil {
		return fmt.Errorf("cache get %q: %w", key, err)
	}
	if string(b) == Missing {
		return ErrMissing
	}
	if err := json.Unmarshal(b, dst); err != nil {
		return fmt.Errorf("cache decode %q: %w", key, err)
	}
	return nil
}

// Set stores v as JSON. The caller chooses the TTL, and its jitter.
func (c *Cache) Set(ctx context.Context, key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("cache encode %q: %w", key, err)
	}
	if err := c.rdb.Set(ctx, key, b, ttl).Err(); err != nil {
		return fmt.Errorf("cache set %q: %w", key, err)
	}
	return nil
}

// SetMissing records that the database has no row for key.
func (c *Cache) SetMissing(ctx context.Context, key string) error {
	// guarded(penetration): short TTL with jitter, and Get checks for it.
	if err := c.rdb.Set(ctx, key, Missing, Jitter(MissingTTL)).Err(); err != nil {
		return fmt.Errorf("cache set missing %q: %w", key, err)
	}
	return nil
}

// Jitter adds up to 10% to base so that keys written together do not
// expire together.
func Jitter(base time.Duration) time.Duration {
	if base < 10 {
		return base
	}
	return base + rand.N(base/10)
}
