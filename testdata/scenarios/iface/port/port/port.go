// Package port holds the interfaces of a hexagonal service: a byte cache
// and a repository. Their Redis and SQL adapters live in packages only
// the service's main imports.
package port

import (
	"context"
	"errors"
	"time"
)

var ErrNotFound = errors.New("not found")

type Shelf struct {
	ID   uint64
	Name string
}

type CacheRepository interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	Delete(ctx context.Context, key string) error
}

type ShelfRepository interface {
	GetShelfByID(ctx context.Context, id uint64) (*Shelf, error)
	ListShelves(ctx context.Context, skip, limit uint64) ([]Shelf, error)
}

// ShelfRedis is a Redis repository interface whose keys the caller makes.
type ShelfRedis interface {
	GetByIDCtx(ctx context.Context, key string) (*Shelf, error)
	SetShelfCtx(ctx context.Context, key string, seconds int, s *Shelf) error
}
