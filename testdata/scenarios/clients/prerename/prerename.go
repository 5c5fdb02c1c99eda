// Package prerename uses go-redis v9 under its pre-rename import path
// (github.com/go-redis/redis/v9, the v9 betas).
package prerename

import (
	"context"
	"errors"
	"time"

	"github.com/go-redis/redis/v9"
)

type Repo interface {
	Name(ctx context.Context, id string) (string, error)
}

func load(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `ttljitter: Set writes with a fixed TTL of 1h`
	return v, nil
}
