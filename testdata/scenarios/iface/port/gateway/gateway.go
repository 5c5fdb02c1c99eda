// Package gateway is an API gateway's use case: lockers come from a
// remote service, and are cached through a Redis repository interface
// whose implementation only the gateway's main imports. The repository
// keys its entries on a UUID-like id, and names its read after the id
// (GetLockerByID) and its write after the record (SetLocker).
package gateway

import (
	"context"
	"errors"
	"log"

	"github.com/redis/go-redis/v9"

	"scenarios/iface/port/proto/lockers"
)

// LockerID is a 16-byte id, as uuid.UUID is.
type LockerID [16]byte

func (id LockerID) String() string { return string(id[:]) }

type Locker struct {
	ID     LockerID
	Size   int
	Visits int
}

// LockerRedisRepository is implemented in a package this one never sees.
type LockerRedisRepository interface {
	GetLockerByID(ctx context.Context, lockerID LockerID) (*Locker, error)
	SetLocker(ctx context.Context, l *Locker) error
}

type Visits interface {
	CountVisits(ctx context.Context, lockerID LockerID) (int, error)
}

type UseCase struct {
	redisRepo LockerRedisRepository
	client    lockers.LockersClient
	visits    Visits
}

// GetLocker logs any error of the cache and asks the remote service.
func (u *UseCase) GetLocker(ctx context.Context, id LockerID) (*Locker, error) {
	cached, err := u.redisRepo.GetLockerByID(ctx, id)
	if err != nil {
		if !errors.Is(err, redis.Nil) { // want `cachemiss: !errors.Is\(err, redis.Nil\) sends every error of GetLockerByID to u.client.GetLocker, not only a miss`
			log.Printf("locker cache: %v", err)
		}
	}
	if cached != nil {
		return cached, nil
	}
	resp, err := u.client.GetLocker(ctx, &lockers.GetLockerReq{LockerID: id.String()})
	if err != nil {
		return nil, err
	}
	l := &Locker{ID: id, Size: resp.GetLocker().Size}
	if err := u.redisRepo.SetLocker(ctx, l); err != nil {
		log.Printf("locker cache: %v", err)
	}
	return l, nil
}

// GetLockerFresh adds a live count to a cached locker: the count is
// queried on the hit path only, and is not what the miss path refills.
func (u *UseCase) GetLockerFresh(ctx context.Context, id LockerID) (*Locker, error) {
	l, err := u.redisRepo.GetLockerByID(ctx, id)
	if err == nil && l != nil { // want `cachemiss: falling past err == nil && l != nil sends every error of GetLockerByID to u.client.GetLocker,`
		n, err := u.visits.CountVisits(ctx, id)
		if err == nil {
			l.Visits = n
		}
		return l, nil
	}
	resp, err := u.client.GetLocker(ctx, &lockers.GetLockerReq{LockerID: id.String()}) // the source of the refill below
	if err != nil {
		return nil, err
	}
	l = &Locker{ID: id, Size: resp.GetLocker().Size}
	_ = u.redisRepo.SetLocker(ctx, l)
	return l, nil
}
