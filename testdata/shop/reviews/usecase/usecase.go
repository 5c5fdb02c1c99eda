// Package usecase is the review use case: cache-aside over the two ports,
// with the three mistakes clean-architecture services make most. It sees
// the interfaces only; which implementations run is decided in
// cmd/reviewsd.
package usecase

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/cacheguard/cacheguard/testdata/shop/reviews/domain"
)

const reviewTTL = 20 * time.Minute

// emptyTTL bounds how long "no such review" is remembered.
const emptyTTL = time.Minute

type Reviews struct {
	cache domain.ReviewCache
	store domain.ReviewStore
}

func New(cache domain.ReviewCache, store domain.ReviewStore) *Reviews {
	return &Reviews{cache: cache, store: store}
}

func (u *Reviews) Review(ctx context.Context, id int64) (*domain.Review, error) {
	r, err := u.cache.GetReview(ctx, id)
	if err == nil { // BUG(outage): past this line every error of the cache port, a timeout as much as a miss, goes to the store.
		return r, nil
	}
	r, err = u.store.ReviewByID(ctx, id)
	if err != nil {
		return nil, err // BUG(penetration): an unknown id is not remembered; every request for it reaches the database.
	}
	// BUG(avalanche): one fixed TTL through the port; reviews loaded together expire together.
	_ = u.cache.SetReview(ctx, r, reviewTTL)
	return r, nil
}

// ReviewGuarded is Review with the guards: only the port's miss goes to
// the store, an unknown id is cached as an empty review (no product) for
// a minute, and the TTL is spread.
func (u *Reviews) ReviewGuarded(ctx context.Context, id int64) (*domain.Review, error) {
	r, err := u.cache.GetReview(ctx, id)
	switch {
	case err == nil && r.ProductID == 0:
		return nil, domain.ErrReviewNotFound // the cached "no such review"
	case err == nil:
		return r, nil
	case !errors.Is(err, domain.ErrCacheMiss):
		return nil, err
	}
	r, err = u.store.ReviewByID(ctx, id)
	if errors.Is(err, domain.ErrReviewNotFound) {
		// The adapter keys the entry on the review's ID: the empty review
		// carries the id asked for, and no product.
		_ = u.cache.SetReview(ctx, &domain.Review{ID: id}, emptyTTL+rand.N(emptyTTL/2))
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	_ = u.cache.SetReview(ctx, r, reviewTTL+rand.N(reviewTTL/10))
	return r, nil
}
