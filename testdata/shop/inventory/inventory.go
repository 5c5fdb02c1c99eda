// Package inventory serves stock levels, warehouses and suppliers, with
// Redis in front of the inventory database. Unlike products it does not
// get not-found right: compare its loaders with products.Product.
package inventory

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

const (
	stockTTL     = 30 * time.Second // stock moves fast
	warehouseTTL = 24 * time.Hour
	supplierTTL  = 6 * time.Hour

	// nullValue is cached for ids the database does not have.
	nullValue   = "null"
	notFoundTTL = time.Minute
)

type Service struct {
	rdb  redis.UniversalClient
	repo catalog.InventoryRepo
}

func New(rdb redis.UniversalClient, repo catalog.InventoryRepo) *Service {
	return &Service{rdb: rdb, repo: repo}
}

func stockKey(productID int64) string { return fmt.Sprintf("stock:%d", productID) }
func warehouseKey(id int64) string    { return fmt.Sprintf("warehouse:%d", id) }
func supplierKey(id int64) string     { return fmt.Sprintf("supplier:%d", id) }

// Stock returns the stock of a product.
func (s *Service) Stock(ctx context.Context, productID int64) (*catalog.Stock, error) {
	key := stockKey(productID)
	b, err := s.rdb.Get(ctx, key).Bytes()
	switch {
	case err == nil:
		var st catalog.Stock
		if err := json.Unmarshal(b, &st); err != nil {
			return nil, fmt.Errorf("decode %s: %w", key, err)
		}
		return &st, nil
	case !errors.Is(err, redis.Nil):
		return nil, fmt.Errorf("get %s: %w", key, err)
	}

	st, err := s.repo.Stock(ctx, productID)
	if errors.Is(err, catalog.ErrNotFound) {
		// BUG(penetration): nothing is cached for an unknown id; a scraper walking ids reaches the database on every request.
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load stock %d: %w", productID, err)
	}
	s.store(ctx, key, st, cache.Jitter(stockTTL))
	return st, nil
}

// Reserve takes n items out of stock and updates the cached copy, if any.
func (s *Service) Reserve(ctx context.Context, productID int64, n int) error {
	st, err := s.repo.Reserve(ctx, productID, n)
	if err != nil {
		return fmt.Errorf("reserve: %w", err)
	}
	key := stockKey(productID)
	if err := s.rdb.Get(ctx, key).Err(); err != nil {
		if !errors.Is(err, redis.Nil) {
			slog.WarnContext(ctx, "cache read failed", "key", key, "err", err)
		}
		return nil // nothing cached to update: the next read loads it
	}
	data, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode stock %d: %w", productID, err)
	}
	// ok(keepttl): the entry keeps the expiry it was given when loaded.
	if err := s.rdb.Set(ctx, key, data, redis.KeepTTL).Err(); err != nil {
		slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
	}
	return nil
}

// Warehouse returns a warehouse.
func (s *Service) Warehouse(ctx context.Context, id int64) (*catalog.Warehouse, error) {
	key := warehouseKey(id)
	b, err := s.rdb.Get(ctx, key).Bytes()
	switch {
	case err == nil:
		if string(b) == nullValue {
			return nil, catalog.ErrNotFound
		}
		var w catalog.Warehouse
		if err := json.Unmarshal(b, &w); err != nil {
			return nil, fmt.Errorf("decode %s: %w", key, err)
		}
		return &w, nil
	case !errors.Is(err, redis.Nil):
		return nil, fmt.Errorf("get %s: %w", key, err)
	}

	w, err := s.repo.Warehouse(ctx, id)
	if errors.Is(err, catalog.ErrNotFound) {
		// BUG(penetration-permanent): TTL 0 never expires; a warehouse opened later under this id stays "not found" until someone deletes the key.
		if err := s.rdb.Set(ctx, key, nullValue, 0).Err(); err != nil {
			slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
		}
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load warehouse %d: %w", id, err)
	}
	s.store(ctx, key, w, cache.Jitter(warehouseTTL))
	return w, nil
}

// Supplier returns a supplier.
func (s *Service) Supplier(ctx context.Context, id int64) (*catalog.Supplier, error) {
	key := supplierKey(id)
	// BUG(penetration-unchecked): the hit path never compares with the "null" written below; it decodes into a nil *Supplier, returned with a nil error, and the caller dereferences it.
	b, err := s.rdb.Get(ctx, key).Bytes()
	switch {
	case err == nil:
		var sup *catalog.Supplier
		if err := json.Unmarshal(b, &sup); err != nil {
			return nil, fmt.Errorf("decode %s: %w", key, err)
		}
		return sup, nil
	case !errors.Is(err, redis.Nil):
		return nil, fmt.Errorf("get %s: %w", key, err)
	}

	sup, err := s.repo.Supplier(ctx, id)
	if errors.Is(err, catalog.ErrNotFound) {
		if err := s.rdb.Set(ctx, key, nullValue, cache.Jitter(notFoundTTL)).Err(); err != nil {
			slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
		}
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load supplier %d: %w", id, err)
	}
	s.store(ctx, key, sup, cache.Jitter(supplierTTL))
	return sup, nil
}

func (s *Service) store(ctx context.Context, key string, v any, ttl time.Duration) {
	data, err := json.Marshal(v)
	if err != nil {
		slog.ErrorContext(ctx, "encode cache entry", "key", key, "err", err)
		return
	}
	if err := s.rdb.Set(ctx, key, data, ttl).Err(); err != nil {
		slog.WarnContext(ctx, "cache write failed", "key", key, "err", err)
	}
}
