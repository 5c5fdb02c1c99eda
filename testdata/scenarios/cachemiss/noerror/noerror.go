// Package noerror loads timetables through cache helpers of another
// package that return no error: nothing here can tell a Redis failure
// from a miss.
package noerror

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"

	"scenarios/cachemiss/noerror/kv"
)

type Timetable struct{ Rows []string }

type Upstream interface {
	Timetable(ctx context.Context, student string) (*Timetable, error)
}

type Service struct {
	rdb *redis.Client
	kv  *kv.Store
	up  Upstream
}

func ttl() time.Duration { return time.Hour + rand.N(10*time.Minute) }

// Timetable asks Has first: during an outage Has says "absent" and every
// request goes upstream.
func (s *Service) Timetable(ctx context.Context, student string) (*Timetable, error) {
	key := "timetable:" + student
	if s.kv.Has(ctx, key) { // want `kv.Store.Has returns no error, so a Redis failure reaches this code as a miss, and during a Redis outage or timeout every request here calls s.up.Timetable`
		var t Timetable
		if err := s.kv.Load(ctx, key, &t); err != nil {
			return nil, err
		}
		return &t, nil
	}
	t, err := s.up.Timetable(ctx, student)
	if err != nil {
		return nil, err
	}
	_ = s.kv.Save(ctx, key, t, ttl())
	return t, nil
}

// Counted asks a package function that answers 0 on a failure.
func (s *Service) Counted(ctx context.Context, student string) (*Timetable, error) {
	key := "timetable:" + student
	if kv.Count(ctx, s.rdb, key) > 0 { // want `kv.Count returns no error`
		var t Timetable
		if err := s.kv.Load(ctx, key, &t); err != nil {
			return nil, err
		}
		return &t, nil
	}
	t, err := s.up.Timetable(ctx, student)
	if err != nil {
		return nil, err
	}
	_ = s.kv.Save(ctx, key, t, ttl())
	return t, nil
}

// Loaded reads through Load, which returns the error: it tells redis.Nil
// from a failure.
func (s *Service) Loaded(ctx context.Context, student string) (*Timetable, error) {
	key := "timetable:" + student
	var t Timetable
	err := s.kv.Load(ctx, key, &t)
	if err == nil {
		return &t, nil
	}
	if !errors.Is(err, redis.Nil) {
		return nil, err // ok: a failure is returned
	}
	up, err := s.up.Timetable(ctx, student)
	if err != nil {
		return nil, err
	}
	_ = s.kv.Save(ctx, key, up, ttl())
	return up, nil
}

// Locked asks Has whether the student is locked out, and locks on a
// strike: no source of truth, only the request's context handed to the
// write (r.Context() answers nothing a cache holds).
func (s *Service) Locked(w http.ResponseWriter, r *http.Request, student string, strike bool) bool {
	key := "lock:" + student
	if s.kv.Has(r.Context(), key) { // ok: a yes/no question, nothing is loaded
		w.WriteHeader(http.StatusForbidden)
		return true
	}
	if strike {
		s.lock(r.Context(), key)
	}
	return false
}

func (s *Service) lock(ctx context.Context, key string) {
	s.rdb.Set(ctx, key, 1, ttl())
}

// present is this package's own yes/no helper: swallowed leaves it alone
// (it hands back no cached value), its callers that load are reported.
func (s *Service) present(ctx context.Context, key string) bool {
	n, _ := s.rdb.Exists(ctx, key).Result()
	return n > 0
}

// Local asks present first.
func (s *Service) Local(ctx context.Context, student string) (*Timetable, error) {
	key := "timetable:" + student
	if s.present(ctx, key) { // want `Service.present returns no error`
		var t Timetable
		if err := s.kv.Load(ctx, key, &t); err != nil {
			return nil, err
		}
		return &t, nil
	}
	t, err := s.up.Timetable(ctx, student)
	if err != nil {
		return nil, err
	}
	_ = s.kv.Save(ctx, key, t, ttl())
	return t, nil
}

// Commanded reads through Raw, whose command carries the error: Raw is
// no wrapper without an error, whatever the check here.
func (s *Service) Commanded(ctx context.Context, student string) (string, error) {
	key := "name:" + student
	if s.kv.Raw(ctx, key).Err() == nil { // ok: not "Raw returns no error"
		return "cached", nil
	}
	t, err := s.up.Timetable(ctx, student)
	if err != nil {
		return "", err
	}
	_ = s.kv.Save(ctx, key, t, ttl())
	return "", nil
}
