// Package keptcmd keeps a read's command in a variable and asks it for
// its error and value in place (cmd.Err(), cmd.Val()), with no statement
// that takes its reply.
package keptcmd

import (
	"context"
	"errors"
	"log"
	"time"

	"github.com/redis/go-redis/v9"
)

type Repo interface {
	Load(ctx context.Context, id string) (string, error)
}

// loggedExists only logs a failed EXISTS; Val() is then 0, so every
// failure goes on to the repository.
func loggedExists(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "stock:" + id
	exist := rdb.Exists(ctx, key)
	if exist.Err() != nil { // want `^exist.Err\(\) != nil sends every error of Exists to repo.Load; .*; return \(or degrade deliberately\) on any error: Exists answers a missing key with 0 or false, never with an error`
		log.Printf("exists %s: %v", key, exist.Err())
	}
	if exist.Val() == 1 {
		return "", nil
	}
	v, err := repo.Load(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// valOnly never asks for the error: only the count is used.
func valOnly(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "price:" + id
	exist := rdb.Exists(ctx, key) // want `^the error of Exists is discarded, .*; check the error and return \(or degrade deliberately\) on any error: Exists answers`
	if exist.Val() > 0 {
		return "", nil
	}
	v, err := repo.Load(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// checkedInPlace returns on every error but the miss, asking the command
// each time: guarded.
func checkedInPlace(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "name:" + id
	cmd := rdb.Get(ctx, key)
	if cmd.Err() != nil && !errors.Is(cmd.Err(), redis.Nil) {
		return "", cmd.Err()
	}
	if cmd.Err() == nil {
		return cmd.Val(), nil
	}
	v, err := repo.Load(ctx, id) // ok: only a miss gets here
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// queued keeps commands queued on a pipeline: their errors come back
// from Exec, which returns on failure. Guarded.
func queued(ctx context.Context, rdb *redis.Client, repo Repo, ids []string) error {
	pipe := rdb.Pipeline()
	cmds := map[string]*redis.IntCmd{}
	for _, id := range ids {
		cmd := pipe.Exists(ctx, "stock:"+id)
		cmds[id] = cmd
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return err
	}
	for id, cmd := range cmds {
		if cmd.Val() == 0 {
			v, err := repo.Load(ctx, id) // ok: Exec returned on failure
			if err != nil {
				return err
			}
			rdb.Set(ctx, "stock:"+id, v, time.Hour)
		}
	}
	return nil
}

// handedToHelper lets a helper check the command: its error may be
// returned there, so it is not taken for dropped.
func handedToHelper(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "hh:" + id
	cmd := rdb.Get(ctx, key)
	if err := failed(cmd); err != nil {
		return "", err
	}
	if v := cmd.Val(); v != "" {
		return v, nil
	}
	v, err := repo.Load(ctx, id) // ok: the helper returned on a failure
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

func failed(cmd *redis.StringCmd) error {
	if err := cmd.Err(); err != nil && !errors.Is(err, redis.Nil) {
		return err
	}
	return nil
}

// checkedInClosure asks the command for its error in a closure run
// before the load: not a check this code can place, and not a drop.
func checkedInClosure(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "cc:" + id
	cmd := rdb.Get(ctx, key)
	check := func() error {
		if cmd.Err() != nil && !errors.Is(cmd.Err(), redis.Nil) {
			return cmd.Err()
		}
		return nil
	}
	if err := check(); err != nil {
		return "", err
	}
	if v := cmd.Val(); v != "" {
		return v, nil
	}
	v, err := repo.Load(ctx, id) // ok: the closure returned on a failure
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// loggedCmd prints the command and then only asks for its count: the
// error is still dropped.
func loggedCmd(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "lc:" + id
	exist := rdb.Exists(ctx, key) // want `^the error of Exists is discarded`
	log.Println(exist)
	if exist.Val() > 0 {
		return "", nil
	}
	v, err := repo.Load(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// declaredFirst declares the command's variable before the read.
func declaredFirst(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "df:" + id
	var exist *redis.IntCmd
	exist = rdb.Exists(ctx, key) // want `^the error of Exists is discarded`
	if exist.Val() > 0 {
		return "", nil
	}
	v, err := repo.Load(ctx, id)
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}

// queuedCheckedInPlace drops Exec's error but asks the command for its
// own, and returns on it. Guarded.
func queuedCheckedInPlace(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "qp:" + id
	pipe := rdb.Pipeline()
	exist := pipe.Exists(ctx, key)
	_, _ = pipe.Exec(ctx)
	if exist.Err() != nil {
		return "", exist.Err()
	}
	if exist.Val() > 0 {
		return "", nil
	}
	v, err := repo.Load(ctx, id) // ok: a failure returned above
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour)
	return v, nil
}
