// Package clients shows a command reached through every client shape:
// cluster clients, rings, interfaces, embedded clients, user interfaces
// that embed redis.Cmdable, and type aliases.
package clients

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

type Client = redis.Client // a type alias

type store interface {
	redis.Cmdable
	Close() error
}

type embedded struct {
	*redis.ClusterClient
}

// userSetter mirrors the client (as go-redis/cache's rediser does): its
// implementations are clients.
type userSetter interface {
	Set(ctx context.Context, key string, v any, ttl time.Duration) *redis.StatusCmd
}

// kvStore is an interface of the user's own, with its own result types:
// its implementations are unknown.
type kvStore interface {
	Set(ctx context.Context, key string, v any, ttl time.Duration) error
}

func all(ctx context.Context, c *redis.ClusterClient, r *redis.Ring, u redis.UniversalClient,
	a *Client, s store, e embedded, us userSetter, kv kvStore, ids []string) {
	for _, id := range ids {
		c.Set(ctx, id, 1, time.Hour)  // want `Set writes`
		r.Set(ctx, id, 1, time.Hour)  // want `Set writes`
		u.Set(ctx, id, 1, time.Hour)  // want `Set writes`
		a.Set(ctx, id, 1, time.Hour)  // want `Set writes`
		s.Set(ctx, id, 1, time.Hour)  // want `Set writes`
		e.Set(ctx, id, 1, time.Hour)  // want `Set writes`
		us.Set(ctx, id, 1, time.Hour) // want `Set writes`
		kv.Set(ctx, id, 1, time.Hour) // ok: not a client's method set
	}
}
