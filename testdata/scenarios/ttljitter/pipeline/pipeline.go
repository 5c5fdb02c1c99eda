// Package pipeline shows bulk writes: loops, pipelines, transactions and
// MSETEX, where keys written together expire together.
package pipeline

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

type product struct{ ID, Name string }

func warmLoop(ctx context.Context, rdb *redis.Client, ps []product) {
	for _, p := range ps {
		rdb.Set(ctx, "product:"+p.ID, p.Name, time.Hour) // want `keys written together here expire in the same second`
	}
}

func warmIndex(ctx context.Context, rdb *redis.Client, ps []product) {
	for i := 0; i < len(ps); i++ {
		rdb.Set(ctx, "product:"+ps[i].ID, ps[i].Name, time.Hour) // want `fixed TTL of 1h`
	}
}

func warmPipelined(ctx context.Context, rdb redis.UniversalClient, ps []product) error {
	_, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, p := range ps {
			pipe.Set(ctx, "product:"+p.ID, p.Name, 30*time.Minute) // want `fixed TTL of 30m`
		}
		return nil
	})
	return err
}

func warmTx(ctx context.Context, rdb *redis.ClusterClient, ps []product) error {
	_, err := rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, p := range ps {
			pipe.HSet(ctx, "product:"+p.ID, "name", p.Name)
			pipe.Expire(ctx, "product:"+p.ID, 30*time.Minute) // want `Expire sets a fixed expiry of 30m`
		}
		return nil
	})
	return err
}

func warmPipeline(ctx context.Context, rdb *redis.Ring, ps []product) error {
	pipe := rdb.Pipeline()
	for _, p := range ps {
		pipe.SetEx(ctx, "product:"+p.ID, p.Name, time.Hour) // want `SetEx writes`
	}
	_, err := pipe.Exec(ctx)
	return err
}

func warmMSetEX(ctx context.Context, rdb redis.Cmdable, a, b string) {
	rdb.MSetEX(ctx, redis.MSetEXArgs{Expiration: &redis.ExpirationOption{Mode: redis.EX, Value: 3600}}, "product:1", a, "product:2", b) // want `MSetEX writes with a fixed TTL of 1h`
}

func warmJittered(ctx context.Context, rdb *redis.Client, ps []product) {
	for _, p := range ps {
		rdb.Set(ctx, "product:"+p.ID, p.Name, time.Hour+rand.N(6*time.Minute)) // ok: jittered per key
	}
}

func retry(ctx context.Context, rdb *redis.Client, v string) {
	for attempt := 0; attempt < 3; attempt++ {
		if rdb.Set(ctx, "report:daily", v, time.Hour).Err() == nil { // ok: a retry loop writes one key
			return
		}
	}
	for {
		if rdb.Set(ctx, "report:weekly", v, time.Hour).Err() == nil { // ok: a retry loop
			return
		}
	}
}

func consume(ctx context.Context, rdb *redis.Client, events <-chan product) {
	for p := range events {
		rdb.Set(ctx, "seen:"+p.ID, 1, time.Hour) // ok: one key per event as it arrives, not written together
	}
}
