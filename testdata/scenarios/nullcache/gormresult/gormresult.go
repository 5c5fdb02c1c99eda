// Package gormresult keeps the query chain and reads its error field, as
// gorm's documentation does (result := db.First(&u); result.Error), and
// names its sharded table with a helper held in a package variable.
package gormresult

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
)

type Note struct {
	ID   int64
	Body string
}

type Repo struct {
	rdb *redis.Client
	db  *gorm.DB
}

// notesTable names the shard of an owner's notes: a string helper, not a
// source of truth.
var notesTable = func(owner int64) string { return fmt.Sprintf("notes_%02d", owner%16) }

func noteKey(owner, id int64) string { return fmt.Sprintf("note:%d:%d", owner, id) }

func ttl() time.Duration { return 10*time.Minute + rand.N(time.Minute) }

// Note returns the chain's not-found and caches nothing.
func (r *Repo) Note(ctx context.Context, owner, id int64) (*Note, error) {
	key := noteKey(owner, id)
	if b, err := r.rdb.Get(ctx, key).Bytes(); err == nil {
		var n Note
		return &n, json.Unmarshal(b, &n)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	table := notesTable(owner)
	var n Note
	res := r.db.WithContext(ctx).Table(table).Where("id = ?", id).First(&n)
	if res.Error != nil {
		return nil, res.Error // want `r.db.WithContext\(...\)...First reaches this return when it returns gorm.ErrRecordNotFound without caching a sentinel`
	}
	b, _ := json.Marshal(n)
	r.rdb.Set(ctx, key, b, ttl())
	return &n, nil
}

// NoteGuarded caches a marker for a missing note.
func (r *Repo) NoteGuarded(ctx context.Context, owner, id int64) (*Note, error) {
	key := noteKey(owner, id)
	if b, err := r.rdb.Get(ctx, key).Bytes(); err == nil {
		if string(b) == "null" {
			return nil, nil
		}
		var n Note
		return &n, json.Unmarshal(b, &n)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	var n Note
	res := r.db.WithContext(ctx).Table(notesTable(owner)).Where("id = ?", id).First(&n)
	if errors.Is(res.Error, gorm.ErrRecordNotFound) {
		r.rdb.Set(ctx, key, "null", time.Minute) // ok: a short-lived marker
		return nil, nil
	}
	if res.Error != nil {
		return nil, res.Error
	}
	b, _ := json.Marshal(n)
	r.rdb.Set(ctx, key, b, ttl())
	return &n, nil
}
