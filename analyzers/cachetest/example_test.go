package cachetest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"

	"github.com/cacheguard/cacheguard/analyzers/cachetest"
)

// User, UserRepo and Users are the code under test: a cache-aside loader
// with all four guards.
type User struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

var ErrNoUser = errors.New("no such user")

type UserRepo interface {
	User(ctx context.Context, id int64) (*User, error)
}

type Users struct {
	rdb   redis.UniversalClient
	repo  UserRepo
	group singleflight.Group
}

func (s *Users) User(ctx context.Context, id int64) (*User, error) {
	key := "user:" + strconv.FormatInt(id, 10)
	b, err := s.rdb.Get(ctx, key).Bytes()
	switch {
	case err == nil && string(b) == "null": // a cached miss
		return nil, ErrNoUser
	case err == nil:
		var u User
		return &u, json.Unmarshal(b, &u)
	case !errors.Is(err, redis.Nil): // Redis is down: not a miss
		return nil, err
	}
	v, err, _ := s.group.Do(key, func() (any, error) { // one refill at a time
		ctx := context.WithoutCancel(ctx)
		u, err := s.repo.User(ctx, id)
		if errors.Is(err, ErrNoUser) {
			s.rdb.Set(ctx, key, "null", time.Minute+rand.N(10*time.Second))
			return nil, err
		}
		if err != nil {
			return nil, err
		}
		data, _ := json.Marshal(u)
		s.rdb.Set(ctx, key, data, time.Hour+rand.N(6*time.Minute)) // jittered
		return u, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*User), nil
}

// userRows is the UserRepo of the test: a counting fake database.
type userRows struct{ src *cachetest.Source[*User] }

func (r userRows) User(ctx context.Context, id int64) (*User, error) {
	return r.src.Get(ctx, strconv.FormatInt(id, 10))
}

// testUserGuards is what you write in your service's tests, as
// TestUserGuards(t *testing.T). It runs on miniredis, and on the
// redis-server at $CACHEGUARD_REDIS_ADDR when it is set.
func testUserGuards(t *testing.T) {
	cachetest.EachBackend(t, func(t *testing.T, rdb *cachetest.Redis) {
		src := cachetest.NewSource[*User](ErrNoUser)
		for i := range 40 {
			src.Put(strconv.Itoa(i), &User{ID: int64(i), Name: fmt.Sprint("user ", i)})
		}
		svc := &Users{rdb: rdb, repo: userRows{src}}
		load := func(ctx context.Context, id string) error {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				return err
			}
			_, err = svc.User(ctx, n)
			return err
		}

		cachetest.NotFoundCached(t, rdb, load, src, "404")       // penetration
		cachetest.SurvivesRedisErrors(t, rdb, load, src, "1")    // outage flood
		cachetest.SingleRefill(t, rdb, load, src, "2")           // stampede
		cachetest.LoaderSpreadsExpiries(t, rdb, load, src.IDs()) // avalanche
	})
}

// Check a loader's four guards against Redis: a missing id reaches the
// database once, concurrent misses refill once, a Redis outage does not
// become a database outage, and the keys loaded together do not expire
// together.
func Example() {
	// See testUserGuards.
}
