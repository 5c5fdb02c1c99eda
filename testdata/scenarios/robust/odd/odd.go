// Package odd holds shapes that must not crash the analyzers: deep
// closures, method values and expressions, recursion, labeled loops,
// goto, generics with constraints, and a huge switch.
package odd

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

type Client = redis.Client

func methodValues(ctx context.Context, rdb *redis.Client, keys []string) {
	set := rdb.Set
	get := (*redis.Client).Get
	for _, k := range keys {
		if get(rdb, ctx, k).Err() != nil {
			set(ctx, k, 1, 0) // no expiry: nothing to jitter (the method value is followed)
		}
	}
}

func deep(ctx context.Context, rdb *Client, keys []string) {
	func() {
		func() {
			func() {
				for _, k := range keys {
					func(k string) {
						rdb.Set(ctx, k, 1, time.Hour+time.Duration(len(k))) // ok: len(k) is not a constant
					}(k)
				}
			}()
		}()
	}()
}

// recursive TTLs must not loop forever.
func a(n int) time.Duration {
	if n == 0 {
		return time.Minute
	}
	return b(n - 1)
}

func b(n int) time.Duration { return a(n) * 2 }

func cycle(ctx context.Context, rdb *redis.Client, key string) {
	ttl := time.Minute
	for i := 0; i < 3; i++ {
		ttl = ttl * 2
	}
	if rdb.Get(ctx, key).Err() != nil {
		rdb.Set(ctx, key, 1, ttl)  // ok: the variable doubles in a loop: not one constant
		rdb.Set(ctx, key, 1, a(3)) // ok: recursion is not followed
	}
	goto end
end:
}

type number interface{ ~int | ~int64 }

func generic[T number](ctx context.Context, rdb redis.Cmdable, key string, n T) {
	rdb.Set(ctx, key, 1, time.Duration(n)*time.Second)
}

func labeled(ctx context.Context, rdb *redis.Client, groups [][]string) {
outer:
	for _, g := range groups {
		for _, k := range g {
			if k == "" {
				continue outer
			}
			rdb.Set(ctx, k, 1, 0)
		}
	}
}
