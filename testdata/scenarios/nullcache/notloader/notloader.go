// Package notloader shows functions that look like loaders but are not:
// nullcache and cachemiss stay silent on all of them.
package notloader

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Update(ctx context.Context, id, name string) error
	Count(ctx context.Context) (int64, error)
	Name(ctx context.Context, id string) (string, error)
	Placeholder(ctx context.Context) (string, error)
}

// writeThrough updates the database, then the cache: no read, no miss.
func writeThrough(ctx context.Context, rdb *redis.Client, repo Repo, id, name string) error {
	if err := repo.Update(ctx, id, name); err != nil {
		return err
	}
	return rdb.Set(ctx, "name:"+id, name, time.Hour).Err()
}

// refill tops up a counter from the database when it is missing.
func refill(ctx context.Context, rdb *redis.Client, repo Repo) (int64, error) {
	n, err := rdb.Incr(ctx, "visits").Result()
	if err == nil && n > 1 {
		return n, nil
	}
	total, err := repo.Count(ctx)
	if err != nil {
		return 0, err
	}
	return total, rdb.IncrBy(ctx, "visits", total).Err()
}

// revoke and revoked are a token blacklist: written with "" and read with
// Exists, in different functions.
func revoke(ctx context.Context, rdb *redis.Client, token string) error {
	return rdb.Set(ctx, "revoked:"+token, "", 24*time.Hour).Err()
}

func revoked(ctx context.Context, rdb *redis.Client, token string) bool {
	n, _ := rdb.Exists(ctx, "revoked:"+token).Result()
	return n > 0
}

// touch reads and rewrites a key with no source in between.
func touch(ctx context.Context, rdb *redis.Client, key string) error {
	v, err := rdb.Get(ctx, key).Result()
	if err != nil {
		return err
	}
	return rdb.Set(ctx, key, v, time.Hour).Err()
}

// Meta is a request's context, handed to every helper of a handler.
type Meta struct {
	UserID  int64
	Channel string
}

type Adaptors interface {
	Find(kind string) (*Meta, error)
}

func quotaKey(id int64) string { return fmt.Sprintf("quota:%d", id) }

func reserve(ctx context.Context, rdb *redis.Client, m *Meta) (int64, error) {
	return rdb.Get(ctx, quotaKey(m.UserID)).Int64()
}

func settle(ctx context.Context, rdb *redis.Client, m *Meta, used int64) {
	rdb.Set(ctx, fmt.Sprintf("channel:%s", m.Channel), used, time.Hour)
}

// relay reads one entry through the request's meta and writes another
// through it: the same variable, not the same key.
func relay(ctx context.Context, rdb *redis.Client, ads Adaptors, m *Meta) error {
	if _, err := reserve(ctx, rdb, m); err != nil {
		return err
	}
	a, err := ads.Find(m.Channel)
	if err != nil {
		return err // ok: relay is no loader, the read and the write differ
	}
	settle(ctx, rdb, m, a.UserID) // ok: no read of the channel entry before
	return nil
}

// fetchOne reads through: on a miss it loads and writes the key itself,
// and its error is the loader's, never Redis's.
func fetchOne(ctx context.Context, rdb *redis.Client, key string, fetch func() (string, error)) (string, error) {
	v, err := rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	if v, err = fetch(); err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour+time.Duration(len(v))*time.Second)
	return v, nil
}

// orgName falls back to a placeholder when the read-through load fails,
// and remembers it: the error it sees is the database's.
func orgName(ctx context.Context, rdb *redis.Client, repo Repo, id string) string {
	name, err := fetchOne(ctx, rdb, "org:"+id, func() (string, error) { return repo.Name(ctx, id) })
	if err != nil { // ok: fetchOne's error is not a Redis error
		name, _ = repo.Placeholder(ctx)
		rdb.Set(ctx, "org:"+id, name, time.Minute+time.Duration(len(id))*time.Second)
	}
	return name
}
