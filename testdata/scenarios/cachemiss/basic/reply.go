package basic

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

type Item struct{ Name string }

// Names is the source of truth of the two loaders below.
type Names interface {
	Name(ctx context.Context, id string) (string, error)
}

func replyTTL() time.Duration { return time.Hour + rand.N(time.Minute) }

// closureReply keeps the command and takes its reply inside a function
// literal called on the spot: the literal hands every error of the read
// out, redis.Nil and a timeout alike.
func closureReply(ctx context.Context, rdb *redis.Client, repo Names, id string) (it Item, err error) {
	key := "item:" + id
	cmd := rdb.Get(ctx, key)
	err = func() error {
		b, err := cmd.Bytes()
		if err != nil {
			return err
		}
		return json.Unmarshal(b, &it)
	}()
	if err != nil { // want `err != nil sends every error of Get to repo.Name, not only redis.Nil`
		it.Name, err = repo.Name(ctx, id)
		if err != nil {
			return Item{}, err
		}
		b, _ := json.Marshal(it)
		rdb.Set(ctx, key, b, replyTTL())
	}
	return it, nil
}

// laterReply takes the reply of a kept command and tells the miss from a
// failure: silent.
func laterReply(ctx context.Context, rdb *redis.Client, repo Names, id string) (string, error) {
	key := "label:" + id
	cmd := rdb.Get(ctx, key)
	v, err := cmd.Result()
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	v, err = repo.Name(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, replyTTL())
	return v, nil
}
