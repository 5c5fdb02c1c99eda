package gormresult

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
)

// ErrNoNote is the repository's own not-found.
var ErrNoNote = errors.New("no such note")

// NoteFlagged keeps gorm's not-found in a flag set in a branch: any other
// error returns first, and the missing note returns later with nothing
// cached. The report is on that later return, which only the missing
// note reaches.
func (r *Repo) NoteFlagged(ctx context.Context, owner, id int64) (*Note, error) {
	key := noteKey(owner, id)
	b, err := r.rdb.Get(ctx, key).Bytes()
	if err == nil {
		var n Note
		return &n, json.Unmarshal(b, &n)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	var n Note
	err = r.db.WithContext(ctx).Where("id = ?", id).First(&n).Error
	missing := false
	if errors.Is(err, gorm.ErrRecordNotFound) {
		missing = true
	}
	if err != nil && !missing {
		return nil, err
	}
	if missing {
		return nil, ErrNoNote // want `r.db.WithContext\(...\)...First reaches this return when it returns gorm.ErrRecordNotFound without caching a sentinel`
	}
	b, _ = json.Marshal(n)
	r.rdb.Set(ctx, key, b, ttl())
	return &n, nil
}
