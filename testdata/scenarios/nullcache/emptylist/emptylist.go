// Package emptylist caches a user's lists in sets and sorted sets filled
// row by row from SQL: a user with no rows gets no key at all.
package emptylist

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
)

type Like struct {
	UserID, VideoID int64
	At              time.Time
}

type Repo struct {
	rdb *redis.Client
	db  *gorm.DB
}

func ttl() time.Duration { return 10*time.Minute + rand.N(time.Minute) }

func likesKey(uid int64) string { return fmt.Sprintf("likes:%d", uid) }

// Likes adds each row to the set and sets its expiry: with no likes,
// SADD never runs and the EXPIRE finds no key.
func (r *Repo) Likes(ctx context.Context, uid int64) ([]string, error) {
	key := likesKey(uid)
	ids, err := r.rdb.SMembers(ctx, key).Result()
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		return ids, nil
	}
	var rows []Like
	if err := r.db.WithContext(ctx).Where("user_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	pipe := r.rdb.Pipeline()
	for _, l := range rows {
		pipe.SAdd(ctx, key, l.VideoID) // want `adds the rows of r.db.WithContext\(\.\.\.\)\.\.\.Find one by one: when there are none it writes nothing`
		ids = append(ids, fmt.Sprint(l.VideoID))
	}
	pipe.Expire(ctx, key, ttl())
	_, err = pipe.Exec(ctx)
	return ids, err
}

func (r *Repo) fill(ctx context.Context, uid int64, rows []Like) {
	pipe := r.rdb.TxPipeline()
	for _, l := range rows {
		pipe.ZAdd(ctx, likesKey(uid), redis.Z{Score: float64(l.At.Unix()), Member: l.VideoID})
	}
	pipe.Expire(ctx, likesKey(uid), ttl())
	_, _ = pipe.Exec(ctx)
}

func (r *Repo) cached(ctx context.Context, uid int64) ([]string, error) {
	n, err := r.rdb.Exists(ctx, likesKey(uid)).Result()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, redis.Nil
	}
	return r.rdb.ZRevRange(ctx, likesKey(uid), 0, -1).Result()
}

// Timeline refills through a helper that does the same.
func (r *Repo) Timeline(ctx context.Context, uid int64) ([]string, error) {
	ids, err := r.cached(ctx, uid)
	if err == nil {
		return ids, nil
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	var rows []Like
	if err := r.db.WithContext(ctx).Where("user_id = ?", uid).Order("at desc").Find(&rows).Error; err != nil {
		return nil, err
	}
	r.fill(ctx, uid, rows) // want `refills the key of cached\(uid, ...\) through fill, which adds the rows`
	for _, l := range rows {
		ids = append(ids, fmt.Sprint(l.VideoID))
	}
	return ids, nil
}

// Guarded adds a placeholder member when there are no rows, and drops it
// on read: silent.
func (r *Repo) Guarded(ctx context.Context, uid int64) ([]string, error) {
	key := "liked:" + fmt.Sprint(uid)
	ids, err := r.rdb.SMembers(ctx, key).Result()
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		return slices.DeleteFunc(ids, func(id string) bool { return id == "-" }), nil
	}
	var rows []Like
	if err := r.db.WithContext(ctx).Where("user_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		r.rdb.SAdd(ctx, key, "-")
	}
	for _, l := range rows {
		r.rdb.SAdd(ctx, key, l.VideoID)
		ids = append(ids, fmt.Sprint(l.VideoID))
	}
	r.rdb.Expire(ctx, key, ttl())
	return ids, nil
}

func (r *Repo) recent(ctx context.Context, uid int64) ([]string, error) {
	return r.rdb.ZRevRange(ctx, likesKey(uid), 0, -1).Result()
}

