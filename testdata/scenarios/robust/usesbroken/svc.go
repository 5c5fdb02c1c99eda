// Package usesbroken imports a package that does not type-check, and has
// a function with a type error of its own: its other loader is still
// checked.
package usesbroken

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"

	"scenarios/robust/brokendep"
)

func Load(ctx context.Context, rdb *redis.Client, id string) string {
	key := "name:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := brokendep.Name(id)
	rdb.Set(ctx, key, v, time.Hour) // want: ttljitter finding
	return v
}

func genRef() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Referral makes a value on a miss: without SSA (the package does not
// type-check) the syntax still shows it is generated, not loaded.
func Referral(ctx context.Context, rdb *redis.Client, user string) string {
	key := "ref:" + user
	if r, err := rdb.Get(ctx, key).Result(); err == nil {
		return r
	}
	r := genRef()
	rdb.Set(ctx, key, r, time.Hour) // ok: a generated value, not a reload
	return r
}

type breaker struct{ Failures int }

func decodeBreaker(b []byte) (*breaker, error) {
	var br breaker
	return &br, json.Unmarshal(b, &br)
}

// Reset rewrites the breaker state it read, as without SSA the syntax
// still shows: an update of a stored record, not a refill.
func Reset(ctx context.Context, rdb *redis.Client, endpoint string) {
	key := "breaker:" + endpoint
	raw, err := rdb.Get(ctx, key).Result()
	if err != nil || raw == "" {
		return
	}
	br, err := decodeBreaker([]byte(raw))
	if err != nil {
		return
	}
	br.Failures = 0
	b, err := json.Marshal(br)
	if err != nil {
		return
	}
	rdb.Set(ctx, key, b, 5*time.Minute) // ok: the record read, written back
}
