// Package gozero shows go-zero's stores: its Redis wrapper's Setex takes
// int seconds with no jitter (followed through facts like any wrapper),
// while its cache package jitters and caches a not-found placeholder
// itself.
package gozero

import (
	"context"
	"errors"
	"math/rand/v2"

	"github.com/zeromicro/go-zero/core/stores/cache"
	"github.com/zeromicro/go-zero/core/stores/redis"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Name(ctx context.Context, id string) (string, error)
}

func load(ctx context.Context, r *redis.Redis, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := r.GetCtx(ctx, key)
	if err != nil {
		return "", err
	}
	if v != "" {
		return v, nil
	}
	v, err = repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	r.SetexCtx(ctx, key, v, 3600) // want `ttljitter: Redis.SetexCtx → .*Set writes with a fixed TTL of 1h`
	return v, nil
}

func jittered(ctx context.Context, r *redis.Redis, repo Repo, id string) (string, error) {
	key := "name:" + id
	if v, err := r.GetCtx(ctx, key); err != nil || v != "" {
		return v, err
	}
	v, err := repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	r.SetexCtx(ctx, key, v, 3600+rand.IntN(360)) // ok: jittered
	return v, nil
}

// take uses go-zero's cache, which jitters the expiry and caches "*" for
// not-found itself: silent.
func take(ctx context.Context, c cache.Cache, repo Repo, id string) (string, error) {
	var v string
	err := c.TakeCtx(ctx, &v, "name:"+id, func(val any) error {
		n, err := repo.Name(ctx, id)
		if err != nil {
			return err
		}
		*val.(*string) = n
		return nil
	})
	return v, err
}
