// Package broken does not type-check: the analyzers must stay silent, not
// panic.
package broken

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func load(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err != nil {
		v = undefinedSource(id)
		rdb.Set(ctx, key, v, time.Hour)
	}
	rdb.Set(ctx, key, v, undefinedTTL)
	return v + 1
}
