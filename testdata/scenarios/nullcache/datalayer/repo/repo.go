// Package repo looks records up through dbs.Database. // want package:"dataLayer"
// The interface's implementation is in the imported package: the
// not-found of gorm's First reaches repo's callers through it.
package repo

import (
	"context"

	"scenarios/nullcache/datalayer/dbs"
)

type Coupon struct {
	Code  string
	Value int
}

type Coupons struct{ db dbs.Database }

func (r *Coupons) ByCode(ctx context.Context, code string) (*Coupon, error) { // want ByCode:"notFound\\(gorm.ErrRecordNotFound\\)"
	var c Coupon
	if err := r.db.FindByID(ctx, code, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// CountByOwner asks for a number: a COUNT always has its row, so no
// not-found is passed on (no fact).
func (r *Coupons) CountByOwner(ctx context.Context, owner string) (int, error) {
	var n int
	if err := r.db.FindByID(ctx, owner, &n); err != nil {
		return 0, err
	}
	return n, nil
}
