// Package redisrepo is the Redis adapter of the review cache port: a
// missing review is the port's ErrCacheMiss, other errors go up as they
// are.
package redisrepo

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheguard/cacheguard/testdata/shop/reviews/domain"
)

type Cache struct{ rdb redis.UniversalClient }

func New(rdb redis.UniversalClient) *Cache { return &Cache{rdb: rdb} }

func key(id int64) string { return "review:" + strconv.FormatInt(id, 10) }

func (c *Cache) GetReview(ctx context.Context, id int64) (*domain.Review, error) {
	b, err := c.rdb.Get(ctx, key(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, domain.ErrCacheMiss
	}
	if err != nil {
		return nil, err
	}
	var r domain.Review
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func (c *Cache) SetReview(ctx context.Context, r *domain.Review, ttl time.Duration) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, key(r.ID), b, ttl).Err()
}
