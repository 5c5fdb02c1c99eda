// Package flow holds the shapes where the value that reaches a write is
// not every value its variable ever held.
package flow

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// reassigned writes a jittered TTL, then a fixed one: the second write is
// reported, the first is not.
func reassigned(ctx context.Context, rdb *redis.Client, id string) string {
	key := "item:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "v" + id
	ttl := time.Hour + rand.N(time.Minute)
	rdb.Set(ctx, key, v, ttl) // ok: jittered here
	ttl = time.Hour
	rdb.Set(ctx, key, v, ttl) // want `^Set writes with a fixed TTL of 1h \(time.Hour, via var ttl`
	return v
}

// twoKeys reuses one variable for two different keys: the one read is not
// the one written, so the write is not a cache-aside refill.
func twoKeys(ctx context.Context, rdb *redis.Client, phone, token string) bool {
	key := "code:" + phone
	if err := rdb.Get(ctx, key).Err(); err != nil {
		return false
	}
	key = "session:" + token
	rdb.Set(ctx, key, phone, 24*time.Hour) // ok: a session, not the key read above
	return true
}

// sameKeyTwice stores the same key expression twice: still one key.
func sameKeyTwice(ctx context.Context, rdb *redis.Client, id string) string {
	key := "page:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err == nil {
		return v
	}
	key = "page:" + id
	rdb.Set(ctx, key, "p", time.Minute) // want `^Set writes with a fixed TTL of 1m`
	return "p"
}

// otherKeys reads one kind of key and writes another, both built with
// strconv.Itoa: a standard helper names no family, so this is no refill.
func otherKeys(ctx context.Context, rdb *redis.Client, userID, orderID int) {
	if err := rdb.Get(ctx, strconv.Itoa(userID)).Err(); err == nil {
		return
	}
	rdb.Set(ctx, strconv.Itoa(orderID), "o", time.Hour) // ok: not the key read above
}

// refreshGlobal writes one constant key once per tenant: one entry, not
// many keys expiring together.
func refreshGlobal(ctx context.Context, rdb *redis.Client, tenants []string) {
	for range tenants {
		rdb.Set(ctx, "config:global", "x", time.Hour) // ok: one key
	}
}

// saveCurrentKey chooses its one key inside; callers in loops still write
// one entry.
func saveCurrentKey(ctx context.Context, rdb *redis.Client, v string) {
	rdb.Set(ctx, "secret:current", v, 365*24*time.Hour)
}

func deliverAll(ctx context.Context, rdb *redis.Client, events []string) {
	for _, e := range events {
		saveCurrentKey(ctx, rdb, e) // ok: one key, however many events
	}
}

// warmAll writes a key per id in a loop: many keys, reported.
func warmAll(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		rdb.Set(ctx, "item:"+id, id, time.Hour) // want `^Set writes with a fixed TTL of 1h`
	}
}
