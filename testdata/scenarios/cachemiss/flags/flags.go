// Package flags keeps the miss in a boolean before deciding on it.
package flags

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

type Repo interface {
	Load(ctx context.Context, id string) (string, error)
}

// missFlag returns on every error but the miss, through a flag: guarded.
func missFlag(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "p:" + id
	v, err := rdb.Get(ctx, key).Result()
	miss := errors.Is(err, redis.Nil)
	if err != nil && !miss {
		return "", err
	}
	if err == nil {
		return v, nil
	}
	v, err = repo.Load(ctx, id) // ok: only a miss gets here
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// anyErrorFlag names every error a miss: the outage reaches the source.
func anyErrorFlag(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "q:" + id
	v, err := rdb.Get(ctx, key).Result()
	failed := err != nil
	if !failed { // want `^falling past !failed sends every error of Get to repo.Load`
		return v, nil
	}
	v, err = repo.Load(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// reassigned checks the read's error only for a hit, then reuses err for
// a validation: the second check is not a check of the Redis error, and
// every Redis failure still reaches the source.
func reassigned(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "r:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err == nil { // want `^falling past err == nil sends every error of Get to repo.Load`
		return v, nil
	}
	err = validate(id)
	if err != nil {
		return "", err
	}
	v, err = repo.Load(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

func validate(id string) error {
	if id == "" {
		return errors.New("empty id")
	}
	return nil
}

// capturedErr checks the read's error properly; a deferred closure
// captures err (a named result), so the variable lives in memory: the
// check still counts as a check of the Redis error.
func capturedErr(ctx context.Context, rdb *redis.Client, repo Repo, id string) (v string, err error) {
	key := "c:" + id
	v, err = rdb.Get(ctx, key).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return "", err
	}
	if err == nil {
		return v, nil
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, errors.New("load"))
		}
	}()
	v, err = repo.Load(ctx, id) // ok: only a miss gets here
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// branchFlag sets the miss flag in a branch, not in one assignment: the
// flag is false for any other error, which returns. Guarded.
func branchFlag(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "b:" + id
	v, err := rdb.Get(ctx, key).Result()
	miss := false
	if errors.Is(err, redis.Nil) {
		miss = true
	}
	if err != nil && !miss {
		return "", err
	}
	if err == nil {
		return v, nil
	}
	v, err = repo.Load(ctx, id) // ok: only a miss gets here
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// eitherFlag keeps `miss or any error` in one flag: every failure is
// taken for a miss.
func eitherFlag(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "e:" + id
	v, err := rdb.Get(ctx, key).Result()
	reload := errors.Is(err, redis.Nil) || err != nil
	if !reload { // want `^falling past !reload sends every error of Get to repo.Load`
		return v, nil
	}
	v, err = repo.Load(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}
