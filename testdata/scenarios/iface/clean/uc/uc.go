// Package uc is the use case: a loader through the service, with the
// Redis and database implementations out of sight.
package uc

import (
	"context"

	"scenarios/iface/clean/repo"
	"scenarios/iface/clean/svc"
)

type UC struct{ svc *svc.VideoService }

func (u *UC) GetVideo(ctx context.Context, id int64) (*repo.Video, error) {
	v, err := u.svc.GetVideoRedis(ctx, id)
	if err == nil && v != nil { // want `cachemiss: falling past err == nil && v != nil sends every error of GetVideoRedis to u.svc.GetVideoDB`
		return v, nil
	}
	v, err = u.svc.GetVideoDB(ctx, id)
	if err != nil {
		return nil, err // want `nullcache: u.svc.GetVideoDB reaches this return when it returns its not-found error \(its implementation is not visible from here\)`
	}
	_ = u.svc.SetVideoRedis(ctx, v)
	return v, nil
}
