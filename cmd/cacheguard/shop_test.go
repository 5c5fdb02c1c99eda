package main_test

// The example service the README's first command checks
// (go run ./cmd/cacheguard ./testdata/shop/...), and these tests with it:
// go mod tidy does not look into testdata, so these imports keep the
// service's requirements (go-redis v9, x/sync) in the main module's go.mod.
import (
	_ "github.com/cacheguard/cacheguard/testdata/shop/auth"
	_ "github.com/cacheguard/cacheguard/testdata/shop/cache"
	_ "github.com/cacheguard/cacheguard/testdata/shop/catalog"
	_ "github.com/cacheguard/cacheguard/testdata/shop/inventory"
	_ "github.com/cacheguard/cacheguard/testdata/shop/prices"
	_ "github.com/cacheguard/cacheguard/testdata/shop/products"
)
