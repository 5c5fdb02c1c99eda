// Package directive shows //cacheguard:ignore.
package directive

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

func warm(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		//cacheguard:ignore ttljitter the nightly job staggers these writes over an hour
		rdb.Set(ctx, "product:"+id, id, time.Hour)
		rdb.Set(ctx, "price:"+id, id, time.Hour) //cacheguard:ignore ttljitter staggered by the caller
		rdb.Set(ctx, "stock:"+id, id, time.Hour) //cacheguard:ignore ttljitter // want `needs a reason` `fixed TTL of 1h`
		rdb.Set(ctx, "promo:"+id, id, time.Hour) //cacheguard:ignore // want `malformed directive` `fixed TTL of 1h`
	}
	//cacheguard:ignore ttljitter nothing here any more // want `silences nothing here`
	rdb.Set(ctx, "x", 1, 0)
	//cacheguard:ignore nullcache not ours to judge
	rdb.Set(ctx, "y", 1, 0)
}

// Near misses are not directives, and are reported rather than silently
// doing nothing.
func nearMisses(ctx context.Context, rdb *redis.Client, ids []string) {
	for _, id := range ids {
		// cacheguard:ignore ttljitter a space after the slashes // want `malformed directive "// cacheguard:ignore"`
		rdb.Set(ctx, "a:"+id, id, time.Hour) // want `fixed TTL of 1h`
		//cacheguard:ignores ttljitter one letter too many // want `malformed directive "//cacheguard:ignores ttljitter"`
		rdb.Set(ctx, "b:"+id, id, time.Hour) // want `fixed TTL of 1h`
		/* cacheguard:ignore ttljitter in a block comment */ // want `malformed directive`
		rdb.Set(ctx, "c:"+id, id, time.Hour)                 // want `fixed TTL of 1h`
		//cacheguard:ignore ttljiter,nullcache a misspelt name // want `malformed directive: write //cacheguard:ignore <analyzer> <reason>`
		rdb.Set(ctx, "d:"+id, id, time.Hour) // want `fixed TTL of 1h`
	}
	// The combined directive still silences nullcache: the advice is to
	// drop ttljitter from it, not to remove it.
	//cacheguard:ignore ttljitter,nullcache the other name may still be needed // want `ttljitter silences nothing here; remove ttljitter from the list`
	rdb.Set(ctx, "z", 1, 0)
}

// A YAML example in a comment is no directive:
//
//	linters:
//	  settings:
//	    custom:
//	      cacheguard:
//	        type: module
func yamlInComment() {}
