// Package usesbroken imports a package that does not type-check, and has
// a function with a type error of its own: its other loader is still
// checked.
package usesbroken

import (
	"context"
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
