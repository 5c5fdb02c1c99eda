// Package hash shows a counts cache kept in a Redis hash: the read is an
// HGETALL, the refill an HSET of the fields followed by an EXPIRE, both
// behind a cache type, and the loader sits in a repository.
package hash

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

var ErrNoEntry = errors.New("no entry")

var ErrNotFound = errors.New("record not found")

type Counts struct {
	Views, Likes int64
}

type CountsCache struct{ rdb *redis.Client }

func (c *CountsCache) key(kind string, id int64) string {
	return fmt.Sprintf("counts:%s:%d", kind, id)
}

func (c *CountsCache) Get(ctx context.Context, kind string, id int64) (Counts, error) {
	m, err := c.rdb.HGetAll(ctx, c.key(kind, id)).Result()
	if err != nil {
		return Counts{}, err
	}
	if len(m) == 0 {
		return Counts{}, ErrNoEntry
	}
	v, _ := strconv.ParseInt(m["views"], 10, 64)
	l, _ := strconv.ParseInt(m["likes"], 10, 64)
	return Counts{Views: v, Likes: l}, nil
}

func (c *CountsCache) Set(ctx context.Context, kind string, id int64, n Counts) error {
	key := c.key(kind, id)
	if err := c.rdb.HSet(ctx, key, "views", n.Views, "likes", n.Likes).Err(); err != nil {
		return err
	}
	return c.rdb.Expire(ctx, key, 15*time.Minute+time.Duration(id%90)*time.Second).Err()
}

// DAO answers from the database; an item without a row is ErrNotFound.
type DAO struct{ db *sql.DB }

func (d *DAO) Counts(ctx context.Context, kind string, id int64) (Counts, error) {
	var n Counts
	err := d.db.QueryRowContext(ctx, "SELECT views, likes FROM counts WHERE kind = $1 AND id = $2", kind, id).Scan(&n.Views, &n.Likes)
	if errors.Is(err, sql.ErrNoRows) {
		return Counts{}, ErrNotFound
	}
	return n, err
}

type Repo struct {
	cache *CountsCache
	dao   *DAO
}

// Get treats every error of the hash read as a miss and caches nothing
// for an item without a row.
func (r *Repo) Get(ctx context.Context, kind string, id int64) (Counts, error) {
	n, err := r.cache.Get(ctx, kind, id)
	if err == nil { // want `cachemiss: falling past err == nil sends every error of Get to r.dao.Counts`
		return n, nil
	}
	n, err = r.dao.Counts(ctx, kind, id)
	if err != nil {
		return Counts{}, err // want `nullcache: r.dao.Counts reaches this return when it returns hash.ErrNotFound without caching a sentinel under the key of Get\(kind, ...\)`
	}
	go r.cache.Set(ctx, kind, id, n)
	return n, nil
}

// Guarded reads only a miss through, and remembers an item without a row
// as an empty hash for a minute.
func (r *Repo) Guarded(ctx context.Context, kind string, id int64) (Counts, error) {
	n, err := r.cache.Get(ctx, kind, id)
	if err == nil {
		return n, nil
	}
	if !errors.Is(err, ErrNoEntry) {
		return Counts{}, err
	}
	n, err = r.dao.Counts(ctx, kind, id)
	if errors.Is(err, ErrNotFound) {
		r.cache.rdb.HSet(ctx, r.cache.key(kind, id), "none", 1)
		r.cache.rdb.Expire(ctx, r.cache.key(kind, id), time.Minute+time.Duration(id%30)*time.Second)
		return Counts{}, err // ok: a sentinel is cached for a minute
	}
	if err != nil {
		return Counts{}, err
	}
	r.cache.Set(ctx, kind, id, n)
	return n, nil
}

// TagCache keeps the one list of all tags under a fixed key: its read and
// its write take no key, the callers pair them by that key.
type TagCache struct{ rdb *redis.Client }

const allTags = "tags:all"

func (c *TagCache) All(ctx context.Context) (string, error) {
	return c.rdb.Get(ctx, allTags).Result()
}

func (c *TagCache) SetAll(ctx context.Context, tags string) error {
	return c.rdb.Set(ctx, allTags, tags, 24*time.Hour+time.Duration(len(tags))*time.Second).Err()
}

type TagDAO interface {
	AllTags(ctx context.Context) (string, error)
}

// Tags reloads the list on every error of the read.
func Tags(ctx context.Context, c *TagCache, dao TagDAO) (string, error) {
	tags, err := c.All(ctx)
	if err == nil { // want `cachemiss: falling past err == nil sends every error of All to dao.AllTags`
		return tags, nil
	}
	tags, err = dao.AllTags(ctx)
	if err != nil {
		return "", err
	}
	c.SetAll(ctx, tags)
	return tags, nil
}

func (c *TagCache) hotKey() string { return "tags:hot" }

func (c *TagCache) Hot(ctx context.Context) (string, error) {
	return c.rdb.Get(ctx, c.hotKey()).Result()
}

func (c *TagCache) SetHot(ctx context.Context, tags string) error {
	return c.rdb.Set(ctx, c.hotKey(), tags, time.Hour+time.Duration(len(tags))*time.Second).Err()
}

// HotTags is the same loader over a key built by a method without
// arguments.
func HotTags(ctx context.Context, c *TagCache, dao TagDAO) (string, error) {
	tags, err := c.Hot(ctx)
	if err == nil { // want `cachemiss: falling past err == nil sends every error of Hot to dao.AllTags`
		return tags, nil
	}
	if tags, err = dao.AllTags(ctx); err != nil {
		return "", err
	}
	c.SetHot(ctx, tags)
	return tags, nil
}
