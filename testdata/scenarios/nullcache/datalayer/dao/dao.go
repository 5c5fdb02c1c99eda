// Package dao is a data layer on gorm with no Redis in it. // want package:"dataLayer"
//
// It decides what "not found" is, and the loaders in another package rely
// on it.
package dao

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

type User struct {
	ID   int64
	Name string
}

var ErrUserNotFound = errors.New("user not found")

type UserDAO struct{ db *gorm.DB }

// FindByID passes gorm's not-found through.
func (d *UserDAO) FindByID(ctx context.Context, id int64) (*User, error) { // want FindByID:"notFound\\(gorm.ErrRecordNotFound\\)"
	var u User
	if err := d.db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, err
	}
	return &u, nil
}

// ByName maps it to the package's own error.
func (d *UserDAO) ByName(ctx context.Context, name string) (*User, error) { // want ByName:"notFound\\(dao.ErrUserNotFound\\)"
	var u User
	err := d.db.WithContext(ctx).Where("name = ?", name).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrUserNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("user %q: %w", name, err)
	}
	return &u, nil
}

// Maybe maps not-found to a nil user and a nil error: no not-found error.
func (d *UserDAO) Maybe(ctx context.Context, id int64) (*User, error) {
	var u User
	err := d.db.WithContext(ctx).First(&u, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// All lists with Find, which reports no not-found.
func (d *UserDAO) All(ctx context.Context) ([]User, error) {
	var us []User
	return us, d.db.WithContext(ctx).Find(&us).Error
}
