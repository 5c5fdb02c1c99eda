// Package basic shows the ways a constant TTL hides, in cache-aside
// loaders, and the jitter forms that guard it.
package basic

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"math/rand"
	randv2 "math/rand/v2"
	"os"
	"time"

	"github.com/redis/go-redis/v9"
)

const productTTL = 10 * time.Minute

const ttlSeconds = 600

var packageTTL = 2 * time.Hour // never reassigned

var reassigned = time.Hour

func init() { reassigned = loadConfig() }

func loadConfig() time.Duration {
	d, _ := time.ParseDuration(os.Getenv("TTL"))
	return d
}

func fetch(id string) string { return "row " + id }

func literal(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := fetch(id)
	rdb.Set(ctx, key, v, time.Hour) // want `Set writes with a fixed TTL of 1h \(time.Hour\) and no jitter; entries loaded together expire together`
	return v
}

func arithmetic(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := fetch(id)
	rdb.Set(ctx, key, v, 10*time.Minute)                        // want `fixed TTL of 10m \(10 \* time.Minute\)`
	rdb.Set(ctx, key, v, time.Duration(ttlSeconds)*time.Second) // want `fixed TTL of 10m`
	return v
}

func namedConst(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := fetch(id)
	rdb.Set(ctx, key, v, productTTL) // want `fixed TTL of 10m \(productTTL, set at basic.go:17\)`
	return v
}

func localVar(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	ttl := 5 * time.Minute
	n := 30
	v := fetch(id)
	rdb.Set(ctx, key, v, ttl)                          // want `fixed TTL of 5m \(5 \* time.Minute, via var ttl`
	rdb.Set(ctx, key, v, time.Duration(n)*time.Second) // want `fixed TTL of 30s`
	return v
}

func packageVar(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := fetch(id)
	rdb.Set(ctx, key, v, packageTTL) // want `fixed TTL of 2h \(2 \* time.Hour, via var packageTTL, set at basic.go:21\)`
	rdb.Set(ctx, key, v, reassigned) // ok: set from configuration in init
	return v
}

// ttlFor picks a TTL by kind: each result is a constant.
func ttlFor(kind string) time.Duration {
	if kind == "hot" {
		return time.Minute
	}
	return 20 * time.Minute
}

func helperResult(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := fetch(id)
	rdb.Set(ctx, key, v, ttlFor("hot")) // want `^Set writes with a fixed TTL of 1m \(time.Minute, via result of ttlFor, set at basic.go:\d+\) or 20m \(20 \* time.Minute, via result of ttlFor\) and no jitter`
	return v
}

func otherCommands(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err == nil {
		return v
	}
	v = fetch(id)
	rdb.SetEx(ctx, key, v, time.Hour)                                                                                       // want `SetEx writes with a fixed TTL of 1h`
	rdb.SetXX(ctx, key, v, time.Hour)                                                                                       // want `SetXX writes with a fixed TTL of 1h`
	rdb.SetArgs(ctx, key, v, redis.SetArgs{TTL: 15 * time.Minute})                                                          // want `SetArgs writes with a fixed TTL of 15m`
	rdb.SetArgs(ctx, key, v, redis.SetArgs{KeepTTL: true})                                                                  // ok: keeps the existing expiry
	rdb.Expire(ctx, key, time.Hour)                                                                                         // want `Expire sets a fixed expiry of 1h`
	rdb.ExpireAt(ctx, key, time.Now().Add(time.Hour))                                                                       // want `ExpireAt sets a fixed expiry of 1h`
	rdb.GetEx(ctx, key, time.Hour)                                                                                          // ok: a read that refreshes the expiry, not a write
	rdb.Set(ctx, key, v, 0)                                                                                                 // ok: no expiry
	rdb.Set(ctx, key, v, redis.KeepTTL)                                                                                     // ok: keeps the existing expiry
	rdb.HSetEXWithArgs(ctx, key, &redis.HSetEXOptions{ExpirationType: redis.HSetEXExpirationEX, ExpirationVal: 60}, "f", v) // want `HSetEXWithArgs writes with a fixed TTL of 1m`
	return v
}

// jitter is a jitter helper: its result depends on math/rand/v2.
func jitter(d time.Duration) time.Duration {
	return d + randv2.N(d/10)
}

// unused is a jitter helper that no TTL goes through.
func unused(d time.Duration) time.Duration {
	return d + time.Duration(rand.Int63n(int64(d/10)))
}

func cryptoJitter() time.Duration {
	var b [8]byte
	crand.Read(b[:])
	return time.Hour + time.Duration(binary.LittleEndian.Uint64(b[:])%uint64(time.Minute))
}

func jittered(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := fetch(id)
	rdb.Set(ctx, key, v, productTTL+randv2.N(productTTL/10))                        // ok: math/rand/v2
	rdb.Set(ctx, key, v, productTTL+time.Duration(rand.Int63n(int64(time.Minute)))) // ok: math/rand
	rdb.Set(ctx, key, v, jitter(productTTL))                                        // ok: jitter helper
	rdb.Set(ctx, key, v, cryptoJitter())                                            // ok: crypto/rand
	ttl := productTTL
	ttl += time.Duration(rand.Intn(60)) * time.Second
	rdb.Set(ctx, key, v, ttl)       // ok: jitter added to the variable
	rdb.Set(ctx, key, v, time.Hour) // want `fixed TTL of 1h`
	return v
}

func notALoader(ctx context.Context, rdb *redis.Client, id string) {
	rdb.Set(ctx, "product:"+id, fetch(id), time.Hour) // ok: a single write, not read first: not a cache entry by context
}

// methodValue writes through a method value held in a local.
func methodValue(ctx context.Context, rdb *redis.Client, id string) string {
	key := "product:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := fetch(id)
	set := rdb.Set
	set(ctx, key, v, time.Hour) // want `^Set writes with a fixed TTL of 1h`
	return v
}
