// Package store hides Redis behind an interface, as real applications do: // want package:"reachesRedis"
// callers see Cache; the Redis adapter implements it.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrMiss is the adapter's miss.
var ErrMiss = errors.New("cache miss")

// Cache is what the application codes against.
type Cache interface {
	Get(ctx context.Context, key string) (string, error)
	Put(ctx context.Context, key, val string, timeout int64) error
	SetItem(ctx context.Context, item *Item) error
}

// Item carries its key in a field, as argo-cd's cache items do.
type Item struct {
	Key, Value string
	TTL        time.Duration
}

type redisCache struct {
	rdb    redis.UniversalClient
	prefix string
}

// New returns the Redis adapter.
func New(rdb redis.UniversalClient) Cache { return &redisCache{rdb: rdb, prefix: "app:"} }

func (c *redisCache) Get(ctx context.Context, key string) (string, error) { // want Get:"reads\\(key=param1\\)"
	v, err := c.rdb.Get(ctx, c.fullKey(key)).Result()
	if errors.Is(err, redis.Nil) {
		return "", ErrMiss
	}
	return v, err
}

func (c *redisCache) Put(ctx context.Context, key, val string, timeout int64) error { // want Put:"writes\\(ttl=param3\\*1000000000 key=param1 via Set; keys=param1\\)"
	return c.rdb.Set(ctx, c.prefix+key, val, time.Duration(timeout)*time.Second).Err()
}

func (c *redisCache) SetItem(ctx context.Context, item *Item) error { // want SetItem:"writes\\(keys=param1\\)"
	return c.rdb.Set(ctx, c.fullKey(item.Key), item.Value, item.TTL).Err()
}

// fullKey builds the Redis key: a key builder the model sees through.
func (c *redisCache) fullKey(key string) string { return c.prefix + key }

// memoryCache is a test double: it implements Cache too.
type memoryCache struct{ m map[string]string }

func (c *memoryCache) Get(_ context.Context, key string) (string, error) {
	if v, ok := c.m[key]; ok {
		return v, nil
	}
	return "", ErrMiss
}

func (c *memoryCache) Put(_ context.Context, key, val string, _ int64) error {
	c.m[key] = val
	return nil
}

func (c *memoryCache) SetItem(_ context.Context, item *Item) error {
	c.m[item.Key] = item.Value
	return nil
}