// OnlyOnError reads with ZREVRANGE, which answers a missing key with an
// empty list and no error: the source is asked only when Redis fails, so
// an empty list never brings requests to the database (a cachemiss
// matter, not a penetration): silent here.
func (r *Repo) OnlyOnError(ctx context.Context, uid int64) ([]string, error) {
	ids, err := r.recent(ctx, uid)
	if err == nil {
		return ids, nil
	}
	var rows []Like
	if err := r.db.WithContext(ctx).Where("user_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	r.fill(ctx, uid, rows)
	return ids, nil
}

func blockedKey(uid int64) string { return fmt.Sprintf("blocked:%d", uid) }

func (r *Repo) cachedBlocked(ctx context.Context, uid int64) (*[]string, error) {
	ids, err := r.rdb.SMembers(ctx, blockedKey(uid)).Result()
	if err != nil {
		return nil, err
	}
	return &ids, nil
}

func (r *Repo) setBlocked(ctx context.Context, uid int64, ids []any) error {
	return r.rdb.SAdd(ctx, blockedKey(uid), ids).Err()
}

// Blocked hands the rows to SADD as one slice, and treats an empty set as
// the miss: with no rows nothing is added, and the next call asks again.
func (r *Repo) Blocked(ctx context.Context, uid int64) ([]string, error) {
	list, err := r.cachedBlocked(ctx, uid)
	if err != nil {
		return nil, err
	}
	if len(*list) > 0 {
		return *list, nil
	}
	var rows []Like
	if err := r.db.WithContext(ctx).Where("user_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	ids := make([]any, 0, len(rows))
	for _, l := range rows {
		ids = append(ids, l.VideoID)
	}
	_ = r.setBlocked(ctx, uid, ids) // want `refills the key of cachedBlocked\(uid, ...\) through setBlocked, which adds the rows`
	return *list, nil
}

func (r *Repo) markEmpty(ctx context.Context, key string) {
	r.rdb.ZAdd(ctx, key, redis.Z{Score: 0, Member: "-"})
	r.rdb.Expire(ctx, key, time.Minute)
}

// Placeholder writes a one-member placeholder through a helper of its own
// when there are no rows: silent.
func (r *Repo) Placeholder(ctx context.Context, uid int64) ([]string, error) {
	key := likesKey(uid)
	n, err := r.rdb.Exists(ctx, key).Result()
	if err != nil {
		return nil, err
	}
	if n == 1 {
		return r.rdb.ZRange(ctx, key, 0, -1).Result()
	}
	var rows []Like
	if err := r.db.WithContext(ctx).Where("user_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		r.markEmpty(ctx, key)
		return nil, nil
	}
	zs := make([]redis.Z, 0, len(rows))
	for _, l := range rows {
		zs = append(zs, redis.Z{Score: float64(l.At.Unix()), Member: l.VideoID})
	}
	r.rdb.ZAdd(ctx, key, zs...)
	r.rdb.Expire(ctx, key, ttl())
	return nil, nil
}

// LikesFixed is Likes with a fixed expiry: the EXPIRE after the fill is
// no placeholder.
func (r *Repo) LikesFixed(ctx context.Context, uid int64) ([]string, error) {
	key := likesKey(uid) + ":fixed"
	n, err := r.rdb.Exists(ctx, key).Result()
	if err != nil {
		return nil, err
	}
	if n == 1 {
		return r.rdb.SMembers(ctx, key).Result()
	}
	var rows []Like
	if err := r.db.WithContext(ctx).Where("user_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	pipe := r.rdb.Pipeline()
	for _, l := range rows {
		pipe.SAdd(ctx, key, l.VideoID) // want `adds the rows of r.db.WithContext\(\.\.\.\)\.\.\.Find one by one`
	}
	pipe.Expire(ctx, key, time.Hour)
	_, err = pipe.Exec(ctx)
	return nil, err
}

// Retry waits for the lock by calling itself again; the refill is the
// fill, not the retry.
func (r *Repo) Retry(ctx context.Context, uid int64, tries int) ([]string, error) {
	n, err := r.rdb.Exists(ctx, likesKey(uid)).Result()
	if err != nil {
		return nil, err
	}
	if n == 1 {
		return r.rdb.ZRange(ctx, likesKey(uid), 0, -1).Result()
	}
	ok, err := r.rdb.SetNX(ctx, "lock:"+likesKey(uid), 1, time.Second).Result()
	if err != nil {
		return nil, err
	}
	if !ok && tries > 0 {
		time.Sleep(10 * time.Millisecond)
		return r.Retry(ctx, uid, tries-1)
	}
	var rows []Like
	if err := r.db.WithContext(ctx).Where("user_id = ?", uid).Find(&rows).Error; err != nil {
		return nil, err
	}
	r.fill(ctx, uid, rows) // want `refills likesKey\(uid\) through fill, which adds the rows`
	return nil, nil
}
