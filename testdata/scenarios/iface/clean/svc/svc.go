// Package svc is the domain service: it passes the calls through.
package svc

import (
	"context"

	"scenarios/iface/clean/repo"
)

type VideoService struct {
	db    repo.VideoDB
	redis repo.VideoRedis
}

func (s *VideoService) GetVideoRedis(ctx context.Context, videoId int64) (*repo.Video, error) {
	return s.redis.GetVideoRedis(ctx, videoId)
}

func (s *VideoService) SetVideoRedis(ctx context.Context, v *repo.Video) error {
	return s.redis.SetVideoRedis(ctx, v)
}

func (s *VideoService) GetVideoDB(ctx context.Context, id int64) (*repo.Video, error) {
	return s.db.GetVideoDB(ctx, id)
}
