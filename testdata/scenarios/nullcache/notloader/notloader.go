// Package notloader shows functions that look like loaders but are not:
// nullcache and cachemiss stay silent on all of them.
package notloader

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Update(ctx context.Context, id, name string) error
	Count(ctx context.Context) (int64, error)
}

// writeThrough updates the database, then the cache: no read, no miss.
func writeThrough(ctx context.Context, rdb *redis.Client, repo Repo, id, name string) error {
	if err := repo.Update(ctx, id, name); err != nil {
		return err
	}
	return rdb.Set(ctx, "name:"+id, name, time.Hour).Err()
}

// refill tops up a counter from the database when it is missing.
func refill(ctx context.Context, rdb *redis.Client, repo Repo) (int64, error) {
	n, err := rdb.Incr(ctx, "visits").Result()
	if err == nil && n > 1 {
		return n, nil
	}
	total, err := repo.Count(ctx)
	if err != nil {
		return 0, err
	}
	return total, rdb.IncrBy(ctx, "visits", total).Err()
}

// revoke and revoked are a token blacklist: written with "" and read with
// Exists, in different functions.
func revoke(ctx context.Context, rdb *redis.Client, token string) error {
	return rdb.Set(ctx, "revoked:"+token, "", 24*time.Hour).Err()
}

func revoked(ctx context.Context, rdb *redis.Client, token string) bool {
	n, _ := rdb.Exists(ctx, "revoked:"+token).Result()
	return n > 0
}

// touch reads and rewrites a key with no source in between.
func touch(ctx context.Context, rdb *redis.Client, key string) error {
	v, err := rdb.Get(ctx, key).Result()
	if err != nil {
		return err
	}
	return rdb.Set(ctx, key, v, time.Hour).Err()
}
