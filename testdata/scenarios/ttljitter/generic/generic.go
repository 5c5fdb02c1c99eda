// Package generic shows a generic cache with a TTL field and method values.
package generic

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"
)

type Cache[K comparable, V any] struct {
	rdb    redis.Cmdable
	prefix string
	ttl    time.Duration
}

func NewCache[K comparable, V any](rdb redis.Cmdable, prefix string) *Cache[K, V] {
	return &Cache[K, V]{rdb: rdb, prefix: prefix, ttl: 5 * time.Minute}
}

func (c *Cache[K, V]) GetOrLoad(ctx context.Context, key string, load func() (V, error)) (V, error) {
	var v V
	if b, err := c.rdb.Get(ctx, key).Bytes(); err == nil {
		return v, json.Unmarshal(b, &v)
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	b, _ := json.Marshal(v)
	c.rdb.Set(ctx, key, b, c.ttl) // want `fixed TTL of 5m \(5 \* time.Minute, via field Cache.ttl`
	return v, nil
}

func Set[V any](ctx context.Context, rdb redis.Cmdable, key string, v V, ttl time.Duration) {
	b, _ := json.Marshal(v)
	rdb.Set(ctx, key, b, ttl)
}

func warm(ctx context.Context, rdb redis.Cmdable, ids []int) {
	for _, id := range ids {
		Set(ctx, rdb, "n:"+string(rune(id)), id, time.Hour) // want `Set → Set writes with a fixed TTL of 1h`
	}
}

// methodValue writes through a method value held in a local: followed.
func methodValue(ctx context.Context, rdb *redis.Client, ids []string) {
	set := rdb.Set
	for _, id := range ids {
		set(ctx, "product:"+id, id, time.Hour) // want `^Set writes with a fixed TTL of 1h`
	}
}
