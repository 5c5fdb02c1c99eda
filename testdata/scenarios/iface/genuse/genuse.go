// Package genuse calls the generic cache through its generic interface,
// instantiated: the implementation is found by its own type parameters.
package genuse

import (
	"context"
	"time"

	"scenarios/iface/genstore"
)

type Shop struct{ ID uint64 }

type Shops struct {
	cache genstore.CacheClient[Shop]
}

func load(id uint64) (*Shop, error) { return &Shop{ID: id}, nil }

func (s *Shops) ByID(ctx context.Context, id uint64) (*Shop, error) {
	return s.cache.Query(ctx, "shop:", id, load, 30*time.Minute) // want `CacheClient.Query → cacheClient.Query → Set writes with a fixed TTL of 30m`
}
