// Package emptyvalue tests the value read for empty instead of the error:
// go-redis hands back an empty value with any error, so such a test sends
// a failure where it sends a miss.
package emptyvalue

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

var ErrNotWarm = errors.New("not warmed up")

type Repo interface {
	Banner(ctx context.Context, slot string) (string, error)
}

type Banners struct {
	rdb  *redis.Client
	repo Repo
}

func ttl() time.Duration { return time.Hour + rand.N(5*time.Minute) }

// Warm serves only what was warmed up: an empty value (a miss, or a
// failed read) returns, and only a stale entry is reloaded.
func (b *Banners) Warm(ctx context.Context, slot string, stale bool) (string, error) {
	key := "banner:" + slot
	v, err := b.rdb.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) || v == "" {
		return "", ErrNotWarm // ok: a failure returns here too
	}
	if !stale {
		return v, nil
	}
	fresh, err := b.repo.Banner(ctx, slot)
	if err != nil {
		return v, nil
	}
	b.rdb.Set(ctx, key, fresh, ttl())
	return fresh, nil
}

// Both needs the value empty and the error a miss to return: a failure
// (empty value, another error) goes on to the database.
func (b *Banners) Both(ctx context.Context, slot string) (string, error) {
	key := "banner:" + slot
	v, err := b.rdb.Get(ctx, key).Result()
	if v != "" && err == nil {
		return v, nil
	}
	if len(v) == 0 && errors.Is(err, redis.Nil) { // want `falling past len\(v\) == 0 && errors.Is\(err, redis.Nil\) sends every error of Get to b.repo.Banner`
		return "", ErrNotWarm
	}
	fresh, err := b.repo.Banner(ctx, slot)
	if err != nil {
		return "", err
	}
	b.rdb.Set(ctx, key, fresh, ttl())
	return fresh, nil
}
