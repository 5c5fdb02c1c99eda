// Package lockers stands for generated RPC stubs kept under a proto/
// folder: its client is a remote source of truth, not a protobuf helper.
package lockers

import "context"

type GetLockerReq struct{ LockerID string }

type Locker struct {
	ID   string
	Size int
}

type GetLockerResp struct{ Locker *Locker }

func (r *GetLockerResp) GetLocker() *Locker {
	if r == nil {
		return nil
	}
	return r.Locker
}

type LockersClient interface {
	GetLocker(ctx context.Context, in *GetLockerReq) (*GetLockerResp, error)
}

type lockersClient struct{}

func NewLockersClient() LockersClient { return lockersClient{} }

func (lockersClient) GetLocker(ctx context.Context, in *GetLockerReq) (*GetLockerResp, error) {
	return &GetLockerResp{Locker: &Locker{ID: in.LockerID}}, nil
}
