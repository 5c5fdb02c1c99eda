// Package batch shows batch readers: a function that queues one GET per
// id on a pipeline and hands back the ids it could not serve, and the
// loaders that fetch those ids from the database and write them back.
package batch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/redis/go-redis/v9"
)

type Store struct {
	rdb *redis.Client
	db  *sql.DB
}

type Badge struct {
	ID    int64
	Title string
}

func badgeKey(id int64) string { return fmt.Sprintf("badge:%d", id) }

// cachedBadges returns the badges found and the ids left to load. When
// the pipeline fails it hands every id back as left to load, and the error
// too: a caller that only logs the error loads them all from the database.
func (s *Store) cachedBadges(ctx context.Context, ids []int64) ([]Badge, []int64, error) {
	pipe := s.rdb.Pipeline()
	for _, id := range ids {
		pipe.Get(ctx, badgeKey(id))
	}
	cmds, err := pipe.Exec(ctx)
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, ids, err
	}
	var found []Badge
	var left []int64
	for i, c := range cmds {
		title, err := c.(*redis.StringCmd).Result()
		if err != nil {
			left = append(left, ids[i])
			continue
		}
		found = append(found, Badge{ID: ids[i], Title: title})
	}
	return found, left, nil
}

// saveBadges writes each badge under its own key.
func (s *Store) saveBadges(ctx context.Context, badges []Badge) {
	pipe := s.rdb.Pipeline()
	for _, b := range badges {
		pipe.Set(ctx, badgeKey(b.ID), b.Title, time.Hour)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		log.Printf("save badges: %v", err)
	}
}

func (s *Store) loadBadges(ctx context.Context, ids []int64) ([]Badge, error) {
	var out []Badge
	for _, id := range ids {
		var b Badge
		if err := s.db.QueryRowContext(ctx, "SELECT id, title FROM badges WHERE id = ?", id).Scan(&b.ID, &b.Title); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// Badges logs the pipeline's failure and goes on to load every id it was
// handed back.
func (s *Store) Badges(ctx context.Context, ids []int64) ([]Badge, error) {
	found, left, err := s.cachedBadges(ctx, ids)
	if err != nil { // want `err != nil sends every error of cachedBadges to s.loadBadges, not only redis.Nil`
		log.Printf("badge cache: %v", err)
	}
	if len(left) == 0 {
		return found, nil
	}
	loaded, err := s.loadBadges(ctx, left)
	if err != nil {
		return nil, err
	}
	s.saveBadges(ctx, loaded)
	return append(found, loaded...), nil
}

// BadgesGuarded gives the pipeline's failure back to its caller.
func (s *Store) BadgesGuarded(ctx context.Context, ids []int64) ([]Badge, error) {
	found, left, err := s.cachedBadges(ctx, ids)
	if err != nil {
		return nil, err // ok: an outage is not a miss
	}
	if len(left) == 0 {
		return found, nil
	}
	loaded, err := s.loadBadges(ctx, left)
	if err != nil {
		return nil, err
	}
	s.saveBadges(ctx, loaded)
	return append(found, loaded...), nil
}

// badgeTitles has no error to give back: a failed pipeline is every id
// missed, and no caller can tell.
func (s *Store) badgeTitles(ctx context.Context, ids []int64) (map[int64]string, []int64) {
	titles := make(map[int64]string, len(ids))
	pipe := s.rdb.Pipeline()
	for _, id := range ids {
		pipe.Get(ctx, badgeKey(id))
	}
	cmds, err := pipe.Exec(ctx)
	if err != nil && !errors.Is(err, redis.Nil) { // want `Store.badgeTitles returns here without the error of the pipeline that runs its Get, so a Redis failure looks like a miss`
		return titles, ids
	}
	var left []int64
	for i, c := range cmds {
		if v, err := c.(*redis.StringCmd).Result(); err == nil {
			titles[ids[i]] = v
		} else {
			left = append(left, ids[i])
		}
	}
	return titles, left
}

// badgeTitlesChecked stops on a failure of the pipeline: only the ids
// whose GET found nothing are left to load.
func (s *Store) badgeTitlesChecked(ctx context.Context, ids []int64) (map[int64]string, []int64, error) {
	titles := make(map[int64]string, len(ids))
	pipe := s.rdb.Pipeline()
	for i := range ids {
		pipe.Get(ctx, badgeKey(ids[i]))
	}
	cmds, err := pipe.Exec(ctx)
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, nil, err // ok: the failure goes back
	}
	var left []int64
	for i, c := range cmds {
		v, err := c.(*redis.StringCmd).Result()
		switch {
		case err == nil:
			titles[ids[i]] = v
		case errors.Is(err, redis.Nil):
			left = append(left, ids[i])
		default:
			return nil, nil, err
		}
	}
	return titles, left, nil
}

// titlesOneByOne reads the ids in turn, and counts a failed read as an id
// left to load.
func (s *Store) titlesOneByOne(ctx context.Context, ids []int64) (map[int64]string, []int64, error) {
	titles := make(map[int64]string, len(ids))
	var left []int64
	for _, id := range ids {
		key := badgeKey(id)
		v, err := s.rdb.Get(ctx, key).Result()
		if err != nil { // want `Store.titlesOneByOne returns here without the error of Get`
			left = append(left, id)
			continue
		}
		titles[id] = v
	}
	return titles, left, nil
}

// titlesRetried tries each read three times and gives the last failure
// back: the graph does not count attempts, so it is not judged.
func (s *Store) titlesRetried(ctx context.Context, ids []int64) (map[int64]string, error) {
	titles := make(map[int64]string, len(ids))
	for _, id := range ids {
		for try := 0; try < 3; try++ {
			v, err := s.rdb.Get(ctx, badgeKey(id)).Result() // ok: the third failure is returned
			if err == nil {
				titles[id] = v
				break
			}
			if try == 2 {
				return nil, err
			}
		}
	}
	return titles, nil
}

// Titles loads what badgeTitles hands back as left, and so every id when
// Redis is down: no check here could tell.
func (s *Store) Titles(ctx context.Context, ids []int64) (map[int64]string, error) {
	titles, left := s.badgeTitles(ctx, ids) // want `Store.badgeTitles hands a Redis failure back as a miss \(reported there\), so during a Redis outage or timeout every request here calls s.loadBadges`
	if len(left) == 0 {
		return titles, nil
	}
	loaded, err := s.loadBadges(ctx, left)
	if err != nil {
		return nil, err
	}
	s.saveBadges(ctx, loaded)
	for _, b := range loaded {
		titles[b.ID] = b.Title
	}
	return titles, nil
}

// TitlesChecked stops on the failure badgeTitlesChecked gives back.
func (s *Store) TitlesChecked(ctx context.Context, ids []int64) (map[int64]string, error) {
	titles, left, err := s.badgeTitlesChecked(ctx, ids)
	if err != nil {
		return nil, err // ok
	}
	loaded, err := s.loadBadges(ctx, left)
	if err != nil {
		return nil, err
	}
	s.saveBadges(ctx, loaded)
	for _, b := range loaded {
		titles[b.ID] = b.Title
	}
	return titles, nil
}

var _ = (*Store).titlesOneByOne
var _ = (*Store).titlesRetried
