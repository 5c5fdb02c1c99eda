// Package domain declares the interfaces of a clean-architecture service:
// the use case sees these, never the Redis code behind them.
package domain

import (
	"context"
	"time"
)

type Article struct {
	ID    string
	Title string
}

// ArticleCache is implemented in a package the use case does not import.
type ArticleCache interface {
	GetArticle(ctx context.Context, key string) (*Article, error)
	SetArticle(ctx context.Context, key string, seconds int, a *Article) error
	SetDraft(ctx context.Context, key string, ttl time.Duration, a *Article) error
	SetNX(ctx context.Context, key string, ttl time.Duration, a *Article) (bool, error)
}

// ArticleStore is the database.
type ArticleStore interface {
	ByID(ctx context.Context, id string) (*Article, error)
}

// Clock is no cache: its methods are not taken for cache reads.
type Clock interface {
	GetNow() time.Time
}

// SummaryCache is an in-process memo: no context, no error. Its methods
// are no network calls, so they are not taken for Redis reads and writes.
type SummaryCache interface {
	Get(key string) *Article
	Set(key string, a *Article, ttl time.Duration)
}
