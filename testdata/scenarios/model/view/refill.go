package view

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// Refills that run later: in a goroutine or a deferred call, through a
// method or a closure. Each is still the loader's write of the key.

type Svc struct {
	rdb  *redis.Client
	repo Repo
}

func (s *Svc) fill(ctx context.Context, key, v string) {
	s.rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[\]`
}

func (s *Svc) goMethod(ctx context.Context, id string) (string, error) {
	key := "gm:" + id
	v, err := s.rdb.Get(ctx, key).Result() // want `read key=key`
	if err == nil {
		return v, nil
	}
	v, err = s.repo.Load(ctx, id) // want `loader of key: source s.repo.Load err=err value=v srcErr=err srcValue=v writes=1 batch=false`
	if err != nil {
		return "", err
	}
	go s.fill(context.Background(), key, v) // want `write Svc.fill → Set ttl=1h \(time.Hour\) \[aside\]`
	return v, nil
}

func (s *Svc) deferClosure(ctx context.Context, id string) (v string, err error) {
	key := "dc:" + id
	v, err = s.rdb.Get(ctx, key).Result() // want `read key=key`
	if err == nil {
		return v, nil
	}
	v, err = s.repo.Load(ctx, id) // want `loader of key: source s.repo.Load err=err value=v srcErr=err srcValue=v writes=1 batch=false`
	if err != nil {
		return "", err
	}
	defer func() {
		s.rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
	}()
	return v, nil
}

func (s *Svc) goClosure(ctx context.Context, id string) (string, error) {
	key := "gc:" + id
	v, err := s.rdb.Get(ctx, key).Result() // want `read key=key`
	if errors.Is(err, redis.Nil) {
		v, err = s.repo.Load(ctx, id) // want `loader of key: source s.repo.Load err=err value=v srcErr=err srcValue=v writes=1 batch=false`
		if err != nil {
			return "", err
		}
		go func() {
			s.rdb.Set(context.Background(), key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
		}()
	}
	return v, err
}

func (s *Svc) deferMethod(ctx context.Context, id string) (string, error) {
	key := "dm:" + id
	v, err := s.rdb.Get(ctx, key).Result() // want `read key=key`
	if errors.Is(err, redis.Nil) {
		v, err = s.repo.Load(ctx, id) // want `loader of key: source s.repo.Load err=err value=v srcErr=err srcValue=v writes=1 batch=false`
		if err != nil {
			return "", err
		}
		defer s.fill(ctx, key, v) // want `write Svc.fill → Set ttl=1h \(time.Hour\) \[aside\]`
	}
	return v, err
}
