// Package prices serves list prices and offers through the shared cache
// wrapper.
package prices

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cacheguard/cacheguard/testdata/shop/cache"
	"github.com/cacheguard/cacheguard/testdata/shop/catalog"
)

type PriceService struct {
	cache *cache.Cache
	repo  catalog.PriceRepo
	ttl   time.Duration // of offers
}

func NewPriceService(c *cache.Cache, repo catalog.PriceRepo) *PriceService {
	return &PriceService{cache: c, repo: repo, ttl: 15 * time.Minute}
}

func priceKey(id int64) string { return fmt.Sprintf("price:%d", id) }
func offerKey(id int64) string { return fmt.Sprintf("offer:%d", id) }

// Price returns a product's list price.
func (s *PriceService) Price(ctx context.Context, productID int64) (*catalog.Price, error) {
	key := priceKey(productID)
	var p catalog.Price
	err := s.cache.Get(ctx, key, &p)
	switch {
	case err == nil:
		return &p, nil
	case errors.Is(err, cache.ErrMissing):
		return nil, catalog.ErrNotFound
	case !errors.Is(err, redis.Nil):
		return nil, err
	}
	price, err := s.repo.Price(ctx, productID)
	if errors.Is(err, catalog.ErrNotFound) {
		// guarded(penetration): the wrapper writes a short jittered sentinel that Get checks.
		if err := s.cache.SetMissing(ctx, key); err != nil {
			slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
		}
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load price %d: %w", productID, err)
	}
	// BUG(avalanche): fixed TTL passed to the wrapper, which hands it to rdb.Set unchanged.
	if err := s.cache.Set(ctx, key, price, 30*time.Minute); err != nil {
		slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
	}
	return price, nil
}

// PriceJittered is Price with the avalanche fixed.
func (s *PriceService) PriceJittered(ctx context.Context, productID int64) (*catalog.Price, error) {
	key := priceKey(productID)
	var p catalog.Price
	err := s.cache.Get(ctx, key, &p)
	switch {
	case err == nil:
		return &p, nil
	case errors.Is(err, cache.ErrMissing):
		return nil, catalog.ErrNotFound
	case !errors.Is(err, redis.Nil):
		return nil, err
	}
	price, err := s.repo.Price(ctx, productID)
	if errors.Is(err, catalog.ErrNotFound) {
		if err := s.cache.SetMissing(ctx, key); err != nil {
			slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
		}
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load price %d: %w", productID, err)
	}
	// guarded(avalanche): the shared helper adds jitter before the wrapper sees the TTL.
	if err := s.cache.Set(ctx, key, price, cache.Jitter(30*time.Minute)); err != nil {
		slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
	}
	return price, nil
}

// Offer returns the running discount on a product.
func (s *PriceService) Offer(ctx context.Context, productID int64) (*catalog.Offer, error) {
	key := offerKey(productID)
	var o catalog.Offer
	err := s.cache.Get(ctx, key, &o)
	switch {
	case err == nil:
		return &o, nil
	case errors.Is(err, cache.ErrMissing):
		return nil, catalog.ErrNotFound
	case !errors.Is(err, redis.Nil):
		return nil, err
	}
	offer, err := s.repo.Offer(ctx, productID)
	if errors.Is(err, catalog.ErrNotFound) {
		if err := s.cache.SetMissing(ctx, key); err != nil {
			slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
		}
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load offer %d: %w", productID, err)
	}
	// BUG(avalanche): s.ttl is only ever 15*time.Minute (NewPriceService): still one fixed TTL. Jitter at the write: cache.Jitter(s.ttl).
	if err := s.cache.Set(ctx, key, offer, s.ttl); err != nil {
		slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
	}
	return offer, nil
}
