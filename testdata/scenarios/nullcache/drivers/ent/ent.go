// Package ent is written in the shape of the code ent generates. // want package:"dataLayer"
//
// A schema with one User type: a client per type, a query builder whose Only
// answers an empty result with *NotFoundError, and Get on top of it. It
// runs its query through ent's real dialect driver.
package ent

import (
	"context"
	"errors"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// NotFoundError is returned when no node matches, as generated code names it.
type NotFoundError struct{ label string }

func (e *NotFoundError) Error() string { return "ent: " + e.label + " not found" }

// IsNotFound reports whether err is a *NotFoundError.
func IsNotFound(err error) bool {
	var e *NotFoundError
	return errors.As(err, &e)
}

type User struct {
	ID   int
	Name string
}

type Client struct{ User *UserClient }

func NewClient(drv dialect.Driver) *Client { return &Client{User: &UserClient{driver: drv}} }

type UserClient struct{ driver dialect.Driver }

func (c *UserClient) Query() *UserQuery { return &UserQuery{driver: c.driver} }

// Get returns the user with this id.
func (c *UserClient) Get(ctx context.Context, id int) (*User, error) { // want Get:"notFound\\(NotFoundError\\)"
	return c.Query().Where(id).Only(ctx)
}

type UserQuery struct {
	driver dialect.Driver
	id     int
}

func (q *UserQuery) Where(id int) *UserQuery { q.id = id; return q }

// All runs the query.
func (q *UserQuery) All(ctx context.Context) ([]*User, error) {
	rows := &entsql.Rows{}
	if err := q.driver.Query(ctx, "SELECT id, name FROM users WHERE id = ? LIMIT 2", []any{q.id}, rows); err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u := &User{}
		if err := rows.Scan(&u.ID, &u.Name); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Only returns the one user the query matches.
func (q *UserQuery) Only(ctx context.Context) (*User, error) { // want Only:"notFound\\(NotFoundError\\)"
	nodes, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	switch len(nodes) {
	case 1:
		return nodes[0], nil
	case 0:
		return nil, &NotFoundError{"user"}
	}
	return nil, errors.New("ent: user not singular")
}
