// Package fix shows the suggested fix: jitter added to a constant TTL.
package fix

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

const productTTL = 10 * time.Minute

func warm(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		rdb.Set(ctx, "product:"+id, id, productTTL)   // want `fixed TTL of 10m`
		rdb.Set(ctx, "price:"+id, id, 30*time.Minute) // want `fixed TTL of 30m`
		rdb.Set(ctx, "stock:"+id, id, 3600000000000)  // want `fixed TTL of 1h`
	}
}
