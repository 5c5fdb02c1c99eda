module github.com/cacheguard/cacheguard

go 1.26.0

require (
	github.com/golangci/plugin-module-register v0.1.2
	github.com/redis/go-redis/v9 v9.23.0
	github.com/sourcegraph/jsonrpc2 v0.2.3
	golang.org/x/mod v0.42.0
	golang.org/x/sync v0.24.0
	golang.org/x/tools v0.52.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
