// Package fallback shows reads that the database answers when the cache
// does not, without writing the answer back (a job fills the cache): an
// outage sends them all to the database just the same.
package fallback

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"
)

type Ranks struct {
	rdb *redis.Client
	db  *sql.DB
}

const board = "rank:weekly"

// Score asks the sorted set, and the table on any error.
func (r *Ranks) Score(ctx context.Context, player int64) (float64, error) {
	s, err := r.rdb.ZScore(ctx, board, strconv.FormatInt(player, 10)).Result()
	if err != nil { // want `err != nil sends every error of ZScore to r.db.QueryRowContext, not only redis.Nil`
		var v float64
		if err := r.db.QueryRowContext(ctx, "SELECT score FROM weekly WHERE player = ?", player).Scan(&v); err != nil {
			return 0, err
		}
		return v, nil
	}
	return s, nil
}

// Name falls back into the variable the cache filled.
func (r *Ranks) Name(ctx context.Context, player int64) (string, error) {
	name := r.rdb.HGet(ctx, "players", strconv.FormatInt(player, 10)).Val() // want `the error of HGet is discarded, so any Redis failure reads as a miss and goes to r.db.QueryRowContext`
	if name == "" {
		if err := r.db.QueryRowContext(ctx, "SELECT name FROM players WHERE id = ?", player).Scan(&name); err != nil {
			return "", err
		}
	}
	return name, nil
}

// ScoreChecked goes to the table on a miss only.
func (r *Ranks) ScoreChecked(ctx context.Context, player int64) (float64, error) {
	s, err := r.rdb.ZScore(ctx, board, strconv.FormatInt(player, 10)).Result()
	switch {
	case err == nil:
		return s, nil
	case !errors.Is(err, redis.Nil):
		return 0, err // ok: an outage is not a miss
	}
	var v float64
	err = r.db.QueryRowContext(ctx, "SELECT score FROM weekly WHERE player = ?", player).Scan(&v)
	return v, err
}

// Badge answers with an error of its own on a failure: no query.
func (r *Ranks) Badge(ctx context.Context, player int64) (string, error) {
	b, err := r.rdb.HGet(ctx, "badges", strconv.FormatInt(player, 10)).Result()
	if err != nil {
		return "", fmt.Errorf("badge of %d: %w", player, err) // ok: not a query
	}
	return b, nil
}

// Seen records a visit in the table whatever the cache says: the query
// answers nothing in the cache's place.
func (r *Ranks) Seen(ctx context.Context, player int64) (string, error) {
	b, _ := r.rdb.HGet(ctx, "badges", strconv.FormatInt(player, 10)).Result()
	if _, err := r.db.ExecContext(ctx, "INSERT INTO visits (player) VALUES (?)", player); err != nil { // ok: not the answer
		return "", err
	}
	return b, nil
}

// Friends reads a whole set and asks the table when the set is empty or
// the read failed: an empty set is the miss, a failure is not.
func (r *Ranks) Friends(ctx context.Context, player int64) ([]string, error) {
	ids, err := r.rdb.SMembers(ctx, "friends:"+strconv.FormatInt(player, 10)).Result()
	if err == nil && len(ids) > 0 { // want `falling past err == nil && len\(ids\) > 0 sends every error of SMembers to r.db.QueryContext; .*; return \(or degrade deliberately\) on any error: SMembers answers a missing key with an empty collection`
		return ids, nil
	}
	rows, err := r.db.QueryContext(ctx, "SELECT friend FROM friends WHERE player = ?", player)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// FriendsChecked returns on a failure and asks the table for an empty
// set only.
func (r *Ranks) FriendsChecked(ctx context.Context, player int64) ([]string, error) {
	ids, err := r.rdb.SMembers(ctx, "friends:"+strconv.FormatInt(player, 10)).Result()
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		return ids, nil
	}
	rows, err := r.db.QueryContext(ctx, "SELECT friend FROM friends WHERE player = ?", player) // ok: only an empty set gets here
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
