package service

import (
	"context"
	"log"
	"strconv"

	"scenarios/iface/port/port"
)

type ByID struct {
	repo  port.ShelfRepository
	redis port.ShelfRedis
}

// Shelf reads the key made from the id asked for and writes the one made
// from the id of the shelf loaded: one entry. The read's error is only
// logged, and a nil shelf is the miss.
func (s *ByID) Shelf(ctx context.Context, id uint64) (*port.Shelf, error) {
	cached, err := s.redis.GetByIDCtx(ctx, strconv.FormatUint(id, 10))
	if err != nil { // want `cachemiss: err != nil sends every error of GetByIDCtx to s.repo.GetShelfByID`
		log.Printf("cache: %v", err)
	}
	if cached != nil {
		return cached, nil
	}
	shelf, err := s.repo.GetShelfByID(ctx, id)
	if err != nil {
		return nil, err // want `nullcache: s.repo.GetShelfByID reaches this return`
	}
	if err := s.redis.SetShelfCtx(ctx, strconv.FormatUint(shelf.ID, 10), 600, shelf); err != nil { // want `ttljitter: ShelfRedis.SetShelfCtx → SetShelfCtx writes with a fixed TTL of 10m \(600\)`
		log.Printf("cache: %v", err)
	}
	return shelf, nil
}
