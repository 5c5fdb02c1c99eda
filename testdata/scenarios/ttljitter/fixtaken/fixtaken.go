// Package fixtaken imports math/rand as rand: the fix would not compile
// with a second rand, so none is offered.
package fixtaken

import (
	"context"
	"math/rand"
	"time"

	"github.com/redis/go-redis/v9"
)

func warm(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		rdb.Set(ctx, "product:"+id, id, time.Hour) // want `fixed TTL of 1h`
	}
	_ = rand.Int()
}
