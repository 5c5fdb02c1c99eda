// Package svc is a gateway that caches what the orders service answers:
// an unknown id comes back as a NotFound status, which the loader returns
// without caching anything.
package svc

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"

	"scenarios/nullcache/rpc/pb"
)

type Gateway struct {
	rdb    *redis.Client
	orders pb.OrdersClient
}

func ttl() time.Duration { return time.Hour + rand.N(time.Minute) }

func (g *Gateway) Order(ctx context.Context, id string) (*pb.GetOrderResp, error) {
	key := "order:" + id
	if b, err := g.rdb.Get(ctx, key).Bytes(); err == nil {
		var o pb.GetOrderResp
		return &o, json.Unmarshal(b, &o)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	o, err := g.orders.GetOrder(ctx, &pb.GetOrderReq{ID: id})
	if err != nil {
		return nil, err // want `g.orders.GetOrder reaches this return when it returns a gRPC NotFound status without caching a sentinel`
	}
	b, _ := json.Marshal(o)
	g.rdb.Set(ctx, key, b, ttl())
	return o, nil
}

// Orders asks for many ids at once: a missing one is left out of the
// answer, not reported.
func (g *Gateway) Orders(ctx context.Context, ids []string) ([]*pb.GetOrderResp, error) {
	key := "orders:" + ids[0]
	if b, err := g.rdb.Get(ctx, key).Bytes(); err == nil {
		var os []*pb.GetOrderResp
		return os, json.Unmarshal(b, &os)
	} else if !errors.Is(err, redis.Nil) {
		return nil, err
	}
	res, err := g.orders.GetOrdersByIDs(ctx, &pb.OrdersByIDsReq{IDs: ids})
	if err != nil {
		return nil, err // ok: a batch has no not-found
	}
	b, _ := json.Marshal(res.Orders)
	g.rdb.Set(ctx, key, b, ttl())
	return res.Orders, nil
}
