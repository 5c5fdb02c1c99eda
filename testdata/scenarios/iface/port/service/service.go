// Package service is the core of a hexagonal service: it sees the ports,
// never the adapters, and decodes the cached bytes with a helper of its
// own.
package service

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"scenarios/iface/port/port"
)

type ShelfService struct {
	repo  port.ShelfRepository
	cache port.CacheRepository
}

func decode(b []byte, v any) error { return json.Unmarshal(b, v) }

func key(kind string, id any) string { return fmt.Sprintf("%s:%v", kind, id) }

// GetShelf counts only err == nil as a hit: any other error of the cache
// port is a miss, and a missing shelf is returned without a sentinel.
func (s *ShelfService) GetShelf(ctx context.Context, id uint64) (*port.Shelf, error) {
	var shelf *port.Shelf
	k := key("shelf", id)
	cached, err := s.cache.Get(ctx, k)
	if err == nil { // want `cachemiss: falling past err == nil sends every error of Get to s.repo.GetShelfByID, not only a miss; .*a miss error of its own \(ErrCacheMiss\)`
		if err := decode(cached, &shelf); err != nil {
			return nil, err
		}
		return shelf, nil
	}
	shelf, err = s.repo.GetShelfByID(ctx, id)
	if err != nil {
		return nil, err // want `nullcache: s.repo.GetShelfByID reaches this return when it returns its not-found error \(its implementation is not visible from here\)`
	}
	b, _ := json.Marshal(shelf)
	_ = s.cache.Set(ctx, k, b, 10*time.Minute) // want `ttljitter: CacheRepository.Set → Set writes with a fixed TTL of 10m \(10 \* time.Minute\)`
	return shelf, nil
}

// ListShelves caches a page, empty or not: no not-found to guard, and no
// expiry (TTL 0), but every cache error is still a miss.
func (s *ShelfService) ListShelves(ctx context.Context, skip, limit uint64) ([]port.Shelf, error) {
	var shelves []port.Shelf
	k := key("shelves", fmt.Sprint(skip, limit))
	cached, err := s.cache.Get(ctx, k)
	if err == nil { // want `cachemiss: falling past err == nil sends every error of Get to s.repo.ListShelves`
		if err := decode(cached, &shelves); err != nil {
			return nil, err
		}
		return shelves, nil
	}
	shelves, err = s.repo.ListShelves(ctx, skip, limit)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(shelves)
	_ = s.cache.Set(ctx, k, b, 0)
	return shelves, nil
}
