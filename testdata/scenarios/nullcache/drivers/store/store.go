// Package store is a data layer over four drivers, with no Redis in it. // want package:"dataLayer"
//
// Each lookup lets its driver's "no such row" through, or maps it to the
// package's own error; the loaders in the package above rely on it.
package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	mongo2 "go.mongodb.org/mongo-driver/v2/mongo"
)

var ErrNoTicket = errors.New("no such ticket")

type Ticket struct {
	ID    int64  `db:"id" bson:"_id"`
	Title string `db:"title" bson:"title"`
}

type Tickets struct {
	x    *sqlx.DB
	pool *pgxpool.Pool
	m1   *mongo.Collection
	m2   *mongo2.Collection
}

// SQLX lets sqlx's sql.ErrNoRows through.
func (t *Tickets) SQLX(ctx context.Context, id int64) (*Ticket, error) { // want SQLX:"notFound\\(sql.ErrNoRows\\)"
	var tk Ticket
	if err := t.x.GetContext(ctx, &tk, "SELECT id, title FROM tickets WHERE id = $1", id); err != nil {
		return nil, err
	}
	return &tk, nil
}

// SQLXOwn maps it to the package's own error.
func (t *Tickets) SQLXOwn(ctx context.Context, id int64) (*Ticket, error) { // want SQLXOwn:"notFound\\(store.ErrNoTicket\\)"
	var tk Ticket
	err := t.x.GetContext(ctx, &tk, "SELECT id, title FROM tickets WHERE id = $1", id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoTicket
	}
	return &tk, err
}

// PGX scans one row: pgx.ErrNoRows when there is none.
func (t *Tickets) PGX(ctx context.Context, id int64) (*Ticket, error) { // want PGX:"notFound\\(pgx.ErrNoRows\\)"
	var tk Ticket
	err := t.pool.QueryRow(ctx, "SELECT id, title FROM tickets WHERE id = $1", id).Scan(&tk.ID, &tk.Title)
	if err != nil {
		return nil, err
	}
	return &tk, nil
}

// PGXCollect collects one row into a struct, which reports pgx.ErrNoRows
// for an empty result too.
func (t *Tickets) PGXCollect(ctx context.Context, id int64) (Ticket, error) { // want PGXCollect:"notFound\\(pgx.ErrNoRows\\)"
	rows, err := t.pool.Query(ctx, "SELECT id, title FROM tickets WHERE id = $1", id)
	if err != nil {
		return Ticket{}, err
	}
	return pgx.CollectOneRow(rows, pgx.RowToStructByName[Ticket])
}

// PGXList collects every row: an empty list, never not-found.
func (t *Tickets) PGXList(ctx context.Context, owner int64) ([]Ticket, error) {
	rows, err := t.pool.Query(ctx, "SELECT id, title FROM tickets WHERE owner = $1", owner)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Ticket])
}

// Mongo decodes FindOne's single result: mongo.ErrNoDocuments.
func (t *Tickets) Mongo(ctx context.Context, id int64) (*Ticket, error) { // want Mongo:"notFound\\(mongo.ErrNoDocuments\\)"
	var tk Ticket
	if err := t.m1.FindOne(ctx, bson.M{"_id": id}).Decode(&tk); err != nil {
		return nil, err
	}
	return &tk, nil
}

// Mongo2 does the same with the v2 driver.
func (t *Tickets) Mongo2(ctx context.Context, id int64) (*Ticket, error) { // want Mongo2:"notFound\\(mongo.ErrNoDocuments\\)"
	var tk Ticket
	err := t.m2.FindOne(ctx, map[string]any{"_id": id}).Decode(&tk)
	if errors.Is(err, mongo2.ErrNoDocuments) {
		return nil, err
	}
	return &tk, err
}
