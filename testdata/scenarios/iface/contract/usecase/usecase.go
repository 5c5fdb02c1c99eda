// Package usecase loads articles through the domain interfaces only.
package usecase

import (
	"context"
	"log"
	"time"

	"scenarios/iface/contract/domain"
)

const cacheSeconds = 3600

type Articles struct {
	cache domain.ArticleCache
	store domain.ArticleStore
	memo  domain.SummaryCache
}

func key(id string) string { return "article:" + id }

// ByID logs any cache error and falls through to the database, and caches
// the article for a fixed hour.
func (u *Articles) ByID(ctx context.Context, id string) (*domain.Article, error) {
	cached, err := u.cache.GetArticle(ctx, key(id))
	if err != nil {
		log.Printf("cache: %v", err)
	}
	if cached != nil {
		return cached, nil
	}
	a, err := u.store.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := u.cache.SetArticle(ctx, key(id), cacheSeconds, a); err != nil {
		log.Printf("cache: %v", err)
	}
	return a, nil
}

// Draft writes once, not after a read: silent by default.
func (u *Articles) Draft(ctx context.Context, a *domain.Article) {
	_ = u.cache.SetDraft(ctx, "draft:"+a.ID, 10*time.Minute, a) // ok: no read before, no loop
}

// ByIDStrict returns on every cache error, and the store's not-found
// goes back uncached: its implementation is not visible here, and a
// lookup of a store interface is taken to report not-found as an error.
func (u *Articles) ByIDStrict(ctx context.Context, id string) (*domain.Article, error) {
	cached, err := u.cache.GetArticle(ctx, key(id))
	if err != nil {
		return nil, err
	}
	if cached != nil {
		return cached, nil
	}
	a, err := u.store.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	_ = u.cache.SetDraft(ctx, key(id), 5*time.Minute, a)
	return a, nil
}

// Publish takes a publication marker in a loop: conditional writes are
// markers and locks, not cache entries.
func (u *Articles) Publish(ctx context.Context, as []*domain.Article) {
	for _, a := range as {
		_, _ = u.cache.SetNX(ctx, "published:"+a.ID, time.Hour, a) // ok: a marker
	}
}

// Summary memoises in process: the memo is no Redis cache, so its fixed
// TTL and its uncached not-found are not this suite's to judge.
func (u *Articles) Summary(ctx context.Context, id string) (*domain.Article, error) {
	if a := u.memo.Get(key(id)); a != nil { // ok: an in-process memo
		return a, nil
	}
	a, err := u.store.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	u.memo.Set(key(id), a, time.Minute)
	return a, nil
}
