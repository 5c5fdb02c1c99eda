// Package model checks the facts the cache model exports. // want package:"reachesRedis"
package model

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"math/rand"
	randv2 "math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

func Jitter(d time.Duration) time.Duration { // want Jitter:"jitters"
	return d + randv2.N(d/10)
}

func JitterV1(d time.Duration) time.Duration { // want JitterV1:"jitters"
	return d + time.Duration(rand.Int63n(int64(d/10)))
}

func CryptoJitter() time.Duration { // want CryptoJitter:"jitters"
	var b [8]byte
	crand.Read(b[:])
	return time.Hour + time.Duration(binary.LittleEndian.Uint64(b[:])%uint64(time.Minute))
}

// Through jitters because the helper it calls does.
func Through(d time.Duration) time.Duration { return Jitter(d) } // want Through:"jitters"

// Fixed returns a constant: no fact.
func Fixed() time.Duration { return time.Hour }

type priceCache struct {
	rdb *redis.Client
	ttl time.Duration
}

// NewPriceCache stores its TTL parameter in a field a loader writes with.
func NewPriceCache(rdb *redis.Client, ttl time.Duration) *priceCache { // want NewPriceCache:"writes\\(ttl=param1 aside via Set\\)"
	return &priceCache{rdb: rdb, ttl: ttl}
}

// Load reads through: it writes the key it reads, so it is no read
// wrapper for its callers (their errors are not Redis's).
func (c *priceCache) Load(ctx context.Context, id string) string { // want Load:"writes\\(keys=param1\\)"
	if v, err := c.rdb.Get(ctx, id).Result(); err == nil {
		return v
	}
	c.rdb.Set(ctx, id, "1.00", c.ttl)
	return "1.00"
}

// SetGeneric is a generic TTL wrapper.
func SetGeneric[V any](ctx context.Context, rdb redis.Cmdable, key string, v V, ttl time.Duration) { // want SetGeneric:"writes\\(ttl=param4 key=param2 via Set; keys=param2\\)"
	rdb.Set(ctx, key, v, ttl)
}

// SetMinutes scales its parameter.
func SetMinutes(ctx context.Context, rdb redis.Cmdable, key string, minutes int) { // want SetMinutes:"writes\\(ttl=param3\\*60000000000 key=param2 via Set; keys=param2\\)"
	rdb.Set(ctx, key, 1, time.Duration(minutes)*time.Minute)
}

// Forward forwards to a wrapper of this package.
func Forward(ctx context.Context, rdb redis.Cmdable, key string, minutes int) { // want Forward:"writes\\(ttl=param3\\*60000000000 key=param2 via SetMinutes → Set; keys=param2\\)"
	SetMinutes(ctx, rdb, key, minutes)
}

// Lock writes with a constant chosen inside, under a key chosen inside.
func Lock(ctx context.Context, rdb redis.Cmdable) { // want Lock:"writes\\(ttl=10 \\* time.Second conditional created via SetNX; keys=const\\)"
	rdb.SetNX(ctx, "lock:x", 1, 10*time.Second)
}
