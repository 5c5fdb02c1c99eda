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

// Named fills named results and returns bare: gorm's not-found still
// reaches the caller.
func (d *UserDAO) Named(ctx context.Context, id int64) (u User, err error) { // want Named:"notFound\\(gorm.ErrRecordNotFound\\)"
	err = d.db.WithContext(ctx).First(&u, id).Error
	return
}

// ByEmail answers not-found with an error made on the spot, not gorm's.
func (d *UserDAO) ByEmail(ctx context.Context, email string) (*User, error) { // want ByEmail:"notFound\\(its own error \\\"no user with this email\\\"\\)"
	var u User
	err := d.db.WithContext(ctx).Where("email = ?", email).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, errors.New("no user with this email")
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// NotFoundError is what a generated query builder returns when no row
// matches, as ent's code does.
type NotFoundError struct{ label string }

func (e *NotFoundError) Error() string { return e.label + " not found" }

// UserQuery is a query builder in the style of generated code: the lookup
// is the last call of a chain.
type UserQuery struct {
	db    *gorm.DB
	email string
}

func (d *UserDAO) Query() *UserQuery { return &UserQuery{db: d.db} }

func (q *UserQuery) WhereEmail(email string) *UserQuery { q.email = email; return q }

// Only returns the single user the query matches.
func (q *UserQuery) Only(ctx context.Context) (*User, error) { // want Only:"notFound\\(NotFoundError\\)"
	var us []User
	if err := q.db.WithContext(ctx).Where("email = ?", q.email).Limit(2).Find(&us).Error; err != nil {
		return nil, err
	}
	switch len(us) {
	case 0:
		return nil, &NotFoundError{"user"}
	case 1:
		return &us[0], nil
	}
	return nil, errors.New("more than one user")
}
