// Package closure shows a loader whose refill runs in a singleflight
// closure.
package closure

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Item(ctx context.Context, id string) (map[string]string, error)
}

type Service struct {
	rdb   *redis.Client
	repo  Repo
	group singleflight.Group
}

func (s *Service) Item(ctx context.Context, id string) (map[string]string, error) {
	key := "item:" + id
	b, err := s.rdb.Get(ctx, key).Bytes()
	if err == nil {
		var m map[string]string
		return m, json.Unmarshal(b, &m)
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	v, err, _ := s.group.Do(key, func() (any, error) {
		m, err := s.repo.Item(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return nil, err // want `s.repo.Item reaches this return when it reports not-found`
		}
		if err != nil {
			return nil, err
		}
		data, _ := json.Marshal(m)
		s.rdb.Set(ctx, key, data, time.Hour+rand.N(time.Minute))
		return m, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(map[string]string), nil
}
