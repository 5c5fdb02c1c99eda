package svc

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/redis/go-redis/v9"

	"scenarios/nullcache/datalayer/dao"
)

// Shapes are loaders written the ways real services write them, each
// without a sentinel for a missing user.
type Shapes struct {
	rdb    *redis.Client
	dao    *dao.UserDAO
	prefix string
}

// Named reads the cache inside a function literal called on the spot, and
// its DAO fills named results: every error of the read is a miss, and the
// DAO's not-found is returned uncached.
func (s Shapes) Named(ctx context.Context, id int64) (u dao.User, err error) {
	key := fmt.Sprintf("%s:user:%d", s.prefix, id)
	cmd := s.rdb.Get(ctx, key)
	err = func() error {
		if err := cmd.Err(); err != nil {
			return err
		}
		b, err := cmd.Bytes()
		if err != nil {
			return err
		}
		return json.Unmarshal(b, &u)
	}()
	if err != nil {
		u, err = s.dao.Named(ctx, id)
		if err != nil {
			return dao.User{}, err // want `s.dao.Named reaches this return when it returns gorm.ErrRecordNotFound without caching a sentinel under key`
		}
		b, _ := json.Marshal(u)
		s.rdb.Set(ctx, key, b, ttl())
	}
	return
}

// ByEmail keeps the command and takes its reply later; the DAO answers
// not-found with an error of its own.
func (s Shapes) ByEmail(ctx context.Context, email string) (*dao.User, error) {
	key := "user:email:" + email
	cmd := s.rdb.Get(ctx, key)
	b, err := cmd.Bytes()
	if err == nil {
		var u dao.User
		if json.Unmarshal(b, &u) == nil {
			return &u, nil
		}
	} else if err != redis.Nil {
		return nil, err
	}
	u, err := s.dao.ByEmail(ctx, email)
	if err != nil {
		return nil, err // want `s.dao.ByEmail reaches this return when it returns its own error "no user with this email" without caching a sentinel under key`
	}
	b, _ = json.Marshal(u)
	s.rdb.Set(ctx, key, b, ttl())
	return u, nil
}

// Chain asks a query builder; the lookup that reports not-found is the
// last call of the chain, and any failure is answered as not-found.
func (s Shapes) Chain(ctx context.Context, email string) (*dao.User, error) {
	key := "user:only:" + email
	if b, err := s.rdb.Get(ctx, key).Bytes(); err == nil {
		var u dao.User
		if json.Unmarshal(b, &u) == nil {
			return &u, nil
		}
	} else if err != redis.Nil {
		return nil, err
	}
	u, err := s.dao.Query().WhereEmail(email).Only(ctx)
	if err != nil {
		return nil, dao.ErrUserNotFound // want `s.dao.Query\(...\)...Only reaches this return when it returns NotFoundError without caching a sentinel under key`
	}
	b, _ := json.Marshal(u)
	s.rdb.Set(ctx, key, b, ttl())
	return u, nil
}
