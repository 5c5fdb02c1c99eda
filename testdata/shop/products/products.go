// Package products serves product pages from Redis in front of the
// catalog database, talking to go-redis directly.
package products

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"

	"github.com/cacheguard/cacheguard/testdata/shop/cache"
	"github.com/cacheguard/cacheguard/testdata/shop/catalog"
)

const productTTL = 10 * time.Minute

// nullValue is cached for ids the database does not have. notFoundTTL is
// short so that a product created after a miss shows up soon.
const (
	nullValue   = "null"
	notFoundTTL = time.Minute
)

type Service struct {
	rdb   redis.UniversalClient
	repo  catalog.ProductRepo
	group singleflight.Group
}

func New(rdb redis.UniversalClient, repo catalog.ProductRepo) *Service {
	return &Service{rdb: rdb, repo: repo}
}

func productKey(id int64) string { return "product:" + strconv.FormatInt(id, 10) }

// Product returns a product, reading through the cache.
func (s *Service) Product(ctx context.Context, id int64) (*catalog.Product, error) {
	key := productKey(id)
	val, err := s.rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		// guarded(penetration): a cached miss answers without the database.
		if val == nullValue {
			return nil, catalog.ErrNotFound
		}
		var p catalog.Product
		if err := json.Unmarshal([]byte(val), &p); err != nil {
			return nil, fmt.Errorf("decode %s: %w", key, err)
		}
		return &p, nil
	case !errors.Is(err, redis.Nil): // guarded(outage): only a miss goes to the database
		return nil, fmt.Errorf("get %s: %w", key, err)
	}

	p, err := s.repo.Product(ctx, id)
	if errors.Is(err, catalog.ErrNotFound) {
		// guarded(penetration): remember the miss briefly, with jitter.
		if err := s.rdb.Set(ctx, key, nullValue, cache.Jitter(notFoundTTL)).Err(); err != nil {
			slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
		}
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load product %d: %w", id, err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode product %d: %w", id, err)
	}
	// BUG(avalanche): fixed TTL; products cached together after a deploy or a flush all expire in the same second.
	if err := s.rdb.Set(ctx, key, data, productTTL).Err(); err != nil {
		slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
	}
	return p, nil
}

// ProductJittered is Product with the avalanche fixed.
func (s *Service) ProductJittered(ctx context.Context, id int64) (*catalog.Product, error) {
	key := productKey(id)
	val, err := s.rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		if val == nullValue {
			return nil, catalog.ErrNotFound
		}
		var p catalog.Product
		if err := json.Unmarshal([]byte(val), &p); err != nil {
			return nil, fmt.Errorf("decode %s: %w", key, err)
		}
		return &p, nil
	case !errors.Is(err, redis.Nil):
		return nil, fmt.Errorf("get %s: %w", key, err)
	}

	p, err := s.repo.Product(ctx, id)
	if errors.Is(err, catalog.ErrNotFound) {
		if err := s.rdb.Set(ctx, key, nullValue, cache.Jitter(notFoundTTL)).Err(); err != nil {
			slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
		}
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load product %d: %w", id, err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode product %d: %w", id, err)
	}
	// guarded(avalanche): up to 10% random jitter spreads the expiries out.
	if err := s.rdb.Set(ctx, key, data, productTTL+rand.N(productTTL/10)).Err(); err != nil {
		slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
	}
	return p, nil
}
