// Package view shows what the cache model sees, shape by shape.
package view

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

type Repo interface {
	Load(ctx context.Context, id string) (string, error)
}

var ErrNotFound = errors.New("not found")

// A loader: read, miss, source, write of the same key.
func loader(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "item:" + id
	v, err := rdb.Get(ctx, key).Result() // want `read key=key`
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	v, err = repo.Load(ctx, id) // want `loader of key: source repo.Load err=err value=v srcErr=err srcValue=v writes=1 batch=false`
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, 10*time.Minute) // want `write Set ttl=10m \(10 \* time.Minute\) \[aside\]`
	return v, nil
}

// A TTL chosen among constants by a branch: one write, two candidates.
func branch(ctx context.Context, rdb *redis.Client, ids []string, vip bool) {
	ttl := time.Hour
	if vip {
		ttl = 2 * time.Hour
	}
	for _, id := range ids {
		rdb.Set(ctx, "p:"+id, id, ttl) // want `write Set ttl=1h\|2h \(time.Hour\) \[bulk\]`
	}
}

// A jittered TTL is no write with a constant TTL; reassigned, it is.
func reassigned(ctx context.Context, rdb *redis.Client, ids []string) {
	ttl := time.Hour + rand.N(time.Minute)
	for _, id := range ids {
		rdb.Set(ctx, "a:"+id, id, ttl)
	}
	ttl = 3 * time.Hour
	for _, id := range ids {
		rdb.Set(ctx, "b:"+id, id, ttl) // want `write Set ttl=3h \(3 \* time.Hour\) \[bulk\]`
	}
}

// A lock and a rate window: the context says what they are.
func lockAndWindow(ctx context.Context, rdb *redis.Client, user string) {
	rdb.SetNX(ctx, "lock:"+user, 1, 30*time.Second) // want `write SetNX ttl=30s \(30 \* time.Second\) \[conditional\]`
	key := "rate:" + user
	rdb.Incr(ctx, key)
	rdb.Expire(ctx, key, time.Minute) // want `write Expire ttl=1m \(time.Minute\) \[expire counter\]`
}
