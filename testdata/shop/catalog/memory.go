package catalog

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
)

// Table is one table of Memory, keyed by id.
type Table[T any] struct {
	mu   sync.RWMutex
	rows map[int64]T
}

func (t *Table[T]) Put(id int64, row T) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.rows == nil {
		t.rows = map[int64]T{}
	}
	t.rows[id] = row
}

// get returns a copy, so that callers cannot change the table.
func (t *Table[T]) get(id int64) (*T, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	row, ok := t.rows[id]
	if !ok {
		return nil, ErrNotFound
	}
	return &row, nil
}

// Memory is an in-memory database for demos and tests. It implements
// ProductRepo, PriceRepo and InventoryRepo.
type Memory struct {
	ProductRows   Table[Product]
	PriceRows     Table[Price]
	OfferRows     Table[Offer]
	StockRows     Table[Stock]
	WarehouseRows Table[Warehouse]
	SupplierRows  Table[Supplier]
}

func (m *Memory) Product(ctx context.Context, id int64) (*Product, error) {
	return m.ProductRows.get(id)
}

func (m *Memory) Products(ctx context.Context, ids []int64) ([]*Product, error) {
	var out []*Product
	for _, id := range ids {
		if p, err := m.ProductRows.get(id); err == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

func (m *Memory) Featured(ctx context.Context) ([]*Product, error) {
	return slices.DeleteFunc(m.allProducts(), func(p *Product) bool { return !p.Featured }), nil
}

func (m *Memory) Bestsellers(ctx context.Context, n int) ([]*Product, error) {
	all := m.allProducts()
	slices.SortStableFunc(all, func(a, b *Product) int { return cmp.Compare(b.Sold, a.Sold) })
	return all[:min(n, len(all))], nil
}

func (m *Memory) allProducts() []*Product {
	m.ProductRows.mu.RLock()
	ids := slices.Sorted(maps.Keys(m.ProductRows.rows))
	m.ProductRows.mu.RUnlock()
	out, _ := m.Products(context.Background(), ids)
	return out
}

func (m *Memory) Price(ctx context.Context, productID int64) (*Price, error) {
	return m.PriceRows.get(productID)
}

func (m *Memory) Offer(ctx context.Context, productID int64) (*Offer, error) {
	return m.OfferRows.get(productID)
}

func (m *Memory) Stock(ctx context.Context, productID int64) (*Stock, error) {
	return m.StockRows.get(productID)
}

func (m *Memory) Reserve(ctx context.Context, productID int64, n int) (*Stock, error) {
	t := &m.StockRows
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.rows[productID]
	if !ok {
		return nil, ErrNotFound
	}
	if s.Available < n {
		return nil, fmt.Errorf("reserve %d of product %d: only %d available", n, productID, s.Available)
	}
	s.Available -= n
	s.Reserved += n
	t.rows[productID] = s
	return &s, nil
}

func (m *Memory) Warehouse(ctx context.Context, id int64) (*Warehouse, error) {
	return m.WarehouseRows.get(id)
}

func (m *Memory) Supplier(ctx context.Context, id int64) (*Supplier, error) {
	return m.SupplierRows.get(id)
}
