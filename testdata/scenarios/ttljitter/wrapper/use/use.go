// Package use calls the wrappers of package lib: the reports move to the
// call that passes the constant.
package use

import (
	"context"
	"time"

	"scenarios/ttljitter/wrapper/lib"
)

type product struct{ ID, Name string }

const productTTL = 30 * time.Minute

func load(ctx context.Context, c *lib.Cache, id string) (product, error) {
	key := "product:" + id
	var p product
	if err := c.Get(ctx, key, &p); err == nil {
		return p, nil
	}
	p = product{ID: id, Name: "db"}
	c.Set(ctx, key, p, productTTL)             // want `Cache.Set → Set writes with a fixed TTL of 30m \(productTTL, set at use.go:14, Set at lib.go:\d+\)`
	c.Set(ctx, key, p, lib.Jitter(productTTL)) // ok: jittered by a helper in another package
	c.SetSeconds(ctx, key, "x", 600)           // want `Cache.SetSeconds → Set writes with a fixed TTL of 10m`
	c.Put(ctx, key, p)                         // want `Cache.Put → Set writes with a fixed TTL of 1h \(time.Hour, set at lib.go:\d+, Set at lib.go:\d+\)`
	return p, nil
}

func warm(ctx context.Context, c *lib.Cache, ps []product) {
	kv := map[string]string{}
	for _, p := range ps {
		kv["product:"+p.ID] = p.Name
		c.Set(ctx, "product:"+p.ID, p, time.Hour) // want `keys written together here`
	}
	c.SetMany(ctx, kv, 2*time.Hour) // want `Cache.SetMany → Set writes with a fixed TTL of 2h`
}

func single(ctx context.Context, c *lib.Cache, id string) {
	c.Set(ctx, "product:"+id, id, time.Hour)                // ok: not read first, not in a loop
	c.Put(ctx, "product:"+id, id)                           // ok: the same
	c.Set(ctx, "product:"+id, id, lib.Unrelated(time.Hour)) // ok: unknown result of another package
}
