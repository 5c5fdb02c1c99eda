package cachetest

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"
)

// ErrNotFound is the not-found error of a Source made with a nil error.
var ErrNotFound = errors.New("cachetest: not found")

// Source is a fake database for a loader under test: it holds values by
// id, answers every other id with its not-found error, and counts the
// calls for each id. The helpers read the counts: a loader's guards are
// about how often it reaches its source.
//
// Wire it into the repository interface your loader takes, one Source per
// query:
//
//	type productRepo struct{ src *cachetest.Source[*catalog.Product] }
//
//	func (r productRepo) Product(ctx context.Context, id int64) (*catalog.Product, error) {
//		return r.src.Get(ctx, strconv.FormatInt(id, 10))
//	}
//
// A query without an id (a list of featured products) uses a fixed one.
// A Source is safe for concurrent use.
type Source[V any] struct {
	notFound error

	mu      sync.Mutex
	rows    map[string]V
	calls   map[string]int
	total   int
	latency time.Duration
	gate    *gate
}

// NewSource returns an empty Source whose missing ids answer notFound:
// pass the error your repository returns (sql.ErrNoRows,
// gorm.ErrRecordNotFound, your ErrNotFound), since that is what your
// loader checks for. A nil notFound means ErrNotFound.
func NewSource[V any](notFound error) *Source[V] {
	if notFound == nil {
		notFound = ErrNotFound
	}
	return &Source[V]{notFound: notFound, rows: map[string]V{}, calls: map[string]int{}}
}

// Put stores v under id.
func (s *Source[V]) Put(id string, v V) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows[id] = v
}

// Delete removes id: from now on it is not found.
func (s *Source[V]) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.rows, id)
}

// Has reports whether id exists; it is not counted as a call.
func (s *Source[V]) Has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.rows[id]
	return ok
}

// IDs returns the ids that exist, sorted.
func (s *Source[V]) IDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.rows))
}

// SetLatency makes every call take d (or until its context ends), as a
// real query does. Latency widens the window in which concurrent misses
// overlap; SingleRefill needs none, it holds the first calls itself.
func (s *Source[V]) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// NotFound returns the error that Get returns for a missing id.
func (s *Source[V]) NotFound() error { return s.notFound }

// Get is the query: it counts the call, waits for the latency, and returns
// the value of id, or the zero value and the not-found error.
func (s *Source[V]) Get(ctx context.Context, id string) (V, error) {
	s.mu.Lock()
	s.calls[id]++
	s.total++
	v, ok := s.rows[id]
	latency, g := s.latency, s.gate
	s.mu.Unlock()

	var zero V
	if g != nil {
		if err := g.wait(ctx); err != nil {
			return zero, err
		}
	}
	if latency > 0 {
		timer := time.NewTimer(latency)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
	if !ok {
		return zero, s.notFound
	}
	return v, nil
}

// Calls returns how many times id was queried.
func (s *Source[V]) Calls(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[id]
}

// Total returns how many queries the source answered, for all ids.
func (s *Source[V]) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// ResetCalls sets the counts back to zero.
func (s *Source[V]) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.calls)
	s.total = 0
}

// hold makes the next calls wait at a gate until n of them have arrived
// or patience runs out, and returns the function that removes the gate.
func (s *Source[V]) hold(n int, patience time.Duration) (release func()) {
	g := &gate{n: n, all: make(chan struct{}), patience: patience}
	s.mu.Lock()
	s.gate = g
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.gate = nil
		s.mu.Unlock()
	}
}

// gate holds the calls to a source until n have arrived. A loader without
// deduplication sends all n concurrent misses to the source and they pass
// at once; with deduplication only one arrives, and it waits out its
// patience while the others wait for it. Either way the count is decided
// by the loader, not by how the scheduler happened to run the goroutines.
// Once open, the gate lets everyone through: the calls that a lock without
// a second read makes one after another do not each wait again.
type gate struct {
	n        int
	patience time.Duration

	mu      sync.Mutex
	arrived int
	all     chan struct{}
	open    sync.Once
}

func (g *gate) wait(ctx context.Context) error {
	g.mu.Lock()
	g.arrived++
	if g.arrived == g.n {
		g.open.Do(func() { close(g.all) })
	}
	g.mu.Unlock()
	timer := time.NewTimer(g.patience)
	defer timer.Stop()
	select {
	case <-g.all:
	case <-timer.C:
		g.open.Do(func() { close(g.all) })
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}
