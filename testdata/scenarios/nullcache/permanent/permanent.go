// Package permanent shows sentinels that never expire, or outlive the data.
package permanent

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Name(ctx context.Context, id string) (string, error)
}

func forever(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		if v == "" {
			return "", ErrNotFound
		}
		return v, nil
	case !errors.Is(err, redis.Nil):
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, "", 0) // want `the not-found sentinel under key is written with no expiry`
		return "", err
	}
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour+rand.N(time.Minute))
	return v, nil
}

func noTTLArgs(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		if v == "" {
			return "", ErrNotFound
		}
		return v, nil
	case !errors.Is(err, redis.Nil):
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.SetArgs(ctx, key, "", redis.SetArgs{}) // want `written with no expiry`
		return "", err
	}
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour+rand.N(time.Minute))
	return v, nil
}

func longer(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		if v == "" {
			return "", ErrNotFound
		}
		return v, nil
	case !errors.Is(err, redis.Nil):
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, "", 24*time.Hour) // want `the not-found sentinel under key lives 24h, longer than the data \(10m\)`
		return "", err
	}
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, 10*time.Minute)
	return v, nil
}

func short(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		if v == "" {
			return "", ErrNotFound
		}
		return v, nil
	case !errors.Is(err, redis.Nil):
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, "", time.Minute+rand.N(10*time.Second)) // ok: short and jittered
		return "", err
	}
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour+rand.N(time.Minute))
	return v, nil
}

// cachedForever writes whatever the source returned, not-found included,
// with no expiry: the write is the data's, not a sentinel, and the message
// says so.
func cachedForever(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "title:" + id
	v, err := rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		return v, nil
	case !errors.Is(err, redis.Nil):
		return "", err
	}
	v, err = repo.Name(ctx, id)
	rdb.Set(ctx, key, v, 0) // want `^the entry under key is written with no expiry, on the not-found path too`
	if errors.Is(err, ErrNotFound) {
		return "", err
	}
	return v, err
}
