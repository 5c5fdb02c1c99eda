package record

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Get-or-create: the key is read and, when absent, a new value is made and
// stored. Nothing is loaded from a database, so the expiry of these
// entries sends no reload anywhere.

func generateCode(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type Invites struct{ rdb *redis.Client }

func (i *Invites) save(ctx context.Context, key, code string) error {
	return i.rdb.Set(ctx, key, code, 24*time.Hour).Err()
}

// Code returns the user's invitation code, making one the first time.
func (i *Invites) Code(ctx context.Context, user int64) (string, error) {
	key := "invite:" + strconv.FormatInt(user, 10)
	code, err := i.rdb.Get(ctx, key).Result()
	if err == nil {
		return code, nil
	}
	code = generateCode(8)
	if err := i.save(ctx, key, code); err != nil { // ok: a generated code, not a value loaded from a database
		return "", err
	}
	return code, nil
}

// Refresh makes the new code in a task run later: the value is captured.
func (i *Invites) Refresh(ctx context.Context, user int64, run func(func())) {
	key := "invite:" + strconv.FormatInt(user, 10)
	if n, _ := i.rdb.Exists(ctx, key).Result(); n == 0 {
		return
	}
	code := "c-" + generateCode(8)
	run(func() {
		i.save(ctx, key, code) // ok: the generated code, captured by the task
	})
}

func (i *Invites) markVisit(ctx context.Context, day string) error {
	return i.rdb.SetNX(ctx, "visits:"+day, "1", 48*time.Hour).Err()
}

// Visit marks the day once: a marker, not a cache entry.
func (i *Invites) Visit(ctx context.Context, day string) error {
	if n, _ := i.rdb.Exists(ctx, "visits:"+day).Result(); n == 0 {
		return i.markVisit(ctx, day) // ok: a constant marker written only if absent
	}
	return nil
}

type Users interface {
	Name(ctx context.Context, id int64) (string, error)
}

// Name caches a name loaded from the database: reported, the value is loaded.
func (i *Invites) Name(ctx context.Context, users Users, id int64) (string, error) {
	key := "name:" + strconv.FormatInt(id, 10)
	if name, err := i.rdb.Get(ctx, key).Result(); err == nil {
		return name, nil
	}
	name, err := users.Name(ctx, id)
	if err != nil {
		return "", err
	}
	i.save(ctx, key, name) // want `Invites.save → Set writes with a fixed TTL of 24h`
	return name, nil
}
