package flow

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

// Store wraps the client; put writes with the TTL its caller gives.
type Store struct {
	rdb *redis.Client
}

func (s *Store) put(ctx context.Context, key, v string, ttl time.Duration) {
	s.rdb.Set(ctx, key, v, ttl)
}

func (s *Store) get(ctx context.Context, key string) (string, error) {
	return s.rdb.Get(ctx, key).Result()
}

// boundPut refills through a method value of the wrapper held in a local:
// the call is a call of the wrapper, with its fixed TTL.
func (s *Store) boundPut(ctx context.Context, id string) string {
	put := s.put
	key := "page:" + id
	if v, err := s.get(ctx, key); err == nil {
		return v
	}
	v := "p" + id
	put(ctx, key, v, time.Hour) // want `^Store.put → Set writes with a fixed TTL of 1h \(time.Hour, Set at funcvalue.go:17\)`
	return v
}

func putWith(ctx context.Context, rdb *redis.Client, key, v string, ttl time.Duration) {
	rdb.Set(ctx, key, v, ttl)
}

// funcValue refills through a function value held in a local.
func funcValue(ctx context.Context, rdb *redis.Client, id string) string {
	write := putWith
	key := "card:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "c" + id
	write(ctx, rdb, key, v, 2*time.Hour) // want `^putWith → Set writes with a fixed TTL of 2h \(2 \* time.Hour, Set at funcvalue.go:38\)`
	return v
}

// boundJittered hands the method value a jittered TTL: silent.
func (s *Store) boundJittered(ctx context.Context, id string) string {
	put := s.put
	key := "page:" + id
	if v, err := s.get(ctx, key); err == nil {
		return v
	}
	v := "p" + id
	put(ctx, key, v, time.Hour+rand.N(time.Minute)) // ok: jittered
	return v
}

// paramPut may be handed any function; stored once in the body, it may
// still hold the one it came in with: not resolved.
func (s *Store) paramPut(ctx context.Context, put func(context.Context, string, string, time.Duration), fast bool, id string) string {
	if fast {
		put = s.put
	}
	key := "page:" + id
	if v, err := s.get(ctx, key); err == nil {
		return v
	}
	v := "p" + id
	put(ctx, key, v, time.Hour) // ok: which function is not known here
	return v
}

func putOf[V ~string](ctx context.Context, rdb *redis.Client, key string, v V, ttl time.Duration) {
	rdb.Set(ctx, key, string(v), ttl)
}

// genericValue refills through an instantiated generic function held in
// a local.
func genericValue(ctx context.Context, rdb *redis.Client, id string) string {
	write := putOf[string]
	key := "gen:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "g" + id
	write(ctx, rdb, key, v, 3*time.Hour) // want `^putOf → Set writes with a fixed TTL of 3h \(3 \* time.Hour, Set at funcvalue.go:\d+\)`
	return v
}
