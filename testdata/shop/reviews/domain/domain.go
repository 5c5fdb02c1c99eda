// Package domain is the clean-architecture core of the shop's product
// reviews: the entity and the ports the use case depends on. The Redis
// and SQL adapters implement the ports in packages only the wiring in
// cmd/reviewsd imports, so the use case never sees Redis.
package domain

import (
	"context"
	"errors"
	"time"
)

// ErrReviewNotFound is what a ReviewStore returns for an unknown id.
var ErrReviewNotFound = errors.New("review not found")

// ErrCacheMiss is what a ReviewCache returns for a review it does not
// hold; any other error is the cache failing.
var ErrCacheMiss = errors.New("review cache: miss")

type Review struct {
	ID        int64  `json:"id"`
	ProductID int64  `json:"product_id"`
	Stars     int    `json:"stars"`
	Text      string `json:"text"`
}

// ReviewCache is the cache port: the caller chooses the expiry.
type ReviewCache interface {
	GetReview(ctx context.Context, id int64) (*Review, error)
	SetReview(ctx context.Context, r *Review, ttl time.Duration) error
}

// ReviewStore is the database port.
type ReviewStore interface {
	ReviewByID(ctx context.Context, id int64) (*Review, error)
}
