// Package v8client shows the same rules on go-redis v8.
package v8client

import (
	"context"
	"math/rand"
	"time"

	"github.com/go-redis/redis/v8"
)

func load(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	rdb.Set(ctx, key, "row", time.Hour)                                                // want `Set writes with a fixed TTL of 1h`
	rdb.SetEX(ctx, key, "row", time.Hour)                                              // want `SetEX writes with a fixed TTL of 1h`
	rdb.SetArgs(ctx, key, "row", redis.SetArgs{TTL: time.Hour})                        // want `SetArgs writes`
	rdb.Set(ctx, key, "row", time.Hour+time.Duration(rand.Int63n(int64(time.Minute)))) // ok: jittered
	return "row"
}

func warm(ctx context.Context, rdb redis.UniversalClient, ids []string) {
	rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, id := range ids {
			pipe.Set(ctx, "product:"+id, id, time.Hour) // want `keys written together here`
		}
		return nil
	})
}
