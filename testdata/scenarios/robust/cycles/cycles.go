// Package cycles holds write wrappers that sit on more than one call
// cycle, and a write reached through two interface decorators. The model's
// wrapper fixpoint must stay finite on them, and each write must be
// reported once, with the shortest chain of wrappers.
package cycles

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"
)

type Store struct{ rdb *redis.Client }

// Set flattens nested slices into one write per element and hands maps to
// SetMulti, which calls Set for each entry: Set is on two cycles
// (Set → Set and Set → SetMulti → Set).
func (s *Store) Set(ctx context.Context, key string, v any, ttl time.Duration) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			s.Set(ctx, key, e, ttl)
		}
	case map[string]any:
		s.SetMulti(ctx, v, ttl)
	default:
		b, _ := json.Marshal(v)
		s.rdb.Set(ctx, key, b, ttl)
	}
}

func (s *Store) SetMulti(ctx context.Context, m map[string]any, ttl time.Duration) {
	for k, v := range m {
		s.Set(ctx, k, v, ttl)
	}
}

// A, B and C form A → B → A and A → C → A.
func (s *Store) A(ctx context.Context, key string, v string, ttl time.Duration, n int) {
	if n <= 0 {
		s.rdb.Set(ctx, key, v, ttl)
		return
	}
	if n%2 == 0 {
		s.B(ctx, key, v, ttl, n-1)
	} else {
		s.C(ctx, key, v, ttl, n-1)
	}
}

func (s *Store) B(ctx context.Context, key string, v string, ttl time.Duration, n int) {
	s.A(ctx, key, v, ttl, n)
}

func (s *Store) C(ctx context.Context, key string, v string, ttl time.Duration, n int) {
	s.A(ctx, key, v, ttl, n)
}

func (s *Store) loadCycle(ctx context.Context, id string) string {
	key := "item:" + id
	if v, err := s.rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	s.Set(ctx, key, id, time.Hour)  // want `Store.Set → Set writes with a fixed TTL of 1h`
	s.A(ctx, key, id, time.Hour, 3) // want `Store.A → Set writes with a fixed TTL of 1h`
	return id
}

// Cache is implemented by the Redis cache and by two decorators around any
// Cache: logging and metrics.
type Cache interface {
	Get(ctx context.Context, key string) (string, error)
	Set(ctx context.Context, key, v string, ttl time.Duration) error
}

type redisCache struct{ rdb *redis.Client }

func (c *redisCache) Get(ctx context.Context, key string) (string, error) {
	return c.rdb.Get(ctx, key).Result()
}

func (c *redisCache) Set(ctx context.Context, key, v string, ttl time.Duration) error {
	return c.rdb.Set(ctx, key, v, ttl).Err()
}

type logging struct{ next Cache }

func (c *logging) Get(ctx context.Context, key string) (string, error) { return c.next.Get(ctx, key) }

func (c *logging) Set(ctx context.Context, key, v string, ttl time.Duration) error {
	return c.next.Set(ctx, key, v, ttl)
}

type metrics struct{ next Cache }

func (c *metrics) Get(ctx context.Context, key string) (string, error) { return c.next.Get(ctx, key) }

func (c *metrics) Set(ctx context.Context, key, v string, ttl time.Duration) error {
	return c.next.Set(ctx, key, v, ttl)
}

type Service struct{ cache Cache }

func (s *Service) Name(ctx context.Context, id string) string {
	key := "name:" + id
	if v, err := s.cache.Get(ctx, key); err == nil {
		return v
	}
	v := "n" + id
	s.cache.Set(ctx, key, v, 10*time.Minute) // want `^Cache.Set → redisCache.Set → Set writes with a fixed TTL of 10m`
	return v
}
