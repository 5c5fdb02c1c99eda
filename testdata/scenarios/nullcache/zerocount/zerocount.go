// Package zerocount caches like counts. A video nobody liked has a count
// of 0, which the refill caches; a loader that takes a cached 0 for a
// miss never honours it and asks the database again on every request.
package zerocount

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

type Likes struct {
	rdb *redis.Client
	db  *sql.DB
}

func likesKey(video int64) string { return "likes:" + strconv.FormatInt(video, 10) }

func ttl() time.Duration { return 10*time.Minute + rand.N(time.Minute) }

// cached reports whether the count is cached, and the count.
func (l *Likes) cached(ctx context.Context, video int64) (bool, int64, error) {
	n, err := l.rdb.Get(ctx, likesKey(video)).Int64()
	if errors.Is(err, redis.Nil) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, err
	}
	return true, n, nil
}

func (l *Likes) count(ctx context.Context, video int64) (int64, error) {
	var n int64
	err := l.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM likes WHERE video = ?", video).Scan(&n)
	return n, err
}

// Count ignores the found flag and takes 0 for a miss.
func (l *Likes) Count(ctx context.Context, video int64) (int64, error) {
	_, n, err := l.cached(ctx, video)
	if err != nil {
		return 0, err
	}
	if n == 0 { // want `n == 0 takes a cached 0 for a miss, but the refill below caches the count l.count returns, which is 0 for an id with none`
		n, err = l.count(ctx, video)
		if err != nil {
			return 0, err
		}
		l.rdb.Set(ctx, likesKey(video), n, ttl())
	}
	return n, nil
}

// Direct reads the count itself and does the same.
func (l *Likes) Direct(ctx context.Context, video int64) (int64, error) {
	n, err := l.rdb.Get(ctx, likesKey(video)).Int64()
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, err
	}
	if n <= 0 { // want `n <= 0 takes a cached 0 for a miss`
		c, err := l.count(ctx, video)
		if err != nil {
			return 0, err
		}
		l.rdb.Set(ctx, likesKey(video), c, ttl())
		return c, nil
	}
	return n, nil
}

// Found asks the found flag: a cached 0 is a hit.
func (l *Likes) Found(ctx context.Context, video int64) (int64, error) {
	found, n, err := l.cached(ctx, video)
	if err != nil {
		return 0, err
	}
	if !found { // ok: a miss is a missing key
		n, err = l.count(ctx, video)
		if err != nil {
			return 0, err
		}
		l.rdb.Set(ctx, likesKey(video), n, ttl())
	}
	return n, nil
}

// Positive caches only counts above 0, so a cached 0 never exists: the
// 0 test is no hidden miss of a cached value.
func (l *Likes) Positive(ctx context.Context, video int64) (int64, error) {
	_, n, err := l.cached(ctx, video)
	if err != nil {
		return 0, err
	}
	if n == 0 { // ok: 0 is never cached
		n, err = l.count(ctx, video)
		if err != nil {
			return 0, err
		}
		if n > 0 {
			l.rdb.Set(ctx, likesKey(video), n, ttl())
		}
	}
	return n, nil
}
