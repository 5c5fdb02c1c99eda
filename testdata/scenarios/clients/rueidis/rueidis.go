// Package rueidis shows the analyzers on rueidis's command builders.
package rueidis

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/redis/rueidis"
)

type Repo interface {
	Name(ctx context.Context, id string) (string, error)
}

func load(ctx context.Context, c rueidis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := c.Do(ctx, c.B().Get().Key(key).Build()).ToString()
	if err == nil {
		return v, nil
	}
	if !rueidis.IsRedisNil(err) {
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	c.Do(ctx, c.B().Set().Key(key).Value(v).Ex(time.Hour).Build()) // want `ttljitter: SET writes with a fixed TTL of 1h`
	return v, nil
}

func anyError(ctx context.Context, c rueidis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := c.Do(ctx, c.B().Get().Key(key).Build()).ToString()
	if err != nil { // want `cachemiss: err != nil sends every error of GET to repo.Name`
		v, err = repo.Name(ctx, id)
		if err != nil {
			return "", err
		}
		c.Do(ctx, c.B().Set().Key(key).Value(v).ExSeconds(3600+rand.Int64N(300)).Build()) // ok: jittered
	}
	return v, nil
}

func warm(ctx context.Context, c rueidis.Client, names map[string]string) {
	for id, n := range names {
		c.Do(ctx, c.B().Setex().Key("name:"+id).Seconds(600).Value(n).Build()) // want `ttljitter: SETEX writes with a fixed TTL of 10m`
	}
}

func lock(ctx context.Context, c rueidis.Client, name string) error {
	return c.Do(ctx, c.B().Set().Key("lock:"+name).Value("token").Nx().Ex(30*time.Second).Build()).Error() // ok: a lock (NX)
}
