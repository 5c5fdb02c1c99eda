// Package rocks shows github.com/dtm-labs/rockscache: TTLs are jittered by
// the library; EmptyExpire 0 disables caching of empty results, and a
// fetch function that returns not-found as an error defeats it.
package rocks

import (
	"errors"
	"time"

	"github.com/dtm-labs/rockscache"
	"github.com/redis/go-redis/v9"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Name(id string) (string, error)
}

func clients(rdb *redis.Client) []*rockscache.Client {
	opts := rockscache.NewDefaultOptions()
	opts.EmptyExpire = 0 // want `nullcache: EmptyExpire = 0 turns off rockscache's caching of empty results`
	good := rockscache.NewDefaultOptions()
	good.EmptyExpire = 30 * time.Second // ok
	return []*rockscache.Client{
		rockscache.NewClient(rdb, opts),
		rockscache.NewClient(rdb, good),
		rockscache.NewClient(rdb, rockscache.Options{Delay: 10 * time.Second}), // want `nullcache: rockscache.Options.EmptyExpire is 0`
	}
}

func fetch(rc *rockscache.Client, repo Repo, id string) (string, error) {
	return rc.Fetch("name:"+id, time.Hour, func() (string, error) { // ok: rockscache jitters the TTL itself
		n, err := repo.Name(id)
		if errors.Is(err, ErrNotFound) {
			return "", err // want `nullcache: rockscache caches an empty result only when fn returns "" and a nil error`
		}
		return n, err
	})
}

func fetchEmpty(rc *rockscache.Client, repo Repo, id string) (string, error) {
	return rc.Fetch("name:"+id, time.Hour, func() (string, error) {
		n, err := repo.Name(id)
		if errors.Is(err, ErrNotFound) {
			return "", nil // ok: cached as empty for EmptyExpire
		}
		return n, err
	})
}
