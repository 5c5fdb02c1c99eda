// Package basic shows hot-key loaders with and without deduplication.
package basic

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

type Repo interface {
	Featured(ctx context.Context) (string, error)
}

type Service struct {
	rdb   *redis.Client
	repo  Repo
	group singleflight.Group
	mu    sync.Mutex
}

func ttl() time.Duration { return time.Hour + rand.N(time.Minute) }

const key = "featured"

// Plain refills on every concurrent miss.
//
//cacheguard:hot
func (s *Service) Plain(ctx context.Context) (string, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	v, err = s.repo.Featured(ctx) // want `when key expires, every request in flight misses and runs s.repo.Featured at once`
	if err != nil {
		return "", err
	}
	s.rdb.Set(ctx, key, v, ttl())
	return v, nil
}

// NotHot is the same loader, not marked hot: not checked by default.
func (s *Service) NotHot(ctx context.Context) (string, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	v, err = s.repo.Featured(ctx) // ok: not marked //cacheguard:hot
	if err != nil {
		return "", err
	}
	s.rdb.Set(ctx, key, v, ttl())
	return v, nil
}

// Shared goes through singleflight.
//
//cacheguard:hot
func (s *Service) Shared(ctx context.Context) (string, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	r, err, _ := s.group.Do(key, func() (any, error) {
		v, err := s.repo.Featured(ctx) // ok: one refill per instance
		if err != nil {
			return nil, err
		}
		s.rdb.Set(ctx, key, v, ttl())
		return v, nil
	})
	if err != nil {
		return "", err
	}
	return r.(string), nil
}

// Locked takes a lock but does not read the cache again.
//
//cacheguard:hot
func (s *Service) Locked(ctx context.Context) (string, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err = s.repo.Featured(ctx) // want `s.repo.Featured runs after s.mu.Lock without reading the cache again`
	if err != nil {
		return "", err
	}
	s.rdb.Set(ctx, key, v, ttl())
	return v, nil
}

// DoubleChecked takes a Redis lock and reads the cache again.
//
//cacheguard:hot
func (s *Service) DoubleChecked(ctx context.Context) (string, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	if ok, _ := s.rdb.SetNX(ctx, "lock:"+key, 1, 10*time.Second).Result(); !ok {
		time.Sleep(50 * time.Millisecond)
		return s.rdb.Get(ctx, key).Result()
	}
	defer s.rdb.Del(ctx, "lock:"+key)
	if v, err := s.rdb.Get(ctx, key).Result(); err == nil {
		return v, nil
	}
	v, err = s.repo.Featured(ctx) // ok: the cache is read again under the lock
	if err != nil {
		return "", err
	}
	s.rdb.Set(ctx, key, v, ttl())
	return v, nil
}

// SpacedHot means to be marked hot, but the marker has a space after the
// slashes: it is reported, and the loader is not checked.
//
// cacheguard:hot // want `malformed directive "// cacheguard:hot"`
func (s *Service) SpacedHot(ctx context.Context) (string, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	v, err = s.repo.Featured(ctx) // ok: not marked (the marker is malformed)
	if err != nil {
		return "", err
	}
	s.rdb.Set(ctx, key, v, ttl())
	return v, nil
}

// HotKey is not the marker either.
//
//cacheguard:hotkey // want `malformed directive "//cacheguard:hotkey`
func (s *Service) HotKey(ctx context.Context) (string, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	v, err = s.repo.Featured(ctx) // ok: //cacheguard:hotkey is not the marker
	if err != nil {
		return "", err
	}
	s.rdb.Set(ctx, key, v, ttl())
	return v, nil
}
