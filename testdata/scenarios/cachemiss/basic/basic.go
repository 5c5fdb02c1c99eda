// Package basic shows loaders that send every Redis error to the
// database, and loaders that tell a miss (redis.Nil) from a failure.
package basic

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

type Repo interface {
	Name(ctx context.Context, id string) (string, error)
}

func ttl() time.Duration { return time.Hour + rand.N(time.Minute) }

func notNil(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err != nil { // want `err != nil sends every error of Get to repo.Name, not only redis.Nil; during a Redis outage`
		v, err = repo.Name(ctx, id)
		if err != nil {
			return "", err
		}
		rdb.Set(ctx, key, v, ttl())
	}
	return v, nil
}

func fallThrough(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil { // want `falling past err == nil sends every error of Get to repo.Name`
		return v, nil
	}
	v, err := repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, ttl())
	return v, nil
}

func discarded(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	if v := rdb.Get(ctx, key).Val(); v != "" { // want `the error of Get is discarded`
		return v, nil
	}
	v, err := repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, ttl())
	return v, nil
}

func blank(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, _ := rdb.Get(ctx, key).Result() // want `the error of Get is discarded`
	if v != "" {
		return v, nil
	}
	v, err := repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, ttl())
	return v, nil
}

func switchGuard(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		return v, nil
	case !errors.Is(err, redis.Nil): // ok: only a miss goes on
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, ttl())
	return v, nil
}

func tagSwitch(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	switch err {
	case nil:
		return v, nil
	case redis.Nil: // ok
	default:
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, ttl())
	return v, nil
}

func onlyNil(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err == redis.Nil { // ok: the miss is named
		v, err = repo.Name(ctx, id)
		if err != nil {
			return "", err
		}
		rdb.Set(ctx, key, v, ttl())
		return v, nil
	}
	return v, err
}

func combined(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err != nil && !errors.Is(err, redis.Nil) { // ok: failures return
		return "", err
	}
	if err == nil {
		return v, nil
	}
	v, err = repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, ttl())
	return v, nil
}

type breaker interface {
	Allow() bool
}

func circuitBreaker(ctx context.Context, rdb *redis.Client, cb breaker, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err != nil { // ok: the fallback goes through a circuit breaker
		if !cb.Allow() {
			return "", err
		}
		v, err = repo.Name(ctx, id)
		if err != nil {
			return "", err
		}
		rdb.Set(ctx, key, v, ttl())
	}
	return v, nil
}

func directive(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	//cacheguard:ignore cachemiss this admin endpoint must answer even when Redis is down
	if err != nil {
		v, err = repo.Name(ctx, id)
		if err != nil {
			return "", err
		}
		rdb.Set(ctx, key, v, ttl())
	}
	return v, nil
}

var group singleflight.Group

func shared(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err != nil { // want `err != nil sends every error of Get to repo.Name`
		r, err, _ := group.Do(key, func() (any, error) {
			v, err := repo.Name(ctx, id)
			if err != nil {
				return nil, err
			}
			rdb.Set(ctx, key, v, ttl())
			return v, nil
		})
		if err != nil {
			return "", err
		}
		return r.(string), nil
	}
	return v, nil
}

func productKey(id string) string { return "name:" + id }

type helpers struct{ rdb *redis.Client }

func (h *helpers) ttl() time.Duration { return time.Hour + rand.N(time.Minute) }

// refresh rewrites the key with helpers in the write's arguments: the key
// and TTL helpers are not a source.
func (h *helpers) refresh(ctx context.Context, id string) {
	v, err := h.rdb.Get(ctx, productKey(id)).Result()
	if err != nil { // ok: no source is queried
		h.rdb.Set(ctx, productKey(id), v, h.ttl())
	}
}
