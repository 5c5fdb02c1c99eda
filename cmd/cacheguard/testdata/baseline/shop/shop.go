// Package shop calls the cache layer of package lib with fixed TTLs,
// which is right while lib adds the jitter, and writes to Redis directly
// with findings of its own, which the baseline records.
package shop

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"

	"baseline/lib"
)

type Product struct{ ID, Name string }

type Order struct{ ID, State string }

// ok while lib.Cache.Set jitters; reported once it stops.
func LoadProduct(ctx context.Context, c *lib.Cache, id string) (Product, error) {
	key := "product:" + id
	var p Product
	if err := c.Get(ctx, key, &p); err == nil {
		return p, nil
	}
	p = Product{ID: id, Name: "db"}
	c.Set(ctx, key, p, 10*time.Minute)
	return p, nil
}

// ok while lib.Cache.Set jitters; reported once it stops.
func LoadOrder(ctx context.Context, c *lib.Cache, id string) (Order, error) {
	key := "order:" + id
	var o Order
	if err := c.Get(ctx, key, &o); err == nil {
		return o, nil
	}
	o = Order{ID: id, State: "new"}
	c.Set(ctx, key, o, 10*time.Minute)
	return o, nil
}

// Store writes to Redis directly with a TTL kept in a field.
type Store struct {
	rdb redis.UniversalClient
	ttl time.Duration
}

func NewStore(rdb redis.UniversalClient) *Store {
	return &Store{rdb: rdb, ttl: 20 * time.Minute}
}

// Name is a finding the baseline records: a fixed TTL from a field, whose
// message names the line that sets it.
func (s *Store) Name(ctx context.Context, id string) (string, error) {
	key := "name:" + id
	if v, err := s.rdb.Get(ctx, key).Result(); err == nil {
		return v, nil
	}
	s.rdb.Set(ctx, key, "db", s.ttl)
	return "db", nil
}

// Pair writes two entries with the same fixed TTL: two findings with one
// fingerprint.
func (s *Store) Pair(ctx context.Context, id string) (string, error) {
	key := "pair:" + id
	if v, err := s.rdb.Get(ctx, key).Result(); err == nil {
		return v, nil
	}
	if id == "" {
		s.rdb.Set(ctx, key, "empty", time.Hour)
		return "empty", nil
	}
	s.rdb.Set(ctx, key, "db", time.Hour)
	return "db", nil
}
