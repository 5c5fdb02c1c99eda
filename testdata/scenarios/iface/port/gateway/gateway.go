// Package gateway is an API gateway's use case: parcels come from a
// remote service, and are cached through a Redis repository interface
// whose implementation only the gateway's main imports. The repository
// keys its entries on a UUID-like id, and names its read after the id
// (GetParcelByID) and its write after the record (SetParcel).
package gateway

import (
	"context"
	"errors"
	"log"

	"github.com/redis/go-redis/v9"

	"scenarios/iface/port/proto/parcels"
)

// ParcelID is a 16-byte id, as uuid.UUID is.
type ParcelID [16]byte

func (id ParcelID) String() string { return string(id[:]) }

type Parcel struct {
	ID     ParcelID
	Size   int
	Visits int
}

// ParcelRedisRepository is implemented in a package this one never sees.
type ParcelRedisRepository interface {
	GetParcelByID(ctx context.Context, parcelID ParcelID) (*Parcel, error)
	SetParcel(ctx context.Context, l *Parcel) error
}

type Visits interface {
	CountVisits(ctx context.Context, parcelID ParcelID) (int, error)
}

type UseCase struct {
	redisRepo ParcelRedisRepository
	client    parcels.ParcelsClient
	visits    Visits
}

// GetParcel logs any error of the cache and asks the remote service.
func (u *UseCase) GetParcel(ctx context.Context, id ParcelID) (*Parcel, error) {
	cached, err := u.redisRepo.GetParcelByID(ctx, id)
	if err != nil {
		if !errors.Is(err, redis.Nil) { // want `cachemiss: !errors.Is\(err, redis.Nil\) sends every error of GetParcelByID to u.client.GetParcel, not only a miss`
			log.Printf("parcel cache: %v", err)
		}
	}
	if cached != nil {
		return cached, nil
	}
	resp, err := u.client.GetParcel(ctx, &parcels.GetParcelReq{ParcelID: id.String()})
	if err != nil {
		return nil, err
	}
	l := &Parcel{ID: id, Size: resp.GetParcel().Size}
	if err := u.redisRepo.SetParcel(ctx, l); err != nil {
		log.Printf("parcel cache: %v", err)
	}
	return l, nil
}

// GetParcelFresh adds a live count to a cached parcel: the count is
// queried on the hit path only, and is not what the miss path refills.
func (u *UseCase) GetParcelFresh(ctx context.Context, id ParcelID) (*Parcel, error) {
	l, err := u.redisRepo.GetParcelByID(ctx, id)
	if err == nil && l != nil { // want `cachemiss: falling past err == nil && l != nil sends every error of GetParcelByID to u.client.GetParcel,`
		n, err := u.visits.CountVisits(ctx, id)
		if err == nil {
			l.Visits = n
		}
		return l, nil
	}
	resp, err := u.client.GetParcel(ctx, &parcels.GetParcelReq{ParcelID: id.String()}) // the source of the refill below
	if err != nil {
		return nil, err
	}
	l = &Parcel{ID: id, Size: resp.GetParcel().Size}
	_ = u.redisRepo.SetParcel(ctx, l)
	return l, nil
}
