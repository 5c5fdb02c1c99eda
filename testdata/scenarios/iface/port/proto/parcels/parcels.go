// Package parcels stands for generated RPC stubs kept under a proto/
// folder: its client is a remote source of truth, not a protobuf helper.
package parcels

import "context"

type GetParcelReq struct{ ParcelID string }

type Parcel struct {
	ID   string
	Size int
}

type GetParcelResp struct{ Parcel *Parcel }

func (r *GetParcelResp) GetParcel() *Parcel {
	if r == nil {
		return nil
	}
	return r.Parcel
}

type ParcelsClient interface {
	GetParcel(ctx context.Context, in *GetParcelReq) (*GetParcelResp, error)
}

type parcelsClient struct{}

func NewParcelsClient() ParcelsClient { return parcelsClient{} }

func (parcelsClient) GetParcel(ctx context.Context, in *GetParcelReq) (*GetParcelResp, error) {
	return &GetParcelResp{Parcel: &Parcel{ID: in.ParcelID}}, nil
}
