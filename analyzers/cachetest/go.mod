module github.com/cacheguard/cacheguard/analyzers/cachetest

go 1.26.0

require (
	github.com/alicebob/miniredis/v2 v2.40.0
	github.com/cacheguard/cacheguard v0.0.0
	github.com/redis/go-redis/v9 v9.23.0
	golang.org/x/sync v0.24.0
	golang.org/x/tools v0.52.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/yuin/gopher-lua v1.1.1 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)

// The runtime kit's tests run the analyzers of this checkout on the example
// service (testdata/shop).
replace github.com/cacheguard/cacheguard => ../..
