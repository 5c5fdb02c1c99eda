// Package many chooses a TTL among many constants: each write is still one
// fixed TTL per kind of entry, and gets one finding that names the
// candidates, however many there are.
package many

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// ttlByKind has more constant returns than a value carries (8): the rest
// are counted, not dropped.
func ttlByKind(kind int) time.Duration {
	switch kind {
	case 1:
		return 1 * time.Minute
	case 2:
		return 2 * time.Minute
	case 3:
		return 3 * time.Minute
	case 4:
		return 4 * time.Minute
	case 5:
		return 5 * time.Minute
	case 6:
		return 6 * time.Minute
	case 7:
		return 7 * time.Minute
	case 8:
		return 8 * time.Minute
	case 9:
		return 9 * time.Minute
	}
	return 10 * time.Minute
}

func byHelper(ctx context.Context, rdb *redis.Client, id string, kind int) string {
	key := "doc:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "x"
	rdb.Set(ctx, key, v, ttlByKind(kind)) // want `^Set writes with a fixed TTL of 1m \(1 \* time.Minute, via result of ttlByKind, set at many.go:\d+\), 2m .*, 8m \(8 \* time.Minute, via result of ttlByKind\) or one of 2 more constants and no jitter`
	return v
}

// byVariable stores nine constants to one variable: one finding, not none.
func byVariable(ctx context.Context, rdb *redis.Client, id string, kind int) string {
	key := "page:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	ttl := time.Minute
	switch kind {
	case 1:
		ttl = 2 * time.Minute
	case 2:
		ttl = 3 * time.Minute
	case 3:
		ttl = 4 * time.Minute
	case 4:
		ttl = 5 * time.Minute
	case 5:
		ttl = 6 * time.Minute
	case 6:
		ttl = 7 * time.Minute
	case 7:
		ttl = 8 * time.Minute
	case 8:
		ttl = 9 * time.Minute
	}
	v := "y"
	rdb.Set(ctx, key, v, ttl) // want `^Set writes with a fixed TTL of 1m \(time.Minute, via var ttl, set at many.go:\d+\), .* or one of 1 more constants and no jitter`
	return v
}

// premium picks one of two TTLs: one finding naming both.
func premium(ctx context.Context, rdb *redis.Client, id string, vip bool) string {
	key := "user:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	ttl := time.Hour
	if vip {
		ttl = 2 * time.Hour
	}
	v := "z"
	rdb.Set(ctx, key, v, ttl) // want `^Set writes with a fixed TTL of 1h \(time.Hour, via var ttl, set at many.go:\d+\) or 2h \(2 \* time.Hour, via var ttl\) and no jitter`
	return v
}
