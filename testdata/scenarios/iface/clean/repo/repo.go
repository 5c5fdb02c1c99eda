// Package repo holds the interfaces of a clean-architecture service: a
// cache keyed by an integer id whose write takes the record, and a
// database; their implementations live in a package only main imports.
package repo

import "context"

type Video struct{ ID int64 }

type VideoDB interface {
	GetVideoDB(ctx context.Context, id int64) (*Video, error)
	StoreVideo(ctx context.Context, v *Video) error
}

type VideoRedis interface {
	GetVideoRedis(ctx context.Context, videoId int64) (*Video, error)
	SetVideoRedis(ctx context.Context, v *Video) error
	IncrViews(ctx context.Context, id int64) (int64, error)
}
