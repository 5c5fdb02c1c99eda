// Package typed reads and writes through a typed cache wrapper: the key is
// built inside from an id, the value decoded from JSON, and the refill is
// keyed on the loaded record.
package typed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

type User struct {
	ID   int64
	Name string
}

var ErrCacheMiss = errors.New("cache miss")

type UserCache struct{ rdb *redis.Client }

func (c *UserCache) key(id int64) string { return fmt.Sprintf("user:%d", id) }

func (c *UserCache) Get(ctx context.Context, id int64) (*User, error) {
	key := c.key(id)
	b, err := c.rdb.Get(ctx, key).Bytes() // want `read key=key`
	if errors.Is(err, redis.Nil) {
		return nil, ErrCacheMiss
	}
	if err != nil {
		return nil, err
	}
	var u User
	return &u, json.Unmarshal(b, &u)
}

func (c *UserCache) Set(ctx context.Context, u *User) error {
	b, err := json.Marshal(u)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, c.key(u.ID), b, time.Hour).Err() // want `write Set ttl=1h \(time.Hour\) \[\]`
}

type Repo interface {
	Find(ctx context.Context, id int64) (*User, error)
}

type Service struct {
	cache *UserCache
	repo  Repo
}

func (s *Service) User(ctx context.Context, id int64) (*User, error) {
	u, err := s.cache.Get(ctx, id) // want `read key=id`
	if err == nil {
		return u, nil
	}
	if !errors.Is(err, ErrCacheMiss) {
		return nil, err
	}
	u, err = s.repo.Find(ctx, id) // want `loader of the key of Get\(id, ...\): source s.repo.Find err=err value=u srcErr=err srcValue=u writes=1`
	if err != nil {
		return nil, err
	}
	_ = s.cache.Set(ctx, u) // want `write UserCache.Set → Set ttl=1h \(time.Hour\) \[aside\]`
	return u, nil
}
