// Package batch shows batch loaders: MGET the keys, load the misses from
// the database in one query, write back what was found.
package batch

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

type Product struct{ ID, Name string }

type Repo interface {
	Products(ctx context.Context, ids []string) ([]*Product, error)
}

func ttl() time.Duration { return time.Hour + rand.N(time.Minute) }

func foundOnly(ctx context.Context, rdb *redis.Client, repo Repo, ids []string) ([]*Product, error) {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = "product:" + id
	}
	vals, err := rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, err
	}
	var out []*Product
	var missing []string
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			missing = append(missing, ids[i])
			continue
		}
		var p Product
		if json.Unmarshal([]byte(s), &p) == nil {
			out = append(out, &p)
		}
	}
	found, err := repo.Products(ctx, missing) // want `repo.Products is asked for the keys MGet missed, but only the rows it returns are cached`
	if err != nil {
		return nil, err
	}
	for _, p := range found {
		data, _ := json.Marshal(p)
		rdb.Set(ctx, "product:"+p.ID, data, ttl())
	}
	return append(out, found...), nil
}

func withSentinels(ctx context.Context, rdb *redis.Client, repo Repo, ids []string) ([]*Product, error) {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = "product:" + id
	}
	vals, err := rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, err
	}
	var out []*Product
	var missing []string
	for i, v := range vals {
		s, ok := v.(string)
		if !ok {
			missing = append(missing, ids[i])
			continue
		}
		if s == "null" {
			continue
		}
		var p Product
		if json.Unmarshal([]byte(s), &p) == nil {
			out = append(out, &p)
		}
	}
	found, err := repo.Products(ctx, missing) // ok: the ids that stay missing get a sentinel
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, p := range found {
		seen[p.ID] = true
		data, _ := json.Marshal(p)
		rdb.Set(ctx, "product:"+p.ID, data, ttl())
	}
	for _, id := range missing {
		if !seen[id] {
			rdb.Set(ctx, "product:"+id, "null", time.Minute+rand.N(10*time.Second))
		}
	}
	return append(out, found...), nil
}
