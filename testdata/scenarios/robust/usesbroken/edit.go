package usesbroken

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// MidEdit is being written: it does not type-check yet.
func MidEdit(ctx context.Context, rdb *redis.Client, id string) string {
	key := "draft:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err != nil {
		v = undefinedLoad(id)
		rdb.Set(ctx, key, v, time.Minute)
	}
	return v + 1
}
