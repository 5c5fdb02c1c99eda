// Package rueidiscompat shows the analyzers on rueidis's go-redis
// compatible API.
package rueidiscompat

import (
	"context"
	"errors"
	"time"

	"github.com/redis/rueidis/rueidiscompat"
)

type Repo interface {
	Name(ctx context.Context, id string) (string, error)
}

func load(ctx context.Context, rdb rueidiscompat.Cmdable, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, rueidiscompat.Nil) {
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `ttljitter: Set writes with a fixed TTL of 1h`
	return v, nil
}

func anyError(ctx context.Context, rdb rueidiscompat.Cmdable, repo Repo, id string) (string, error) {
	key := "name:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil { // want `cachemiss: falling past err == nil sends every error of Get to repo.Name`
		return v, nil
	}
	v, err := repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, 0)
	return v, nil
}
