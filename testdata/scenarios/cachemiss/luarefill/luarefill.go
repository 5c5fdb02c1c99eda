// Package luarefill refills its category list with a Lua script that
// checks the lock it holds and stores the list with no expiry.
package luarefill

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

type Category struct{ Name string }

type Store interface {
	Categories(ctx context.Context) ([]Category, error)
}

const storeIfLocked = `
if redis.call("get", KEYS[1]) == ARGV[1] then
	redis.call("set", KEYS[2], ARGV[2])
	redis.call("del", KEYS[1])
	return 1
end
return 0`

type Catalog struct {
	rdb   *redis.Client
	store Store
}

func (c *Catalog) cached(ctx context.Context, key string, dst *[]Category) error {
	b, err := c.rdb.Get(ctx, key).Bytes()
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// All takes any error of the read for a miss: during an outage every
// request that wins the lock loads the list from the store.
func (c *Catalog) All(ctx context.Context) ([]Category, error) {
	key, lockKey := "categories", "categories:lock"
	var cs []Category
	err := c.cached(ctx, key, &cs)
	if err == nil { // want `falling past err == nil sends every error of cached to c.store.Categories`
		return cs, nil
	} else {
		token := uuid.NewString()
		ok, err := c.rdb.SetNX(ctx, lockKey, token, 0).Result()
		if err != nil || !ok {
			return nil, err
		}
		all, err := c.store.Categories(ctx)
		if err != nil {
			return nil, err
		}
		b, _ := json.Marshal(all)
		c.rdb.Eval(ctx, storeIfLocked, []string{lockKey, key}, token, string(b)) // ok for ttljitter: no expiry at all
		return all, nil
	}
}
