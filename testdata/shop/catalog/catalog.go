// Package catalog holds the shop's domain types and the repositories that
// reach the database. The services in the sibling packages put Redis in
// front of these repositories.
package catalog

import (
	"context"
	"errors"
	"time"
)

// ErrNotFound is returned by a repository when the row does not exist.
var ErrNotFound = errors.New("catalog: not found")

type Product struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Featured bool   `json:"featured"`
	Sold     int    `json:"sold"`
}

type Price struct {
	ProductID int64  `json:"product_id"`
	Cents     int64  `json:"cents"`
	Currency  string `json:"currency"`
}

// Offer is a time-limited discount on a product.
type Offer struct {
	ProductID  int64     `json:"product_id"`
	PercentOff int       `json:"percent_off"`
	Ends       time.Time `json:"ends"`
}

type Stock struct {
	ProductID int64 `json:"product_id"`
	Available int   `json:"available"`
	Reserved  int   `json:"reserved"`
}

type Warehouse struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	City string `json:"city"`
}

type Supplier struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	LeadDays int    `json:"lead_days"`
}

type ProductRepo interface {
	Product(ctx context.Context, id int64) (*Product, error)
	// Products returns the products that exist among ids, in no order.
	Products(ctx context.Context, ids []int64) ([]*Product, error)
	Featured(ctx context.Context) ([]*Product, error)
	Bestsellers(ctx context.Context, n int) ([]*Product, error)
}

type PriceRepo interface {
	Price(ctx context.Context, productID int64) (*Price, error)
	Offer(ctx context.Context, productID int64) (*Offer, error)
}

type InventoryRepo interface {
	Stock(ctx context.Context, productID int64) (*Stock, error)
	Reserve(ctx context.Context, productID int64, n int) (*Stock, error)
	Warehouse(ctx context.Context, id int64) (*Warehouse, error)
	Supplier(ctx context.Context, id int64) (*Supplier, error)
}
