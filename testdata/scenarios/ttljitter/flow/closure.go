package flow

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// closureWrite writes through a closure held in a local: the closure is a
// wrapper, and the call that passes the key read above is the refill.
func closureWrite(ctx context.Context, rdb *redis.Client, id string) string {
	ttl := 30 * time.Minute
	write := func(k, v string) {
		rdb.Set(ctx, k, v, ttl)
	}
	key := "doc:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "d" + id
	write(key, v) // want `^write → Set writes with a fixed TTL of 30m \(30 \* time.Minute, via var ttl`
	return v
}

// closureAudit writes an unrelated key through a closure: silent.
func closureAudit(ctx context.Context, rdb *redis.Client, id string) {
	audit := func(k string) {
		rdb.Set(ctx, "audit:"+k, "1", time.Hour)
	}
	audit(id) // ok: nothing read, no loop
}
