// Package pb stands for a generated gRPC client of an orders service.
package pb

import (
	"context"

	"google.golang.org/grpc"
)

type GetOrderReq struct{ ID string }
type GetOrderResp struct{ ID, Item string }
type OrdersByIDsReq struct{ IDs []string }
type OrdersByIDsResp struct{ Orders []*GetOrderResp }

type OrdersClient interface {
	GetOrder(ctx context.Context, in *GetOrderReq, opts ...grpc.CallOption) (*GetOrderResp, error)
	GetOrdersByIDs(ctx context.Context, in *OrdersByIDsReq, opts ...grpc.CallOption) (*OrdersByIDsResp, error)
}

type ordersClient struct{ cc grpc.ClientConnInterface }

func NewOrdersClient(cc grpc.ClientConnInterface) OrdersClient { return &ordersClient{cc} }

func (c *ordersClient) GetOrder(ctx context.Context, in *GetOrderReq, opts ...grpc.CallOption) (*GetOrderResp, error) {
	out := new(GetOrderResp)
	if err := c.cc.Invoke(ctx, "/orders.Orders/GetOrder", in, out, opts...); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *ordersClient) GetOrdersByIDs(ctx context.Context, in *OrdersByIDsReq, opts ...grpc.CallOption) (*OrdersByIDsResp, error) {
	out := new(OrdersByIDsResp)
	if err := c.cc.Invoke(ctx, "/orders.Orders/GetOrdersByIDs", in, out, opts...); err != nil {
		return nil, err
	}
	return out, nil
}
