// Package kv is a shared cache package whose helpers answer without an
// error: a failure comes back as "absent" or as nothing.
package kv

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"
)

type Store struct{ rdb *redis.Client }

// Has says whether the key is cached; a failure reads as false.
func (s *Store) Has(ctx context.Context, key string) bool {
	return s.rdb.Exists(ctx, key).Val() == 1
}

// Count says how many of the keys exist; 0 on a failure.
func Count(ctx context.Context, rdb *redis.Client, key string) int64 {
	n, err := rdb.Exists(ctx, key).Result()
	if err != nil {
		return 0
	}
	return n
}

// Load decodes the cached entry into dst and reports an error, a miss
// being redis.Nil.
func (s *Store) Load(ctx context.Context, key string, dst any) error {
	b, err := s.rdb.Get(ctx, key).Bytes()
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// Save stores v under key for ttl.
func (s *Store) Save(ctx context.Context, key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.rdb.Set(ctx, key, b, ttl).Err()
}

// Raw hands back the command: its Err holds the failure.
func (s *Store) Raw(ctx context.Context, key string) *redis.StringCmd {
	return s.rdb.Get(ctx, key)
}
