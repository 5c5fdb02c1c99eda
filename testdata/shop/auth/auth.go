// Package auth keeps sessions, one-time codes and rate limits in Redis.
// None of these are cache entries: their TTLs are part of the protocol and
// must be exact, so a fixed TTL is right here.
package auth

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	sessionTTL   = 30 * time.Minute
	otpTTL       = 5 * time.Minute
	rateWindow   = time.Minute
	rateLimitMax = 100 // requests per window and IP
)

type Session struct {
	UserID  int64     `json:"user_id"`
	Created time.Time `json:"created"`
}

type Service struct {
	rdb redis.UniversalClient
}

func New(rdb redis.UniversalClient) *Service {
	return &Service{rdb: rdb}
}

func (s *Service) SaveSession(ctx context.Context, sid string, sess Session) error {
	data, err := json.Marshal(sess)
	if err != nil {
		return fmt.Errorf("encode session: %w", err)
	}
	// ok(session): the session lifetime is a security setting, not a cache expiry.
	if err := s.rdb.Set(ctx, "session:"+sid, data, sessionTTL).Err(); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

// SendOTP returns the code to text to phone; a resend within the validity
// window reuses the pending code.
func (s *Service) SendOTP(ctx context.Context, phone string) (string, error) {
	key := "otp:" + phone
	code, err := s.rdb.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
		if err != nil {
			return "", fmt.Errorf("generate code: %w", err)
		}
		code = fmt.Sprintf("%06d", n)
	} else if err != nil {
		return "", fmt.Errorf("get pending code: %w", err)
	}
	// ok(otp): the code is valid for exactly otpTTL from the last send.
	if err := s.rdb.Set(ctx, key, code, otpTTL).Err(); err != nil {
		return "", fmt.Errorf("store code: %w", err)
	}
	return code, nil
}

// Allow counts a request from ip in a fixed one-minute window.
func (s *Service) Allow(ctx context.Context, ip string) (bool, error) {
	key := "ratelimit:" + ip
	n, err := s.rdb.Incr(ctx, key).Result()
	if err != nil {
		return false, fmt.Errorf("count request: %w", err)
	}
	if n == 1 {
		// ok(ratelimit): the window starts with the first request and lasts exactly rateWindow.
		if err := s.rdb.Expire(ctx, key, rateWindow).Err(); err != nil {
			return false, fmt.Errorf("start window: %w", err)
		}
	}
	return n <= rateLimitMax, nil
}
