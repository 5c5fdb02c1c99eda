package basic

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// GetItemWithMutex is a loader that takes a lock to rebuild the entry:
// the words after "With" say how it works, not that it writes a lock.
func GetItemWithMutex(ctx context.Context, rdb *redis.Client, id string) (string, error) {
	key := "item:" + id
	if v, err := rdb.Get(ctx, key).Result(); err == nil {
		return v, nil
	}
	ok, err := rdb.SetNX(ctx, "lock:item:"+id, 1, 10*time.Second).Result() // ok: the lock itself
	if err != nil || !ok {
		return "", err
	}
	defer rdb.Del(ctx, "lock:item:"+id)
	v := "loaded " + id
	rdb.Set(ctx, key, v, 30*time.Minute) // want `Set writes with a fixed TTL of 30m`
	return v, nil
}

// TryLockItem is named as a lock: its write is the lock.
func TryLockItem(ctx context.Context, rdb *redis.Client, id string) {
	if rdb.Get(ctx, "itemlock:"+id).Val() == "" {
		rdb.Set(ctx, "itemlock:"+id, 1, 10*time.Second) // ok: a lock, by its function's name
	}
}
