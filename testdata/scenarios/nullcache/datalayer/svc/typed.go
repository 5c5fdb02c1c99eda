package svc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"

	"scenarios/nullcache/datalayer/dao"
)

var ErrCacheMiss = errors.New("cache miss")

// UserCache is a typed cache: the key is built inside from the id, and
// the refill is keyed on the loaded record.
type UserCache struct{ rdb *redis.Client }

func (c *UserCache) key(id int64) string { return fmt.Sprintf("u:%d", id) }

func (c *UserCache) Get(ctx context.Context, id int64) (*dao.User, error) {
	b, err := c.rdb.Get(ctx, c.key(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, ErrCacheMiss
	}
	if err != nil {
		return nil, err
	}
	var u dao.User
	return &u, json.Unmarshal(b, &u)
}

func (c *UserCache) Set(ctx context.Context, u *dao.User) error {
	b, err := json.Marshal(u)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, c.key(u.ID), b, time.Hour+rand.N(time.Minute)).Err()
}

type Typed struct {
	cache *UserCache
	dao   *dao.UserDAO
}

// User reads through the typed cache and refills it with the DAO's record;
// the DAO's not-found goes back uncached.
func (s *Typed) User(ctx context.Context, id int64) (*dao.User, error) {
	u, err := s.cache.Get(ctx, id)
	if err == nil {
		return u, nil
	}
	if !errors.Is(err, ErrCacheMiss) {
		return nil, err
	}
	u, err = s.dao.FindByID(ctx, id)
	if err != nil {
		return nil, err // want `s.dao.FindByID reaches this return when it returns gorm.ErrRecordNotFound without caching a sentinel under the key of Get\(id, ...\)`
	}
	_ = s.cache.Set(ctx, u)
	return u, nil
}
