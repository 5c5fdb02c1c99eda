package basic

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Tests read keys to check them and write fixtures: not a cache.
func TestFixture(t *testing.T) {
	ctx := context.Background()
	rdb := redis.NewClient(&redis.Options{})
	for _, id := range []string{"1", "2"} {
		rdb.Set(ctx, "product:"+id, id, time.Hour) // ok: a fixture in a test
	}
	if rdb.Get(ctx, "k").Val() == "" {
		rdb.SetNX(ctx, "k", 1, time.Minute) // ok: an assertion, not a loader
	}
}
