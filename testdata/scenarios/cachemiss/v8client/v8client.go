// Package v8client shows nullcache and cachemiss on go-redis v8.
package v8client

import (
	"context"
	"errors"
	"math/rand"
	"time"

	"github.com/go-redis/redis/v8"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Name(ctx context.Context, id string) (string, error)
}

func ttl() time.Duration { return time.Hour + time.Duration(rand.Int63n(int64(time.Minute))) }

func anyError(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err != nil { // want `err != nil sends every error of Get to repo.Name`
		v, err = repo.Name(ctx, id)
		if err != nil {
			return "", err
		}
		rdb.Set(ctx, key, v, ttl())
	}
	return v, nil
}

func onlyNil(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err != redis.Nil { // ok: v8's redis.Nil is the miss
		return v, err
	}
	v, err = repo.Name(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, "", time.Minute)
		return "", err
	}
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, ttl())
	return v, nil
}
