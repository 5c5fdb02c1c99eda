// Package withtests has in-package tests, one of which does not
// type-check: the package's finding is reported once (not again for the
// test variant), and the broken test does not hide it.
package withtests

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func Load(ctx context.Context, rdb *redis.Client, id string) string {
	key := "w:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v
	}
	v := "v" + id
	rdb.Set(ctx, key, v, time.Hour) // want: one ttljitter finding
	return v
}
