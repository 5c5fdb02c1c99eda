// Package drivers loads tickets and users through caches in front of four
// database drivers and ent: the not-found each reports is what the
// loaders must cache.
package drivers

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/redis/go-redis/v9"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"scenarios/nullcache/drivers/ent"
	"scenarios/nullcache/drivers/store"
)

type Ticket = store.Ticket

type Desk struct {
	rdb     *redis.Client
	x       *sqlx.DB
	pool    *pgxpool.Pool
	coll    *mongo.Collection
	tickets *store.Tickets
	ent     *ent.Client
}

const missing = "-"

func key(id int64) string { return "ticket:" + strconv.FormatInt(id, 10) }

func ttl() time.Duration { return 30*time.Minute + rand.N(5*time.Minute) }

func missTTL() time.Duration { return time.Minute + rand.N(10*time.Second) }

// cached reads the ticket; ok is false on a miss.
func (d *Desk) cached(ctx context.Context, id int64) (*Ticket, bool, error) {
	b, err := d.rdb.Get(ctx, key(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if string(b) == missing {
		return nil, true, nil
	}
	var t Ticket
	return &t, true, json.Unmarshal(b, &t)
}

func (d *Desk) store(ctx context.Context, t *Ticket) {
	b, _ := json.Marshal(t)
	d.rdb.Set(ctx, key(t.ID), b, ttl())
}

// BySQLX returns sqlx's sql.ErrNoRows uncached.
func (d *Desk) BySQLX(ctx context.Context, id int64) (*Ticket, error) {
	if t, ok, err := d.cached(ctx, id); err != nil || ok {
		return t, err
	}
	var t Ticket
	if err := d.x.GetContext(ctx, &t, "SELECT id, title FROM tickets WHERE id = $1", id); err != nil {
		return nil, err // want `d.x.GetContext reaches this return when it returns sql.ErrNoRows without caching a sentinel under the key of cached\(id, ...\)`
	}
	d.store(ctx, &t)
	return &t, nil
}

// BySQLXGuarded caches a marker for sql.ErrNoRows.
func (d *Desk) BySQLXGuarded(ctx context.Context, id int64) (*Ticket, error) {
	if t, ok, err := d.cached(ctx, id); err != nil || ok {
		return t, err
	}
	var t Ticket
	err := d.x.GetContext(ctx, &t, "SELECT id, title FROM tickets WHERE id = $1", id)
	if errors.Is(err, sql.ErrNoRows) {
		d.rdb.Set(ctx, key(id), missing, missTTL())
		return nil, nil // ok: the marker is cached
	}
	if err != nil {
		return nil, err
	}
	d.store(ctx, &t)
	return &t, nil
}

// ByPGX scans a row straight from the pool: pgx.ErrNoRows goes back
// uncached.
func (d *Desk) ByPGX(ctx context.Context, id int64) (*Ticket, error) {
	if t, ok, err := d.cached(ctx, id); err != nil || ok {
		return t, err
	}
	var t Ticket
	err := d.pool.QueryRow(ctx, "SELECT id, title FROM tickets WHERE id = $1", id).Scan(&t.ID, &t.Title)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, err // want `d.pool.QueryRow\(...\).Scan reaches this return when it returns pgx.ErrNoRows without caching a sentinel`
	}
	if err != nil {
		return nil, err
	}
	d.store(ctx, &t)
	return &t, nil
}

// ByMongo decodes FindOne's result with the v2 driver.
func (d *Desk) ByMongo(ctx context.Context, id int64) (*Ticket, error) {
	if t, ok, err := d.cached(ctx, id); err != nil || ok {
		return t, err
	}
	var t Ticket
	if err := d.coll.FindOne(ctx, bson.M{"_id": id}).Decode(&t); err != nil {
		return nil, err // want `d.coll.FindOne\(...\).Decode reaches this return when it returns mongo.ErrNoDocuments without caching a sentinel`
	}
	d.store(ctx, &t)
	return &t, nil
}

// ByStore relies on the data layer's own error for a missing ticket.
func (d *Desk) ByStore(ctx context.Context, id int64) (*Ticket, error) {
	if t, ok, err := d.cached(ctx, id); err != nil || ok {
		return t, err
	}
	t, err := d.tickets.SQLXOwn(ctx, id)
	if err != nil {
		return nil, err // want `d.tickets.SQLXOwn reaches this return when it returns store.ErrNoTicket without caching a sentinel`
	}
	d.store(ctx, t)
	return t, nil
}

// ByCollect takes a struct by value from pgx.CollectOneRow in the store.
func (d *Desk) ByCollect(ctx context.Context, id int64) (*Ticket, error) {
	if t, ok, err := d.cached(ctx, id); err != nil || ok {
		return t, err
	}
	t, err := d.tickets.PGXCollect(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		d.rdb.Set(ctx, key(id), missing, missTTL())
		return nil, nil // ok: the marker is cached
	}
	if err != nil {
		return nil, err
	}
	d.store(ctx, &t)
	return &t, nil
}

func userKey(id int) string { return "user:" + strconv.Itoa(id) }

// User loads through ent's generated client: its *NotFoundError goes
// back uncached.
func (d *Desk) User(ctx context.Context, id int) (*ent.User, error) {
	if b, err := d.rdb.Get(ctx, userKey(id)).Bytes(); err == nil {
		var u ent.User
		return &u, json.Unmarshal(b, &u)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	u, err := d.ent.User.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, err // want `d.ent.User.Get reaches this return when it returns NotFoundError without caching a sentinel under userKey\(id\)`
	}
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(u)
	d.rdb.Set(ctx, userKey(id), b, ttl())
	return u, nil
}
