// Package wrapper reads through a wrapper whose miss is its own error.
package wrapper

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

var ErrMiss = errors.New("cache miss")

type Cache struct{ rdb *redis.Client }

func (c *Cache) Get(ctx context.Context, key string, dst any) error {
	b, err := c.rdb.Get(ctx, key).Bytes()
	if errors.Is(err, redis.Nil) {
		return ErrMiss
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

func (c *Cache) Set(ctx context.Context, key string, v any) error {
	b, _ := json.Marshal(v)
	return c.rdb.Set(ctx, key, b, time.Hour+rand.N(time.Minute)).Err()
}

type User struct{ Name string }

type Repo interface {
	User(ctx context.Context, id string) (*User, error)
}

func anyError(ctx context.Context, c *Cache, repo Repo, id string) (*User, error) {
	key := "user:" + id
	var u User
	if err := c.Get(ctx, key, &u); err == nil { // want `falling past err == nil sends every error of Get to repo.User`
		return &u, nil
	}
	p, err := repo.User(ctx, id)
	if err != nil {
		return nil, err
	}
	c.Set(ctx, key, p)
	return p, nil
}

func onlyMiss(ctx context.Context, c *Cache, repo Repo, id string) (*User, error) {
	key := "user:" + id
	var u User
	err := c.Get(ctx, key, &u)
	if err == nil {
		return &u, nil
	}
	if !errors.Is(err, ErrMiss) { // ok: the wrapper's miss error is named
		return nil, err
	}
	p, err := repo.User(ctx, id)
	if err != nil {
		return nil, err
	}
	c.Set(ctx, key, p)
	return p, nil
}

// Node keeps its miss error in a field, as go-zero's cache does.
type Node struct {
	rdb         *redis.Client
	errNotFound error
}

func (n *Node) get(ctx context.Context, key string, dst any) error {
	b, err := n.rdb.Get(ctx, key).Bytes()
	if errors.Is(err, redis.Nil) {
		return n.errNotFound
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

func (n *Node) take(ctx context.Context, repo Repo, key, id string) (*User, error) {
	var u User
	err := n.get(ctx, key, &u)
	if err == nil {
		return &u, nil
	}
	if !errors.Is(err, n.errNotFound) { // ok: the miss is the field's error
		return nil, err
	}
	p, err := repo.User(ctx, id)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(p)
	n.rdb.Set(ctx, key, b, time.Hour+rand.N(time.Minute))
	return p, nil
}
