// Package collections caches lists and counts loaded from SQL in sorted
// sets and plain keys, refilled by helpers run on a fan-out of background
// tasks, beside the sorted sets that are windows and timelines.
package collections

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/samber/lo"
	"gorm.io/gorm"
)

type Follow struct {
	FromID, ToID int64
	At           time.Time
}

// Fanout runs tasks in the background, as kratos' or go-zero's helpers do.
type Fanout struct{}

func (Fanout) Do(ctx context.Context, f func(ctx context.Context)) error { go f(ctx); return nil }

type Repo struct {
	rdb *redis.Client
	db  *gorm.DB
	fan Fanout
}

const listTTL = 3 * time.Minute

func followsKey(uid int64) string { return fmt.Sprintf("follows:%d", uid) }
func countKey(uid int64) string   { return fmt.Sprintf("follows:n:%d", uid) }

func (r *Repo) cachedFollows(ctx context.Context, uid int64) ([]string, error) {
	n, err := r.rdb.Exists(ctx, followsKey(uid)).Result()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, redis.Nil
	}
	return r.rdb.ZRevRange(ctx, followsKey(uid), 0, -1).Result()
}

// fillFollows adds every row to one sorted set, then sets its expiry: a
// cached list, with one fixed TTL.
func (r *Repo) fillFollows(ctx context.Context, uid int64, rows []Follow) {
	pipe := r.rdb.Pipeline()
	for _, f := range rows {
		pipe.ZAdd(ctx, followsKey(uid), redis.Z{Score: float64(f.At.Unix()), Member: f.ToID})
	}
	pipe.Expire(ctx, followsKey(uid), listTTL)
	_, _ = pipe.Exec(ctx)
}

// Follows loads the list from SQL after a miss and refills it in the
// background.
func (r *Repo) Follows(ctx context.Context, uid int64) ([]string, error) {
	ids, err := r.cachedFollows(ctx, uid)
	if err == nil {
		return ids, nil
	}
	if !errors.Is(err, redis.Nil) {
		log.Printf("redis: %v", err)
	}
	var rows []Follow
	if err := r.db.WithContext(ctx).Where("from_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	_ = r.fan.Do(context.Background(), func(ctx context.Context) {
		r.fillFollows(ctx, uid, rows) // want `Repo.fillFollows → Expire sets a fixed expiry of 3m \(listTTL`
	})
	for _, f := range rows {
		ids = append(ids, fmt.Sprint(f.ToID))
	}
	return ids, nil
}

func (r *Repo) cachedCount(ctx context.Context, uid int64) (int64, error) {
	return r.rdb.Get(ctx, countKey(uid)).Int64()
}

func (r *Repo) setCount(ctx context.Context, uid, n int64) {
	r.rdb.Set(ctx, countKey(uid), n, listTTL)
}

// FollowCount counts in SQL into the variable the read filled: the write
// stores the count loaded, not the value read.
func (r *Repo) FollowCount(ctx context.Context, uid int64) (int64, error) {
	n, err := r.cachedCount(ctx, uid)
	if err == nil {
		return n, nil
	}
	if err := r.db.WithContext(ctx).Table("follow_counts").Where("uid = ?", uid).Pluck("n", &n).Error; err != nil {
		return 0, err
	}
	_ = r.fan.Do(context.Background(), func(ctx context.Context) {
		r.setCount(ctx, uid, n) // want `Repo.setCount → Set writes with a fixed TTL of 3m \(listTTL`
	})
	return n, nil
}

// Hit records a request in a sliding window: a ZADD outside a loop, a
// trim and an expiry. Not a cache entry.
func (r *Repo) Hit(ctx context.Context, ip string) (int64, error) {
	key := "window:" + ip
	now := time.Now()
	if _, err := r.rdb.ZRange(ctx, key, 0, 0).Result(); err != nil {
		return 0, err
	}
	r.rdb.ZAdd(ctx, key, redis.Z{Score: float64(now.UnixNano()), Member: now.UnixNano()})
	r.rdb.ZRemRangeByScore(ctx, key, "0", fmt.Sprint(now.Add(-time.Minute).UnixNano()))
	r.rdb.Expire(ctx, key, time.Minute)
	return r.rdb.ZCard(ctx, key).Result()
}

// fillSpread adds all the rows in one call.
func (r *Repo) fillSpread(ctx context.Context, uid int64, rows []Follow) {
	zs := make([]redis.Z, 0, len(rows))
	for _, f := range rows {
		zs = append(zs, redis.Z{Score: float64(f.At.Unix()), Member: f.ToID})
	}
	pipe := r.rdb.TxPipeline()
	pipe.ZAdd(ctx, followsKey(uid), zs...)
	pipe.Expire(ctx, followsKey(uid), listTTL)
	_, _ = pipe.Exec(ctx)
}

// FollowsSpread is Follows with the spread fill.
func (r *Repo) FollowsSpread(ctx context.Context, uid int64) ([]string, error) {
	ids, err := r.cachedFollows(ctx, uid)
	if err == nil {
		return ids, nil
	}
	var rows []Follow
	if err := r.db.WithContext(ctx).Where("from_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	r.fillSpread(ctx, uid, rows) // want `Repo.fillSpread → Expire sets a fixed expiry of 3m`
	return ids, nil
}

// fillEach adds the rows one by one in lo.ForEach's callback: a loop like
// any other.
func (r *Repo) fillEach(ctx context.Context, uid int64, rows []Follow) {
	lo.ForEach(rows, func(f Follow, _ int) {
		r.rdb.ZAdd(ctx, followsKey(uid), redis.Z{Score: float64(f.At.Unix()), Member: f.ToID})
	})
	r.rdb.Expire(ctx, followsKey(uid), listTTL)
}

// FollowsEach is Follows with the lo.ForEach fill.
func (r *Repo) FollowsEach(ctx context.Context, uid int64) ([]string, error) {
	ids, err := r.cachedFollows(ctx, uid)
	if err == nil {
		return ids, nil
	}
	var rows []Follow
	if err := r.db.WithContext(ctx).Where("from_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	r.fillEach(ctx, uid, rows) // want `Repo.fillEach → Expire sets a fixed expiry of 3m`
	return ids, nil
}
