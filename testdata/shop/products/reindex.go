package products

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	reindexLockKey    = "lock:reindex"
	catalogVersionKey = "catalog:version"
)

var ErrReindexRunning = errors.New("products: reindex already running on another instance")

// releaseLock deletes the lock only if this holder still owns it: after a
// pause longer than the lock's TTL another instance may have taken it.
var releaseLock = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

// Reindex runs rebuild on one instance at a time and publishes the new
// catalog version.
func (s *Service) Reindex(ctx context.Context, rebuild func(context.Context) (version string, err error)) error {
	holder := rand.Text()
	// ok(lock): the TTL bounds how long a crashed holder blocks the others; it is not a cache entry.
	acquired, err := s.rdb.SetNX(ctx, reindexLockKey, holder, 30*time.Second).Result()
	if err != nil {
		return fmt.Errorf("acquire %s: %w", reindexLockKey, err)
	}
	if !acquired {
		return ErrReindexRunning
	}
	defer func() {
		// Release even when ctx was cancelled mid-rebuild.
		if err := releaseLock.Run(context.WithoutCancel(ctx), s.rdb, []string{reindexLockKey}, holder).Err(); err != nil {
			slog.WarnContext(ctx, "release lock failed", "key", reindexLockKey, "err", err)
		}
	}()

	version, err := rebuild(ctx)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	// ok(ttl0): the version stays current until the next reindex replaces it.
	if err := s.rdb.Set(ctx, catalogVersionKey, version, 0).Err(); err != nil {
		return fmt.Errorf("publish catalog version: %w", err)
	}
	return nil
}
