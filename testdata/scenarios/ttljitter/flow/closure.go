package flow

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/errgroup"
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

// goWrite refills in a goroutine started on a literal with parameters:
// the literal is a wrapper, and its call passes the key read above.
func goWrite(ctx context.Context, rdb *redis.Client, id string) string {
	key := "doc:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "d" + id
	go func(k, val string) { // want `^go func → Set writes with a fixed TTL of 1h \(time.Hour`
		rdb.Set(context.Background(), k, val, time.Hour)
	}(key, v)
	return v
}

// deferAudit defers a write of another key through a literal: silent.
func deferAudit(ctx context.Context, rdb *redis.Client, id string) string {
	key := "doc:" + id
	defer func(k string) {
		rdb.Set(ctx, "audit:"+k, "1", time.Hour) // ok: not the key read
	}(id)
	v, _ := rdb.Get(ctx, key).Result()
	return v
}

// groupedLoad loads in an errgroup closure that stores into the value
// read: the write stores what the source loaded, not what was read.
func groupedLoad(ctx context.Context, rdb *redis.Client, id string) (string, error) {
	key := "doc:" + id
	v, err := rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil
	}
	var g errgroup.Group
	g.Go(func() error {
		var err error
		v, err = loadDoc(ctx, id)
		return err
	})
	if err := g.Wait(); err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `^Set writes with a fixed TTL of 1h \(time.Hour\)`
	return v, nil
}

func loadDoc(ctx context.Context, id string) (string, error) { return "d" + id, ctx.Err() }
