// Package zerokey refills a recipe cache keyed on the loaded record: the
// setter builds the key from recipe.ID. When the lookup finds nothing and
// the loader only logs, the record stays empty and the "marker" lands
// under recipe:0, while the key read stays missing.
package zerokey

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
)

type Recipe struct {
	ID    int64
	Title string
}

type Book struct {
	rdb *redis.Client
	db  *gorm.DB
}

func recipeKey(id int64) string { return "recipe:" + strconv.FormatInt(id, 10) }

func ttl() time.Duration { return 20*time.Minute + rand.N(5*time.Minute) }

func (b *Book) cached(ctx context.Context, id int64) (*Recipe, error) {
	raw, err := b.rdb.Get(ctx, recipeKey(id)).Bytes()
	if err != nil {
		return nil, err
	}
	r := &Recipe{}
	return r, json.Unmarshal(raw, r)
}

// store keys the entry on the record it is handed.
func (b *Book) store(ctx context.Context, r *Recipe) {
	raw, _ := json.Marshal(r)
	b.rdb.Set(ctx, recipeKey(r.ID), raw, ttl())
}

// Recipe logs a failed lookup and caches what it has: for an unknown id
// that is the empty recipe, under recipe:0.
func (b *Book) Recipe(ctx context.Context, id int64) (*Recipe, error) {
	r, err := b.cached(ctx, id)
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	r = &Recipe{}
	if err := b.db.WithContext(ctx).Where("id = ?", id).First(r).Error; err != nil {
		log.Printf("recipe %d: %v", id, err)
	}
	b.store(ctx, r) // want `on the not-found path of b.db.WithContext\(...\)...First this write keys on r, which the lookup leaves empty when the id is missing: the empty record is cached under a zero id, not under the key of cached\(id, ...\), and every request for a missing id still goes to the database \(cache penetration\); when b.db.WithContext\(...\)...First reports not-found, cache a short-lived null marker under the key of cached\(id, ...\)`
	return r, nil
}

// Stamped logs a failed lookup too, but stamps the id asked for on the
// record first: the empty recipe is the sentinel, under the right key.
func (b *Book) Stamped(ctx context.Context, id int64) (*Recipe, error) {
	r, err := b.cached(ctx, id)
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	var row Recipe
	if err := b.db.WithContext(ctx).Where("id = ?", id).First(&row).Error; err != nil {
		log.Printf("recipe %d: %v", id, err)
		row.ID = id
	}
	b.store(ctx, &row) // ok: the id asked for is on the record
	return &row, nil
}

// Marked writes a marker under the key it read when the lookup finds
// nothing, and the record under its own id otherwise.
func (b *Book) Marked(ctx context.Context, id int64) (*Recipe, error) {
	r, err := b.cached(ctx, id)
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	var row Recipe
	err = b.db.WithContext(ctx).Where("id = ?", id).First(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		b.rdb.Set(ctx, recipeKey(id), "", time.Minute)
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	b.store(ctx, &row) // ok: only a record found reaches this write
	return &row, nil
}

// Preset gives the record the id asked for before the lookup: a lookup
// that finds nothing leaves it, and the empty recipe is cached under the
// key read.
func (b *Book) Preset(ctx context.Context, id int64) (*Recipe, error) {
	r, err := b.cached(ctx, id)
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	r = &Recipe{ID: id}
	if err := b.db.WithContext(ctx).First(r).Error; err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, err
	}
	b.store(ctx, r) // ok: the id asked for is on the record
	return r, nil
}
