// Package redigo shows the analyzers on redigo's string commands.
package redigo

import (
	"encoding/json"
	"errors"
	"math/rand/v2"

	"github.com/gomodule/redigo/redis"
)

var ErrNotFound = errors.New("not found")

type Repo interface {
	Name(id string) (string, error)
}

const ttlSeconds = 3600

func load(conn redis.Conn, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := redis.String(conn.Do("GET", key))
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, redis.ErrNil) {
		return "", err
	}
	v, err = repo.Name(id)
	if errors.Is(err, ErrNotFound) {
		return "", err // want `nullcache: repo.Name reaches this return when it reports not-found`
	}
	if err != nil {
		return "", err
	}
	conn.Do("SET", key, v, "EX", ttlSeconds) // want `ttljitter: SET writes with a fixed TTL of 1h`
	return v, nil
}

func anyError(conn redis.Conn, repo Repo, id string) (string, error) {
	key := "name:" + id
	v, err := redis.String(conn.Do("GET", key))
	if err != nil { // want `cachemiss: err != nil sends every error of GET to repo.Name`
		v, err = repo.Name(id)
		if err != nil {
			return "", err
		}
		conn.Do("SETEX", key, 3600+rand.IntN(300), v) // ok: jittered
	}
	return v, nil
}

func warm(conn redis.Conn, names map[string]string) error {
	for id, n := range names {
		b, _ := json.Marshal(n)
		conn.Send("SETEX", "name:"+id, 600, b) // want `ttljitter: SETEX writes with a fixed TTL of 10m`
	}
	return conn.Flush()
}

func lock(conn redis.Conn, name string) (bool, error) {
	ok, err := redis.String(conn.Do("SET", "lock:"+name, "token", "NX", "PX", 30000))
	return ok == "OK", err // ok: a lock (NX)
}

func window(conn redis.Conn, ip string) {
	conn.Do("INCR", "rl:"+ip)
	conn.Do("EXPIRE", "rl:"+ip, 60) // ok: a rate-limit window
}
