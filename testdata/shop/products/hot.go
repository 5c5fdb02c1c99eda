package products

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheguard/cacheguard/testdata/shop/cache"
	"github.com/cacheguard/cacheguard/testdata/shop/catalog"
)

// Every page view reads these keys: when one expires, all requests in
// flight miss together.
const (
	featuredKey    = "products:featured"
	bestsellersKey = "products:bestsellers"
	listTTL        = 5 * time.Minute
	bestsellersN   = 20
)

// Featured returns the home page's featured products: every visitor
// asks for the same key.
//
//cacheguard:hot
func (s *Service) Featured(ctx context.Context) ([]*catalog.Product, error) {
	b, err := s.rdb.Get(ctx, featuredKey).Bytes()
	if err == nil {
		return decodeList(featuredKey, b)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("get %s: %w", featuredKey, err)
	}
	// BUG(stampede): when the key expires, every request in flight runs the featured query at once.
	list, err := s.repo.Featured(ctx)
	if err != nil {
		return nil, fmt.Errorf("load featured: %w", err)
	}
	s.storeList(ctx, featuredKey, list)
	return list, nil
}

// FeaturedShared is Featured with the stampede fixed.
//
//cacheguard:hot
func (s *Service) FeaturedShared(ctx context.Context) ([]*catalog.Product, error) {
	b, err := s.rdb.Get(ctx, featuredKey).Bytes()
	if err == nil {
		return decodeList(featuredKey, b)
	}
	if !errors.Is(err, redis.Nil) { // guarded(outage): Redis down is an error, not a miss
		return nil, fmt.Errorf("get %s: %w", featuredKey, err)
	}
	// guarded(stampede): one query per instance; the others wait for its result.
	v, err, _ := s.group.Do(featuredKey, func() (any, error) {
		// Detached: the caller that happens to run the query must not
		// cancel it for the others.
		ctx := context.WithoutCancel(ctx)
		list, err := s.repo.Featured(ctx)
		if err != nil {
			return nil, fmt.Errorf("load featured: %w", err)
		}
		s.storeList(ctx, featuredKey, list)
		return list, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]*catalog.Product), nil
}

// Bestsellers returns the top sellers.
func (s *Service) Bestsellers(ctx context.Context) ([]*catalog.Product, error) {
	b, err := s.rdb.Get(ctx, bestsellersKey).Bytes()
	// BUG(outage): any error counts as a miss; when Redis is down, the database takes the whole read load the cache was absorbing.
	if err != nil {
		v, err, _ := s.group.Do(bestsellersKey, func() (any, error) {
			ctx := context.WithoutCancel(ctx)
			list, err := s.repo.Bestsellers(ctx, bestsellersN)
			if err != nil {
				return nil, fmt.Errorf("load bestsellers: %w", err)
			}
			s.storeList(ctx, bestsellersKey, list)
			return list, nil
		})
		if err != nil {
			return nil, err
		}
		return v.([]*catalog.Product), nil
	}
	return decodeList(bestsellersKey, b)
}

func (s *Service) storeList(ctx context.Context, key string, list []*catalog.Product) {
	data, err := json.Marshal(list)
	if err != nil {
		slog.ErrorContext(ctx, "encode product list", "key", key, "err", err)
		return
	}
	if err := s.rdb.Set(ctx, key, data, cache.Jitter(listTTL)).Err(); err != nil {
		slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
	}
}

func decodeList(key string, b []byte) ([]*catalog.Product, error) {
	var list []*catalog.Product
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("decode %s: %w", key, err)
	}
	return list, nil
}
