// Package parcelredis is the Redis adapter behind the gateway's
// ParcelRedisRepository port. Only the gateway's main imports it, so no
// fact of it reaches the use case that reads and refills through the
// port: the adapter's own pair of methods — one reads the key family the
// other writes — says that its writes are cache entries.
package parcelredis

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"scenarios/iface/port/gateway"
)

const expiration = time.Hour

type parcelRedisRepo struct{ rdb *redis.Client }

func New(rdb *redis.Client) gateway.ParcelRedisRepository { return &parcelRedisRepo{rdb: rdb} }

func (r *parcelRedisRepo) key(id gateway.ParcelID) string {
	return fmt.Sprintf("parcel:%x", id[:])
}

func (r *parcelRedisRepo) GetParcelByID(ctx context.Context, parcelID gateway.ParcelID) (*gateway.Parcel, error) {
	b, err := r.rdb.Get(ctx, r.key(parcelID)).Bytes()
	if err != nil {
		return nil, err
	}
	var l gateway.Parcel
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

func (r *parcelRedisRepo) SetParcel(ctx context.Context, l *gateway.Parcel) error {
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	return r.rdb.Set(ctx, r.key(l.ID), b, expiration).Err() // want `ttljitter: Set writes with a fixed TTL of 1h \(expiration, set at parcelredis.go:19\) and no jitter`
}

// MarkSeen stores a flag it chooses, not a record handed in: no cache
// entry by the pair alone.
func (r *parcelRedisRepo) MarkSeen(ctx context.Context, id gateway.ParcelID, seen bool) error {
	v := "0"
	if seen {
		v = "1"
	}
	return r.rdb.Set(ctx, r.key(id), v, expiration).Err() // ok: a flag
}

// ParcelStore is exported: its callers see it, and decide.
type ParcelStore struct{ rdb *redis.Client }

func (s *ParcelStore) Get(ctx context.Context, id string) (*gateway.Parcel, error) {
	b, err := s.rdb.Get(ctx, "store:"+id).Bytes()
	if err != nil {
		return nil, err
	}
	var l gateway.Parcel
	return &l, json.Unmarshal(b, &l)
}

func (s *ParcelStore) Put(ctx context.Context, id string, l *gateway.Parcel) error {
	b, _ := json.Marshal(l)
	return s.rdb.Set(ctx, "store:"+id, b, expiration).Err() // ok: no reader of it here
}
