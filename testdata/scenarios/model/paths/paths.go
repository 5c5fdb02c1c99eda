// Package paths shows where a loader's paths go under the two
// assumptions the policies make: the read failed with an error other than
// a miss, and the source said not found. Each branch is decided on the
// value it tests.
package paths

import (
	"context"
	"errors"
	"log"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Load(ctx context.Context, id string) (string, error)
}

// checked returns on every failure, and caches nothing for a missing id.
func checked(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "a:" + id
	v, err := rdb.Get(ctx, key).Result() // want `read key=key`
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.Nil) {
		return "", err
	}
	v, err = repo.Load(ctx, id) // want `paths: failure=stops notfound=return "", err via errors.Is\(err, ErrNotFound\)$`
	if errors.Is(err, ErrNotFound) {
		return "", err
	}
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
	return v, nil
}

// logged only logs a failure; a missing id gets a marker.
func logged(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "b:" + id
	v, err := rdb.Get(ctx, key).Result() // want `read key=key`
	if err != nil && !errors.Is(err, redis.Nil) {
		log.Print(err)
	}
	if err == nil {
		return v, nil
	}
	v, err = repo.Load(ctx, id) // want `paths: failure=source via !\(err == nil\) notfound=stops$`
	if errors.Is(err, ErrNotFound) {
		rdb.Set(ctx, key, "", time.Minute) // want `write Set ttl=1m \(time.Minute\) \[aside\]`
		return "", err
	}
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
	return v, nil
}

// flagged keeps both answers in flags set in branches.
func flagged(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "c:" + id
	v, err := rdb.Get(ctx, key).Result() // want `read key=key`
	miss := false
	if errors.Is(err, redis.Nil) {
		miss = true
	}
	if err != nil && !miss {
		return "", err
	}
	if !miss {
		return v, nil
	}
	v, err = repo.Load(ctx, id) // want `paths: failure=stops notfound=return "", ErrNotFound via missing$`
	missing := false
	if errors.Is(err, ErrNotFound) {
		missing = true
	}
	if missing {
		return "", ErrNotFound
	}
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
	return v, nil
}

// reused checks the read's error for a hit only, then reuses err.
func reused(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "d:" + id
	v, err := rdb.Get(ctx, key).Result() // want `read key=key`
	if err == nil {
		return v, nil
	}
	err = check(id)
	if err != nil {
		return "", err
	}
	v, err = repo.Load(ctx, id) // want `paths: failure=source via !\(err == nil\) notfound=stops$`
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
	return v, nil
}

func check(id string) error {
	if id == "" {
		return errors.New("empty id")
	}
	return nil
}

// fatal ends the process on a failure: no path goes on.
func fatal(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "e:" + id
	v, err := rdb.Get(ctx, key).Result() // want `read key=key`
	if err != nil && !errors.Is(err, redis.Nil) {
		log.Fatalf("redis %s: %v", key, err)
	}
	if err == nil {
		return v, nil
	}
	v, err = repo.Load(ctx, id) // want `paths: failure=stops notfound=stops$`
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
	return v, nil
}

// captured keeps the miss in a flag that a deferred closure also reads:
// the flag lives in memory, and stands for the errors.Is stored in it.
func captured(ctx context.Context, rdb *redis.Client, repo Repo, id string) (string, error) {
	key := "f:" + id
	v, err := rdb.Get(ctx, key).Result() // want `read key=key`
	miss := errors.Is(err, redis.Nil)
	defer func() {
		if miss {
			log.Print("miss ", key)
		}
	}()
	if err != nil && !miss {
		return "", err
	}
	if err == nil {
		return v, nil
	}
	v, err = repo.Load(ctx, id) // want `paths: failure=stops notfound=stops$`
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
	return v, nil
}

// rangeFunc loads inside a range-over-func loop, whose body SSA makes a
// function of its own: the failure still reaches the source.
func rangeFunc(ctx context.Context, rdb *redis.Client, repo Repo, ids []string) (string, error) {
	key := "g:" + strings.Join(ids, ",")
	v, err := rdb.Get(ctx, key).Result() // want `read key=key`
	if err == nil {
		return v, nil
	}
	for id := range slices.Values(ids) {
		part, err := repo.Load(ctx, id) // want `paths: failure=source via !\(err == nil\) notfound=stops$`
		if err != nil {
			return "", err
		}
		v += part
	}
	rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
	return v, nil
}

// paramFlag: the flag is a parameter, set from the read only in a
// branch; the caller's value may stand.
func paramFlag(ctx context.Context, rdb *redis.Client, repo Repo, id string, miss bool) (string, error) {
	key := "h:" + id
	v, err := rdb.Get(ctx, key).Result() // want `read key=key`
	if id != "" {
		miss = errors.Is(err, redis.Nil)
	}
	if !miss {
		return v, err
	}
	v, err = repo.Load(ctx, id) // want `paths: failure=source via - notfound=stops$`
	if err != nil {
		return "", err
	}
	rdb.Set(ctx, key, v, time.Hour) // want `write Set ttl=1h \(time.Hour\) \[aside\]`
	return v, nil
}
