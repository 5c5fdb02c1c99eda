// Package lua shows cache fills done by Lua scripts: the TTL is a number
// in the script's text, not a Go expression.
package lua

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/redis/go-redis/v9"
)

type Seats struct {
	rdb *redis.Client
	db  *sql.DB
}

func seatKey(id int64) string { return "seats:" + strconv.FormatInt(id, 10) }

// Free reads the cached count and refills it with a script that sets the
// hash and its expiry in one round trip.
func (s *Seats) Free(ctx context.Context, show int64) (int, error) {
	n, err := s.rdb.HGet(ctx, seatKey(show), "free").Int()
	if err == nil {
		return n, nil
	}
	if err := s.db.QueryRowContext(ctx, "SELECT free FROM shows WHERE id = ?", show).Scan(&n); err != nil {
		return 0, err
	}
	const fill = `
		redis.call("HSET", KEYS[1], "free", ARGV[1])
		redis.call("EXPIRE", KEYS[1], 600)
		return 1`
	s.rdb.Eval(ctx, fill, []string{seatKey(show)}, n) // want `EVAL writes with a fixed TTL of 10m \(EXPIRE … 600 in the Lua script, set at lua.go:32\) and no jitter`
	return n, nil
}

var pushSeats = redis.NewScript(`
local key = KEYS[1]
redis.call('SET', key, ARGV[1], 'EX', 300)
return 1
`)

// push is a wrapper: its callers decide whether the write is a cache entry.
func (s *Seats) push(ctx context.Context, key string, free int) error {
	return pushSeats.Run(ctx, s.rdb, []string{key}, free).Err()
}

// Warm fills many shows at once: their entries expire together.
func (s *Seats) Warm(ctx context.Context, shows map[int64]int) {
	for id, free := range shows {
		_ = s.push(ctx, seatKey(id), free) // want `Seats.push → Script.Run writes with a fixed TTL of 5m \(SET … EX 300 in the Lua script, set at lua.go:40`
	}
}

// Hit counts requests in a window: the script increments the key it
// expires, so it is a counter, not a cache entry.
func (s *Seats) Hit(ctx context.Context, show int64) {
	keys := []string{"hits:" + strconv.FormatInt(show, 10)}
	for i := 0; i < 3; i++ {
		s.rdb.Eval(ctx, `redis.call("INCR", KEYS[1]) redis.call("EXPIRE", KEYS[1], 60)`, keys) // ok: a window
	}
}

// Hold takes a lock with a script: SET NX is a lock, not a cache entry.
func (s *Seats) Hold(ctx context.Context, shows []int64, token string) {
	for _, id := range shows {
		s.rdb.Eval(ctx, `return redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", 3000)`, []string{seatKey(id)}, token) // ok: a lock
	}
}

// Run runs a script it is handed: its text is unknown here.
func (s *Seats) Run(ctx context.Context, script string, shows []int64) {
	for _, id := range shows {
		s.rdb.Eval(ctx, script, []string{seatKey(id)}) // ok: the script is not known
	}
}
