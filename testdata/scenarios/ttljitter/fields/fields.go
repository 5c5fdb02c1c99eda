// Package fields shows TTLs kept in struct fields: set only from constants
// (a fixed TTL), from a constructor's parameter (the caller decides), from
// configuration (unknown), or exported for other packages to set.
package fields

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

type productCache struct {
	rdb *redis.Client
	ttl time.Duration
}

func newProductCache(rdb *redis.Client) *productCache {
	return &productCache{rdb: rdb, ttl: 15 * time.Minute}
}

func (c *productCache) Load(ctx context.Context, id string) string {
	key := "product:" + id
	if v, err := c.rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "row"
	c.rdb.Set(ctx, key, v, c.ttl) // want `fixed TTL of 15m \(15 \* time.Minute, via field productCache.ttl, set at fields.go:21\)`
	return v
}

// priceCache takes its TTL from the constructor's caller.
type priceCache struct {
	rdb *redis.Client
	ttl time.Duration
}

func newPriceCache(rdb *redis.Client, ttl time.Duration) *priceCache {
	return &priceCache{rdb: rdb, ttl: ttl}
}

func (c *priceCache) Load(ctx context.Context, id string) string {
	key := "price:" + id
	if v, err := c.rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	c.rdb.Set(ctx, key, "1.00", c.ttl) // ok: the constructor's caller chooses the TTL
	return "1.00"
}

func wire(rdb *redis.Client) (*priceCache, *priceCache) {
	return newPriceCache(rdb, time.Hour), // want `newPriceCache → Set writes with a fixed TTL of 1h \(time.Hour, Set at fields.go:\d+\)`
		newPriceCache(rdb, time.Hour+rand.N(time.Minute)) // ok: jittered
}

// Config is decoded from a file: its TTL is configuration.
type Config struct {
	TTL time.Duration `json:"ttl"`
}

type configured struct {
	rdb *redis.Client
	cfg Config
	ttl time.Duration
}

func newConfigured(rdb *redis.Client, raw []byte) (*configured, error) {
	c := &configured{rdb: rdb}
	if err := json.Unmarshal(raw, &c.cfg); err != nil {
		return nil, err
	}
	c.ttl = c.cfg.TTL
	return c, nil
}

func (c *configured) Load(ctx context.Context, id string) string {
	key := "product:" + id
	if v, err := c.rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	c.rdb.Set(ctx, key, "row", c.cfg.TTL) // ok: a tagged field, set by a decoder
	c.rdb.Set(ctx, key, "row", c.ttl)     // ok: set from configuration
	return "row"
}

// Options is an exported options struct: other packages set its fields.
type Options struct {
	TTL time.Duration
}

type Store struct {
	rdb  *redis.Client
	opts Options
}

func NewStore(rdb *redis.Client) *Store {
	return &Store{rdb: rdb, opts: Options{TTL: time.Hour}}
}

func (s *Store) Load(ctx context.Context, id string) string {
	key := "product:" + id
	if v, err := s.rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	s.rdb.Set(ctx, key, "row", s.opts.TTL) // ok: an exported field of an exported type may be set elsewhere
	return "row"
}
