// Package unchecked shows sentinels that the read path never recognizes.
package unchecked

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

var ErrNotFound = errors.New("not found")

type User struct{ Name string }

type Repo interface {
	User(ctx context.Context, id string) (*User, error)
}

const missing = "*"

func neverCompared(ctx context.Context, rdb *redis.Client, repo Repo, id string) (*User, error) {
	key := "user:" + id
	b, err := rdb.Get(ctx, key).Bytes() // want `Get never compares the value read with the sentinel "\*" that the not-found path writes \(unchecked.go:\d+\)`
	if err == nil {
		var u User
		return &u, json.Unmarshal(b, &u)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	u, err := repo.User(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, missing, time.Minute+rand.N(10*time.Second))
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	data, _ := json.Marshal(u)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return u, nil
}

func compared(ctx context.Context, rdb *redis.Client, repo Repo, id string) (*User, error) {
	key := "user:" + id
	b, err := rdb.Get(ctx, key).Bytes() // ok: compared with bytes.Equal below
	if err == nil {
		if bytes.Equal(b, []byte(missing)) {
			return nil, ErrNotFound
		}
		var u User
		return &u, json.Unmarshal(b, &u)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	u, err := repo.User(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, missing, time.Minute+rand.N(10*time.Second))
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	data, _ := json.Marshal(u)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return u, nil
}

func emptySentinel(ctx context.Context, rdb *redis.Client, repo Repo, id string) (*User, error) {
	key := "user:" + id
	b, err := rdb.Get(ctx, key).Bytes() // ok: len(b) == 0 recognizes the empty sentinel
	if err == nil {
		if len(b) == 0 {
			return nil, ErrNotFound
		}
		var u User
		return &u, json.Unmarshal(b, &u)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	u, err := repo.User(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, "", time.Minute+rand.N(10*time.Second))
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	data, _ := json.Marshal(u)
	rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
	return u, nil
}

func switched(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := rdb.Get(ctx, key).Result() // ok: switch v { case missing: }
	if err == nil {
		switch v {
		case missing:
			return "", ErrNotFound
		}
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	u, err := repo.User(ctx, id)
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, missing, time.Minute+rand.N(10*time.Second))
		return "", err
	}
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, u.Name, time.Hour+rand.N(time.Minute))
	return u.Name, nil
}
