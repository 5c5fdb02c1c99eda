// Package use loads through the store.Cache interface: the analyzers
// follow the call to the Redis adapter that implements it.
package use

import (
	"context"
	"errors"

	"scenarios/iface/store"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Name(ctx context.Context, id string) (string, error)
}

func load(ctx context.Context, c store.Cache, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := c.Get(ctx, key)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, store.ErrMiss) {
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return "", err // want `nullcache: repo.Name reaches this return when it reports not-found`
	}
	if err != nil {
		return "", err
	}
	c.Put(ctx, key, v, 600) // want `ttljitter: Cache.Put → redisCache.Put → Set writes with a fixed TTL of 10m`
	return v, nil
}

func anyError(ctx context.Context, c store.Cache, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := c.Get(ctx, key)
	if err != nil { // want `cachemiss: err != nil sends every error of Get to repo.Name`
		v, err = repo.Name(ctx, id)
		if err != nil {
			return "", err
		}
		c.Put(ctx, key, v, 0)
	}
	return v, nil
}

// item writes through a struct that carries the key (argo-cd's shape).
func item(ctx context.Context, c store.Cache, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := c.Get(ctx, key)
	if err != nil { // want `cachemiss: err != nil sends every error of Get to repo.Name`
		v, err = repo.Name(ctx, id)
		if err != nil {
			return "", err
		}
		c.SetItem(ctx, &store.Item{Key: key, Value: v})
	}
	return v, nil
}
