// Package dbs wraps gorm behind an interface of its own. // want package:"dataLayer"
// Its implementation is unexported, as in many services.
package dbs

import (
	"context"

	"gorm.io/gorm"
)

type Database interface {
	FindByID(ctx context.Context, id string, out any) error
}

type database struct{ db *gorm.DB }

func New(db *gorm.DB) Database { return &database{db: db} }

func (d *database) FindByID(ctx context.Context, id string, out any) error { // want FindByID:"notFound\\(gorm.ErrRecordNotFound\\)"
	return d.db.WithContext(ctx).Where("id = ?", id).First(out).Error
}
