// Package svc caches users read through a DAO of another package: the
// loaders do not check for not-found themselves.
package svc

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"scenarios/nullcache/datalayer/dao"
)

type Service struct {
	rdb *redis.Client
	dao *dao.UserDAO
}

func ttl() time.Duration { return time.Hour + rand.N(5*time.Minute) }

// User returns whatever the DAO says, not-found included, without caching
// it: every request for a missing id reaches the database.
func (s *Service) User(ctx context.Context, id int64) (*dao.User, error) {
	key := "user:" + strconv.FormatInt(id, 10)
	if b, err := s.rdb.Get(ctx, key).Bytes(); err == nil {
		var u dao.User
		if json.Unmarshal(b, &u) == nil {
			return &u, nil
		}
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	u, err := s.dao.FindByID(ctx, id)
	if err != nil {
		return nil, err // want `s.dao.FindByID reaches this return when it returns gorm.ErrRecordNotFound without caching a sentinel under key`
	}
	b, _ := json.Marshal(u)
	s.rdb.Set(ctx, key, b, ttl())
	return u, nil
}

// ByName does the same with the DAO's own error.
func (s *Service) ByName(ctx context.Context, name string) (*dao.User, error) {
	key := "user:name:" + name
	if b, err := s.rdb.Get(ctx, key).Bytes(); err == nil {
		var u dao.User
		if json.Unmarshal(b, &u) == nil {
			return &u, nil
		}
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	u, err := s.dao.ByName(ctx, name)
	if err != nil {
		return nil, err // want `s.dao.ByName reaches this return when it returns dao.ErrUserNotFound without caching a sentinel`
	}
	b, _ := json.Marshal(u)
	s.rdb.Set(ctx, key, b, ttl())
	return u, nil
}

// Guarded caches a short-lived marker for the DAO's not-found.
func (s *Service) Guarded(ctx context.Context, name string) (*dao.User, error) {
	key := "user:g:" + name
	b, err := s.rdb.Get(ctx, key).Bytes()
	switch {
	case err == nil:
		if string(b) == "null" {
			return nil, dao.ErrUserNotFound
		}
		var u dao.User
		return &u, json.Unmarshal(b, &u)
	case !errors.Is(err, redis.Nil):
		return nil, err
	}
	u, err := s.dao.ByName(ctx, name)
	if errors.Is(err, dao.ErrUserNotFound) {
		s.rdb.Set(ctx, key, "null", time.Minute+rand.N(10*time.Second))
		return nil, err
	}
	if err != nil {
		return nil, err // ok: not the not-found path
	}
	b, _ = json.Marshal(u)
	s.rdb.Set(ctx, key, b, ttl())
	return u, nil
}

// List reads with Find, which has no not-found: silent.
func (s *Service) List(ctx context.Context) ([]dao.User, error) {
	key := "users:all"
	if b, err := s.rdb.Get(ctx, key).Bytes(); err == nil {
		var us []dao.User
		return us, json.Unmarshal(b, &us)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	us, err := s.dao.All(ctx)
	if err != nil {
		return nil, err // ok: Find reports no not-found
	}
	b, _ := json.Marshal(us)
	s.rdb.Set(ctx, key, b, ttl())
	return us, nil
}
