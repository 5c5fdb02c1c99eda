// Package strict is analyzed with -strict: every constant TTL on a write
// command is reported, cache entry or not; TTL 0 and KeepTTL still are not.
package strict

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func single(ctx context.Context, rdb *redis.Client, id string) {
	rdb.Set(ctx, "product:"+id, id, time.Hour)          // want `fixed TTL of 1h .* if many keys are written with it`
	rdb.SetNX(ctx, "lock:"+id, "token", 10*time.Second) // want `SetNX writes with a fixed TTL of 10s`
	rdb.Set(ctx, "product:"+id, id, 0)                  // ok: no expiry
	rdb.Set(ctx, "product:"+id, id, redis.KeepTTL)      // ok: keeps the expiry
	rdb.Set(ctx, "session:"+id, id, time.Hour)          // ok: under a -not-cache-keys prefix
}

func window(ctx context.Context, rdb *redis.Client, ip string) {
	rdb.Incr(ctx, "rl:"+ip)
	rdb.Expire(ctx, "rl:"+ip, time.Minute) // want `Expire sets a fixed expiry of 1m`
}

func put(ctx context.Context, rdb *redis.Client, key string) {
	rdb.Set(ctx, key, 1, time.Minute) // want `fixed TTL of 1m`
}

func caller(ctx context.Context, rdb *redis.Client, keys []string) {
	for _, k := range keys {
		put(ctx, rdb, k) // ok: reported once, at the write inside put
	}
}

// otp reads then writes a one-time code: in -strict it is a fixed TTL,
// but not a cache entry, so the message does not speak of reloads.
func otp(ctx context.Context, rdb *redis.Client, phone, code string) {
	if rdb.Get(ctx, "otp:"+phone).Err() == nil {
		return
	}
	rdb.Set(ctx, "otp:"+phone, code, 5*time.Minute) // want `fixed TTL of 5m .* if many keys are written with it`
}
