// Package branch shows loaders whose written value depends on the source
// only through a branch: the flag read from the database picks which
// constant is cached.
package branch

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

type Accounts interface {
	Active(ctx context.Context, id int) (bool, error)
	Plan(ctx context.Context, id int) (int, error)
}

type Service struct {
	rdb      *redis.Client
	accounts Accounts
}

func (s *Service) get(ctx context.Context, key string) (string, error) {
	return s.rdb.Get(ctx, key).Result()
}

// Active caches "1" or "0" after asking the database.
func (s *Service) Active(ctx context.Context, id int) (bool, error) {
	key := fmt.Sprintf("active:%d", id)
	v, err := s.get(ctx, key)
	if err == nil { // want `falling past err == nil sends every error of get to s.accounts.Active`
		return v == "1", nil
	}
	active, err := s.accounts.Active(ctx, id)
	if err != nil {
		return false, err
	}
	v = "0"
	if active {
		v = "1"
	}
	s.rdb.Set(ctx, key, v, time.Hour+time.Duration(id%60)*time.Second)
	return active, nil
}

// Tier picks the cached word with a switch on the plan; only a miss
// reaches the database.
func (s *Service) Tier(ctx context.Context, id int) (string, error) {
	key := fmt.Sprintf("tier:%d", id)
	v, err := s.get(ctx, key)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	plan, err := s.accounts.Plan(ctx, id) // ok: only redis.Nil gets here
	if err != nil {
		return "", err
	}
	var tier string
	switch plan {
	case 0:
		tier = "free"
	default:
		tier = "paid"
	}
	s.rdb.Set(ctx, key, tier, time.Hour+time.Duration(id%60)*time.Second)
	return tier, nil
}

// fetchAndCache loads the plan and caches it: the miss path of Plan calls
// it, so it is Plan's source and refill at once.
func (s *Service) fetchAndCache(ctx context.Context, id int) (int, error) {
	plan, err := s.accounts.Plan(ctx, id)
	if err != nil {
		return 0, err
	}
	s.rdb.Set(ctx, fmt.Sprintf("plan:%d", id), plan, time.Hour+time.Duration(id%60)*time.Second)
	return plan, nil
}

// Plan sends every error of the read to the helper.
func (s *Service) Plan(ctx context.Context, id int) (int, error) {
	n, err := s.rdb.Get(ctx, fmt.Sprintf("plan:%d", id)).Int()
	if err != nil { // want `err != nil sends every error of Get to s.fetchAndCache, not only redis.Nil`
		return s.fetchAndCache(ctx, id)
	}
	return n, nil
}

// PlanNil sends only a miss to the helper.
func (s *Service) PlanNil(ctx context.Context, id int) (int, error) {
	n, err := s.rdb.Get(ctx, fmt.Sprintf("plan:%d", id)).Int()
	if errors.Is(err, redis.Nil) {
		return s.fetchAndCache(ctx, id) // ok: only a miss gets here
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}

func (s *Service) set(ctx context.Context, key string, v any) error {
	return s.rdb.Set(ctx, key, v, time.Hour).Err()
}

// refreshQuota writes through a wrapper that takes the whole key: the key
// built here names the entry.
func (s *Service) refreshQuota(ctx context.Context, id int) (int, error) {
	q, err := s.accounts.Plan(ctx, id)
	if err != nil {
		return 0, err
	}
	s.set(ctx, fmt.Sprintf("quota:%d", id), q)
	return q, nil
}

// Quota reads through a wrapper that takes the whole key too.
func (s *Service) Quota(ctx context.Context, id int) (int, error) {
	v, err := s.get(ctx, fmt.Sprintf("quota:%d", id))
	if err != nil { // want `err != nil sends every error of get to s.refreshQuota`
		return s.refreshQuota(ctx, id)
	}
	return strconv.Atoi(v)
}
