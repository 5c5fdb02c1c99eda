// Package gocache shows github.com/go-redis/cache/v9: Item.TTL is the
// expiry (unset: one hour for every key), Once deduplicates loads, and
// Once caches nothing when Do returns an error.
package gocache

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/go-redis/cache/v9"
)

var ErrNotFound = errors.New("not found")

type User struct{ Name string }

type Repo interface {
	User(ctx context.Context, id string) (*User, error)
}

func fixed(ctx context.Context, c *cache.Cache, repo Repo, id string) (*User, error) {
	var u User
	err := c.Once(&cache.Item{
		Ctx: ctx, Key: "user:" + id, Value: &u, TTL: time.Hour, // want `ttljitter: Once writes with a fixed TTL of 1h \(time.Hour\)`
		Do: func(*cache.Item) (any, error) {
			return repo.User(ctx, id)
		},
	})
	return &u, err
}

func unsetTTL(ctx context.Context, c *cache.Cache, repo Repo, id string) (*User, error) {
	var u User
	err := c.Once(&cache.Item{ // want `ttljitter: Once writes with a fixed TTL of 1h \(Item.TTL unset: the library's default`
		Ctx: ctx, Key: "user:" + id, Value: &u,
		Do: func(*cache.Item) (any, error) {
			return repo.User(ctx, id)
		},
	})
	return &u, err
}

func jittered(ctx context.Context, c *cache.Cache, repo Repo, id string) (*User, error) {
	var u User
	err := c.Once(&cache.Item{ // ok: jittered
		Ctx: ctx, Key: "user:" + id, Value: &u, TTL: time.Hour + rand.N(5*time.Minute),
		Do: func(*cache.Item) (any, error) {
			return repo.User(ctx, id)
		},
	})
	return &u, err
}

func notFoundError(ctx context.Context, c *cache.Cache, repo Repo, id string) (*User, error) {
	var u User
	err := c.Once(&cache.Item{
		Ctx: ctx, Key: "user:" + id, Value: &u, TTL: time.Hour + rand.N(5*time.Minute),
		Do: func(*cache.Item) (any, error) {
			u, err := repo.User(ctx, id)
			if errors.Is(err, ErrNotFound) {
				return nil, err // want `nullcache: Once caches nothing when Item.Do returns an error: a not-found from repo.User`
			}
			return u, err
		},
	})
	return &u, err
}

func notFoundValue(ctx context.Context, c *cache.Cache, repo Repo, id string) (*User, error) {
	var u User
	err := c.Once(&cache.Item{
		Ctx: ctx, Key: "user:" + id, Value: &u, TTL: time.Hour + rand.N(5*time.Minute),
		Do: func(*cache.Item) (any, error) {
			u, err := repo.User(ctx, id)
			if errors.Is(err, ErrNotFound) {
				return &User{}, nil // ok: an empty user is cached
			}
			return u, err
		},
	})
	return &u, err
}

func warm(ctx context.Context, c *cache.Cache, users map[string]*User) {
	for id, u := range users {
		c.Set(&cache.Item{Ctx: ctx, Key: "user:" + id, Value: u, TTL: 10 * time.Minute}) // want `ttljitter: Set writes with a fixed TTL of 10m`
	}
}

func aside(ctx context.Context, c *cache.Cache, repo Repo, id string) (*User, error) {
	key := "user:" + id
	var u User
	if err := c.Get(ctx, key, &u); err == nil {
		return &u, nil
	} else if !errors.Is(err, cache.ErrCacheMiss) {
		return nil, err
	}
	p, err := repo.User(ctx, id)
	if err != nil {
		return nil, err
	}
	c.Set(&cache.Item{Ctx: ctx, Key: key, Value: p, TTL: 30 * time.Minute}) // want `ttljitter: Set writes with a fixed TTL of 30m`
	return p, nil
}
