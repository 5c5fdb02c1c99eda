// Package redisrepo implements domain.ArticleCache on Redis; only the
// wiring imports it.
package redisrepo

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"

	"scenarios/iface/contract/domain"
)

type Cache struct{ rdb *redis.Client }

func New(rdb *redis.Client) domain.ArticleCache { return &Cache{rdb} }

func (c *Cache) GetArticle(ctx context.Context, key string) (*domain.Article, error) {
	b, err := c.rdb.Get(ctx, key).Bytes()
	if err != nil {
		return nil, err
	}
	var a domain.Article
	return &a, json.Unmarshal(b, &a)
}

func (c *Cache) SetArticle(ctx context.Context, key string, seconds int, a *domain.Article) error {
	b, _ := json.Marshal(a)
	return c.rdb.Set(ctx, key, b, time.Duration(seconds)*time.Second).Err()
}

func (c *Cache) SetDraft(ctx context.Context, key string, ttl time.Duration, a *domain.Article) error {
	b, _ := json.Marshal(a)
	return c.rdb.Set(ctx, key, b, ttl).Err()
}

func (c *Cache) SetNX(ctx context.Context, key string, ttl time.Duration, a *domain.Article) (bool, error) {
	b, _ := json.Marshal(a)
	return c.rdb.SetNX(ctx, key, b, ttl).Result()
}
