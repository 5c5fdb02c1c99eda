// Package all is checked with -stampede.all: no marker needed.
package all

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
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
	v, err = repo.Name(ctx, id) // want `runs repo.Name at once`
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour+rand.N(time.Minute))
	return v, nil
}
