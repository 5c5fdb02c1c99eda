// Package record shows records kept in Redis that are read, changed and
// written back: the value written is the value read, so the write is an
// update of the stored record (its TTL a retention period), not a refill
// from the database. A loader that reuses the read's variable for the
// database's answer still refills, and is reported.
package record

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"
)

type Job struct {
	ID    string
	State string
	Done  int
}

const retention = 24 * time.Hour

type Jobs struct{ rdb *redis.Client }

func (j *Jobs) key(id string) string { return "job:" + id }

func (j *Jobs) load(ctx context.Context, id string) (*Job, error) {
	b, err := j.rdb.Get(ctx, j.key(id)).Bytes()
	if err != nil {
		return nil, err
	}
	var job Job
	if err := json.Unmarshal(b, &job); err != nil {
		return nil, err
	}
	return &job, nil
}

func (j *Jobs) store(ctx context.Context, id string, job *Job) error {
	b, err := json.Marshal(job)
	if err != nil {
		return err
	}
	return j.rdb.Set(ctx, j.key(id), b, retention).Err()
}

// Progress changes the stored job and writes it back.
func (j *Jobs) Progress(ctx context.Context, id string, done int) error {
	job, err := j.load(ctx, id)
	if err != nil {
		return err
	}
	job.Done = done
	return j.store(ctx, id, job) // ok: the record read is written back
}

// Touch rewrites the raw bytes read, to keep the record another day.
func (j *Jobs) Touch(ctx context.Context, id string) error {
	b, err := j.rdb.Get(ctx, j.key(id)).Bytes()
	if err != nil {
		return err
	}
	return j.rdb.Set(ctx, j.key(id), b, retention).Err() // ok: the value read, written back
}

type DB interface {
	Job(ctx context.Context, id string) (*Job, error)
}

// Cached reads the job and, on a miss, loads it from the database into
// the same variable: that is a refill.
func (j *Jobs) Cached(ctx context.Context, db DB, id string) (*Job, error) {
	job, err := j.load(ctx, id)
	if err == nil {
		return job, nil
	}
	job, err = db.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	j.store(ctx, id, job) // want `Jobs.store → Set writes with a fixed TTL of 24h`
	return job, nil
}

// Finish updates many stored records in a loop: none is a cache entry.
func (j *Jobs) Finish(ctx context.Context, ids []string) {
	for _, id := range ids {
		j.Progress(ctx, id, 100) // ok: updates of stored records, not refills
	}
}

type breaker struct{ Failures int }

func decode(b []byte) (*breaker, error) {
	var br breaker
	return &br, json.Unmarshal(b, &br)
}

func encode(v any) ([]byte, error) { return json.Marshal(v) }

// Reset decodes the stored breaker, resets it and stores it again: the
// value goes through a decoder and an encoder on its way back.
func Reset(ctx context.Context, rdb *redis.Client, name string) {
	key := "breaker:" + name
	s, err := rdb.Get(ctx, key).Result()
	if err != nil {
		return
	}
	br, err := decode([]byte(s))
	if err != nil {
		return
	}
	br.Failures = 0
	b, err := encode(br)
	if err != nil {
		return
	}
	rdb.Set(ctx, key, b, 5*time.Minute) // ok: the stored breaker, written back
}
