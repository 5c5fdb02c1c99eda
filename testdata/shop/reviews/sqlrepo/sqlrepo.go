// Package sqlrepo is the database adapter of the review store port: it
// turns database/sql's ErrNoRows into the domain's not-found.
package sqlrepo

import (
	"context"
	"database/sql"
	"errors"

	"github.com/cacheguard/cacheguard/testdata/shop/reviews/domain"
)

type Store struct{ db *sql.DB }

func New(db *sql.DB) *Store { return &Store{db: db} }

func (s *Store) ReviewByID(ctx context.Context, id int64) (*domain.Review, error) {
	var r domain.Review
	err := s.db.QueryRowContext(ctx, "SELECT id, product_id, stars, text FROM reviews WHERE id = $1", id).
		Scan(&r.ID, &r.ProductID, &r.Stars, &r.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.ErrReviewNotFound
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}
