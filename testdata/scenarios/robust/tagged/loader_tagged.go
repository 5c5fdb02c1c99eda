//go:build cgtagged

package tagged

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func Load(ctx context.Context, rdb *redis.Client, id string) string {
	key := "t:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "v" + id
	rdb.Set(ctx, key, v, time.Hour) // want: a ttljitter finding with -tags cgtagged
	return v
}
