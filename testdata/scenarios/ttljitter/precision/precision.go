// Package precision shows the fixed TTLs that are deliberate: locks, rate
// limits, sessions, tokens, one-time codes, dedupe markers. None of them is
// reported by default.
package precision

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

func acquire(ctx context.Context, rdb *redis.Client, name, token string) (bool, error) {
	return rdb.SetNX(ctx, "lock:"+name, token, 30*time.Second).Result() // ok: a lock
}

func acquireArgs(ctx context.Context, rdb *redis.Client, name, token string) error {
	return rdb.SetArgs(ctx, name, token, redis.SetArgs{Mode: "NX", TTL: 10 * time.Second}).Err() // ok: SET NX is a lock
}

func acquireMany(ctx context.Context, rdb *redis.Client, jobs []string) {
	for _, j := range jobs {
		rdb.SetNX(ctx, "job:"+j, 1, time.Minute) // ok: NX markers in a loop are dedupe markers
	}
}

func release(ctx context.Context, rdb *redis.Client, name, token string) {
	if v, _ := rdb.Get(ctx, "lock:"+name).Result(); v == token {
		rdb.Del(ctx, "lock:"+name)
	}
}

func allow(ctx context.Context, rdb *redis.Client, ip string) bool {
	key := "rl:" + ip
	n, _ := rdb.Incr(ctx, key).Result()
	if n == 1 {
		rdb.Expire(ctx, key, time.Minute) // ok: a rate-limit window (INCR + EXPIRE)
	}
	return n <= 100
}

// strike counts a user's failed logins in a one-minute window: the first
// failure sets the counter to 1 with its window, the next ones INCR it.
func strike(ctx context.Context, rdb *redis.Client, user string) error {
	key := "failures:" + user
	if rdb.Get(ctx, key).Val() == "" {
		return rdb.Set(ctx, key, 1, time.Minute).Err() // ok: a counter's start, not a cache entry
	}
	return rdb.Incr(ctx, key).Err()
}

func allowMany(ctx context.Context, rdb *redis.Client, ips []string) {
	pipe := rdb.Pipeline()
	for _, ip := range ips {
		pipe.Incr(ctx, "hits:"+ip)
		pipe.Expire(ctx, "hits:"+ip, time.Minute) // ok: counters with a window
	}
	pipe.Exec(ctx)
}

func slidingWindow(ctx context.Context, rdb *redis.Client, user string, now time.Time) {
	key := "window:" + user
	rdb.ZAdd(ctx, key, redis.Z{Score: float64(now.UnixNano()), Member: now.UnixNano()})
	rdb.Expire(ctx, key, time.Minute) // ok: a sliding-window set
}

type sessionStore struct{ rdb *redis.Client }

func (s *sessionStore) Touch(ctx context.Context, sid string) error {
	key := "session:" + sid
	data, err := s.rdb.Get(ctx, key).Result()
	if err != nil {
		return err
	}
	return s.rdb.Set(ctx, key, data, 30*time.Minute).Err() // ok: a session, read and rewritten
}

func saveOTPs(ctx context.Context, rdb *redis.Client, codes map[string]string) {
	for phone, code := range codes {
		rdb.Set(ctx, fmt.Sprintf("otp:%s", phone), code, 5*time.Minute) // ok: one-time codes expire on purpose
	}
}

func refreshTokens(ctx context.Context, rdb *redis.Client, tokens []string) {
	for _, t := range tokens {
		tokenKey := "user:" + t
		rdb.Set(ctx, tokenKey, 1, time.Hour) // ok: the key is named a token
	}
}

type RateLimiter struct{ rdb *redis.Client }

func (l *RateLimiter) Reset(ctx context.Context, keys []string) {
	for _, k := range keys {
		l.rdb.Set(ctx, k, 0, time.Minute) // ok: the receiver is a rate limiter
	}
}

func markProcessed(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		rdb.Set(ctx, "idempotency:"+id, 1, 24*time.Hour) // ok: idempotency markers
	}
}

func captcha(ctx context.Context, rdb *redis.Client, id, answer string) {
	rdb.Set(ctx, "captcha:"+id, answer, 2*time.Minute) // ok: not a loader, not bulk
}
