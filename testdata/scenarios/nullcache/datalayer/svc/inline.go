package svc

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"scenarios/nullcache/datalayer/dao"
)

type Inline struct {
	rdb *redis.Client
	db  *gorm.DB
}

// Book queries gorm in the loader itself, into an out-parameter, and
// returns its not-found uncached.
func (s *Inline) Book(ctx context.Context, id int64) (*dao.User, error) {
	key := "book:" + strconv.FormatInt(id, 10)
	b, err := s.rdb.Get(ctx, key).Bytes()
	if err == nil {
		var u dao.User
		return &u, json.Unmarshal(b, &u)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	u := &dao.User{}
	err = s.db.WithContext(ctx).Where("id = ?", id).Take(u).Error
	if err != nil {
		return nil, err // want `s.db.WithContext\(...\)...Take reaches this return when it returns gorm.ErrRecordNotFound without caching a sentinel under key`
	}
	b, _ = json.Marshal(u)
	s.rdb.Set(ctx, key, b, time.Hour+rand.N(time.Minute))
	return u, nil
}
