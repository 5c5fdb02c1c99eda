// Package membership shows membership caches: a set per user holds the
// items the database said yes for, and a probe asks the set first. Every
// analyzer runs on it: a probe looks up no entity, so nullcache is silent.
package membership

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

type Stars struct {
	rdb *redis.Client
	db  *sql.DB
}

func starsKey(user int64) string { return "stars:" + strconv.FormatInt(user, 10) }

func ttl() time.Duration { return time.Hour + rand.N(10*time.Minute) }

// Starred reads the answer with Val: a failed SISMEMBER is "no", and the
// database is asked instead.
func (s *Stars) Starred(ctx context.Context, user, repo int64) (bool, error) {
	key := starsKey(user)
	if s.rdb.SIsMember(ctx, key, repo).Val() { // want `cachemiss: the error of SIsMember is discarded, so any Redis failure reads as a miss and goes to s.db.QueryRowContext`
		return true, nil
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM stars WHERE user_id = ? AND repo_id = ?", user, repo).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		s.rdb.SAdd(ctx, key, repo)
		s.rdb.Expire(ctx, key, ttl())
		return true, nil
	}
	return false, nil
}

// StarredChecked returns a failed SISMEMBER to its caller.
func (s *Stars) StarredChecked(ctx context.Context, user, repo int64) (bool, error) {
	key := starsKey(user)
	yes, err := s.rdb.SIsMember(ctx, key, repo).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return false, err // ok
	}
	if yes {
		return true, nil
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM stars WHERE user_id = ? AND repo_id = ?", user, repo).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		s.rdb.SAdd(ctx, key, repo)
		s.rdb.Expire(ctx, key, ttl())
	}
	return n > 0, nil
}

// Vote keeps a set of voters: no database behind it, so no loader.
func (s *Stars) Vote(ctx context.Context, poll, user int64) bool {
	key := "voters:" + strconv.FormatInt(poll, 10)
	if s.rdb.SIsMember(ctx, key, user).Val() { // ok: nothing is loaded on a "no"
		return false
	}
	s.rdb.SAdd(ctx, key, user)
	return true
}
