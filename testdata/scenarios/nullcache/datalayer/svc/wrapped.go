package svc

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"

	"scenarios/nullcache/datalayer/repo"
)

type CouponService struct {
	rdb     *redis.Client
	coupons *repo.Coupons
}

// Coupon loads through a repository over a wrapped database: gorm's
// not-found comes back through both, and nothing is cached for it.
func (s *CouponService) Coupon(ctx context.Context, code string) (*repo.Coupon, error) {
	key := "coupon:" + code
	if b, err := s.rdb.Get(ctx, key).Bytes(); err == nil {
		var c repo.Coupon
		return &c, json.Unmarshal(b, &c)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	c, err := s.coupons.ByCode(ctx, code)
	if err != nil {
		return nil, err // want `s.coupons.ByCode reaches this return when it returns gorm.ErrRecordNotFound without caching a sentinel`
	}
	b, _ := json.Marshal(c)
	s.rdb.Set(ctx, key, b, time.Hour+rand.N(time.Minute))
	return c, nil
}
