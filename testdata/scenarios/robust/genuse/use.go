// Package genuse calls a generated cache client by hand.
package genuse

import (
	"context"
	"time"

	"scenarios/robust/genlib"
)

func Name(ctx context.Context, c *genlib.Client, id string) string {
	key := "name:" + id
	if v, err := c.Get(ctx, key); err == nil {
		return v
	}
	v := "n" + id
	c.Put(ctx, key, v, time.Hour) // want `Client.Put → Set writes with a fixed TTL of 1h`
	return v
}
