// Package fixunsafe has findings whose jitter fix would not be safe: the
// package's test file declares rand (the added import would clash there),
// and a TTL too small to draw a jitter from (rand.N(0) panics).
package fixunsafe

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

const tiny = 5 * time.Nanosecond

func warm(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		rdb.Set(ctx, "product:"+id, id, time.Hour) // want `fixed TTL of 1h`
		rdb.Set(ctx, "price:"+id, id, tiny)        // want `fixed TTL of 5ns`
	}
}
