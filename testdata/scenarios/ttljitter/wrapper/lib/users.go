package lib

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// userKey takes the context first, as some services' key builders do:
// the context is no part of the key.
func userKey(ctx context.Context, id int64) string {
	_ = ctx
	return fmt.Sprintf("user:%d", id)
}

// User reads the key of one id.
func (c *Cache) User(ctx context.Context, id int64) (string, error) { // want User:"reads\\(key=param1\\)"
	return c.rdb.Get(ctx, userKey(ctx, id)).Result()
}

// Users reads the keys of many ids, queued on a pipeline: a batch read
// of the ids' keys.
func (c *Cache) Users(ctx context.Context, ids []int64) ([]string, error) { // want Users:"reads\\(key=param1\\)"
	pipe := c.rdb.Pipeline()
	for _, id := range ids {
		pipe.Get(ctx, userKey(ctx, id))
	}
	cmds, err := pipe.Exec(ctx)
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	out := make([]string, len(cmds))
	for i, c := range cmds {
		out[i], _ = c.(*redis.StringCmd).Result()
	}
	return out, nil
}
