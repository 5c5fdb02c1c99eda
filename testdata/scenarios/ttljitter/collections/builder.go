package collections

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

type Video struct {
	ID    int64
	Title string
}

// videoKey is a key builder held in a package variable, as generated
// constants packages do.
var videoKey = func(id int64) string { return fmt.Sprintf("video:%d", id) }

func (r *Repo) cachedVideo(ctx context.Context, id int64) (*Video, error) {
	v := &Video{}
	err := r.rdb.Get(ctx, videoKey(id)).Scan(v)
	return v, err
}

// setVideo keys the entry on the record it is given.
func (r *Repo) setVideo(ctx context.Context, v *Video) {
	r.rdb.Set(ctx, videoKey(v.ID), v, 5*time.Minute)
}

// Video reads by id and refills by the loaded record: the builder pairs
// them.
func (r *Repo) Video(ctx context.Context, id int64) (*Video, error) {
	v, err := r.cachedVideo(ctx, id)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	v = &Video{}
	if err := r.db.WithContext(ctx).First(v, id).Error; err != nil {
		return nil, err
	}
	_ = r.fan.Do(context.Background(), func(ctx context.Context) {
		r.setVideo(ctx, v) // want `Repo.setVideo → Set writes with a fixed TTL of 5m`
	})
	return v, nil
}
