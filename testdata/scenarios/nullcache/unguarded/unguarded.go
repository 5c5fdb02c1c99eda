// Package unguarded shows loaders whose not-found path returns without
// caching a sentinel, and their guarded versions.
package unguarded

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

var ErrNotFound = errors.New("not found")

type Product struct{ ID, Name string }

type Repo interface {
	Product(ctx context.Context, id string) (*Product, error)
}

const nullValue = "null"

func notFoundTTL() time.Duration { return time.Minute + rand.N(10*time.Second) }

func decode(b []byte) (*Product, error) {
	var p Product
	return &p, json.Unmarshal(b, &p)
}

func unguarded(ctx context.Context, rdb *redis.Client, repo Repo, id string) (*Product, error) {
	key := "product:" + id
	b, err := rdb.Get(ctx, key).Bytes()
	if err == nil {
		if string(b) == nullValue {
			return nil, ErrNotFound
		}
		return decode(b)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	p, err := repo.Product(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, err // want `repo.Product reaches this return when it reports not-found without caching a sentinel under key`
	}
	if err != nil {
		return nil, err // ok: another failure
	}
	data, _ := json.Marshal(p)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return p, nil
}

func wrapped(ctx context.Context, rdb *redis.Client, repo Repo, id string) (*Product, error) {
	key := "product:" + id
	if b, err := rdb.Get(ctx, key).Bytes(); err == nil {
		return decode(b)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	p, err := repo.Product(ctx, id)
	if err != nil {
		if err == ErrNotFound {
			return nil, fmt.Errorf("product %s: %w", id, err) // want `reaches this return`
		}
		return nil, err
	}
	data, _ := json.Marshal(p)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return p, nil
}

func guarded(ctx context.Context, rdb *redis.Client, repo Repo, id string) (*Product, error) {
	key := "product:" + id
	b, err := rdb.Get(ctx, key).Bytes()
	if err == nil {
		if string(b) == nullValue {
			return nil, ErrNotFound
		}
		return decode(b)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	p, err := repo.Product(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, nullValue, notFoundTTL())
		return nil, err // ok: the sentinel is cached first
	}
	if err != nil {
		return nil, err
	}
	data, _ := json.Marshal(p)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return p, nil
}

func nilResult(ctx context.Context, rdb *redis.Client, load func(context.Context, string) (*Product, error), id string) (*Product, error) {
	key := "product:" + id
	if b, err := rdb.Get(ctx, key).Bytes(); err == nil {
		return decode(b)
	} else if err != redis.Nil {
		return nil, err
	}
	p, err := load(ctx, id)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, nil // want `load reaches this return when it reports not-found`
	}
	data, _ := json.Marshal(p)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return p, nil
}

func sqlScan(ctx context.Context, rdb *redis.Client, db *sql.DB, id string) (string, error) {
	key := "name:" + id
	name, err := rdb.Get(ctx, key).Result()
	if err == nil {
		return name, nil
	}
	if err != redis.Nil {
		return "", err
	}
	err = db.QueryRowContext(ctx, "SELECT name FROM products WHERE id = ?", id).Scan(&name)
	if err != nil {
		return "", err // want `db.QueryRowContext\(...\).Scan reaches this return when it returns sql.ErrNoRows`
	}
	rdb.Set(ctx, key, name, time.Hour+rand.N(time.Minute))
	return name, nil
}

type bloom interface{ MightContain(id string) bool }

func filtered(ctx context.Context, rdb *redis.Client, f bloom, repo Repo, id string) (*Product, error) {
	if !f.MightContain(id) {
		return nil, ErrNotFound
	}
	key := "product:" + id
	if b, err := rdb.Get(ctx, key).Bytes(); err == nil {
		return decode(b)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	p, err := repo.Product(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, err // ok: the filter rejects unknown ids before the database
	}
	if err != nil {
		return nil, err
	}
	data, _ := json.Marshal(p)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return p, nil
}

// bloomSet is an in-memory Bloom filter; its test is named Test.
type bloomSet struct{ bits []uint64 }

func (b *bloomSet) Test(data []byte) bool { return len(b.bits) > 0 && len(data) > 0 }

var known = &bloomSet{}

func inMemoryFilter(ctx context.Context, rdb *redis.Client, repo Repo, id string) (*Product, error) {
	if !known.Test([]byte(id)) {
		return nil, ErrNotFound
	}
	key := "product:" + id
	if b, err := rdb.Get(ctx, key).Bytes(); err == nil {
		return decode(b)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	p, err := repo.Product(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, err // ok: the filter's type says what it is
	}
	if err != nil {
		return nil, err
	}
	data, _ := json.Marshal(p)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return p, nil
}

func bloomCommand(ctx context.Context, rdb *redis.Client, repo Repo, id string) (*Product, error) {
	if ok, _ := rdb.BFExists(ctx, "products:bloom", id).Result(); !ok {
		return nil, ErrNotFound
	}
	key := "product:" + id
	if b, err := rdb.Get(ctx, key).Bytes(); err == nil {
		return decode(b)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	p, err := repo.Product(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, err // ok: BF.EXISTS rejects unknown ids first
	}
	if err != nil {
		return nil, err
	}
	data, _ := json.Marshal(p)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return p, nil
}

// generic is a generic loader: the source is the callback.
func generic[V any](ctx context.Context, rdb redis.Cmdable, key string, load func() (V, error)) (V, error) {
	var v V
	if b, err := rdb.Get(ctx, key).Bytes(); err == nil {
		return v, json.Unmarshal(b, &v)
	} else if !errors.Is(err, redis.Nil) {
		return v, err
	}
	v, err := load()
	if errors.Is(err, ErrNotFound) {
		return v, err // want `load reaches this return`
	}
	if err != nil {
		return v, err
	}
	data, _ := json.Marshal(v)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return v, nil
}

// service keeps its not-found error in a field.
type service struct {
	rdb         *redis.Client
	repo        Repo
	errNotFound error
}

func (s *service) load(ctx context.Context, id string) (*Product, error) {
	key := "product:" + id
	if b, err := s.rdb.Get(ctx, key).Bytes(); err == nil {
		return decode(b)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	p, err := s.repo.Product(ctx, id)
	if errors.Is(err, s.errNotFound) {
		return nil, err // want `s.repo.Product reaches this return when it reports not-found`
	}
	if err != nil {
		return nil, err
	}
	data, _ := json.Marshal(p)
	s.rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return p, nil
}
