package products

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

// WarmUp fills the cache before traffic arrives, after a deploy or a Redis
// failover.
func (s *Service) WarmUp(ctx context.Context, ids []int64) error {
	products, err := s.repo.Products(ctx, ids)
	if err != nil {
		return fmt.Errorf("warm up: %w", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, p := range products {
			data, err := json.Marshal(p)
			if err != nil {
				return fmt.Errorf("encode product %d: %w", p.ID, err)
			}
			// BUG(avalanche): the whole catalog gets one TTL, so an hour later it all expires at once.
			pipe.Set(ctx, productKey(p.ID), data, time.Hour)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("warm up: %w", err)
	}
	return nil
}

// WarmUpJittered is WarmUp with the avalanche fixed.
func (s *Service) WarmUpJittered(ctx context.Context, ids []int64) error {
	products, err := s.repo.Products(ctx, ids)
	if err != nil {
		return fmt.Errorf("warm up: %w", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for _, p := range products {
			data, err := json.Marshal(p)
			if err != nil {
				return fmt.Errorf("encode product %d: %w", p.ID, err)
			}
			// guarded(avalanche): each key gets its own expiry within a 6-minute spread.
			pipe.Set(ctx, productKey(p.ID), data, time.Hour+rand.N(6*time.Minute))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("warm up: %w", err)
	}
	return nil
}
