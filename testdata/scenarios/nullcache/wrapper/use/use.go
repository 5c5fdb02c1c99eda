// Package use is a repository that loads through package lib's wrappers.
package use

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"

	"scenarios/nullcache/wrapper/lib"
)

var ErrNotFound = errors.New("not found")

type Order struct{ ID string }

type DB interface {
	Order(ctx context.Context, id string) (*Order, error)
}

type Orders struct {
	cache *lib.Cache
	db    DB
}

func (o *Orders) Unguarded(ctx context.Context, id string) (*Order, error) {
	key := "order:" + id
	var ord Order
	err := o.cache.Get(ctx, key, &ord)
	if err == nil {
		return &ord, nil
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	p, err := o.db.Order(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, err // want `o.db.Order reaches this return when it reports not-found without caching a sentinel under key; .* check for it after Cache.Get`
	}
	if err != nil {
		return nil, err
	}
	o.cache.Set(ctx, key, p, time.Hour+rand.N(time.Minute))
	return p, nil
}

func (o *Orders) Guarded(ctx context.Context, id string) (*Order, error) {
	key := "order:" + id
	var ord Order
	err := o.cache.Get(ctx, key, &ord)
	switch {
	case err == nil:
		return &ord, nil
	case errors.Is(err, lib.ErrMissing):
		return nil, ErrNotFound
	case !errors.Is(err, redis.Nil):
		return nil, err
	}
	p, err := o.db.Order(ctx, id)
	if errors.Is(err, ErrNotFound) {
		o.cache.SetMissing(ctx, key)
		return nil, err // ok: the wrapper writes the sentinel
	}
	if err != nil {
		return nil, err
	}
	o.cache.Set(ctx, key, p, time.Hour+rand.N(time.Minute))
	return p, nil
}
