// Package genstore is a generic read-through cache behind a generic
// interface, as real services write one for every entity type.
package genstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

type CacheClient[E any] interface {
	Query(ctx context.Context, prefix string, id uint64, fallback func(uint64) (*E, error), ttl time.Duration) (*E, error)
}

type cacheClient[E any] struct{ rdb *redis.Client }

func New[E any](rdb *redis.Client) CacheClient[E] { return &cacheClient[E]{rdb: rdb} }

func (c *cacheClient[E]) Query(ctx context.Context, prefix string, id uint64, fallback func(uint64) (*E, error), ttl time.Duration) (*E, error) {
	key := fmt.Sprintf("%s%d", prefix, id)
	s, err := c.rdb.Get(ctx, key).Result()
	if err == nil {
		var e E
		return &e, json.Unmarshal([]byte(s), &e)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	e, err := fallback(id)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(e)
	return e, c.rdb.Set(ctx, key, b, ttl).Err()
}
