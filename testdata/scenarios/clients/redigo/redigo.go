// Package redigo shows the analyzers on redigo's string commands.
package redigo

import (
	"database/sql"
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

// friends reads a whole set and asks the table when it is empty or the
// read failed: SMEMBERS answers a missing key with an empty set, so the
// failure goes to the table too.
func friends(conn redis.Conn, db *sql.DB, id string) ([]string, error) {
	ids, err := redis.Strings(conn.Do("SMEMBERS", "friends:"+id))
	if err == nil && len(ids) > 0 { // want `cachemiss: falling past err == nil && len\(ids\) > 0 sends every error of SMEMBERS to db.Query; .*SMEMBERS answers a missing key with an empty collection`
		return ids, nil
	}
	rows, err := db.Query("SELECT friend FROM friends WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		ids = append(ids, f)
	}
	return ids, rows.Err()
}
