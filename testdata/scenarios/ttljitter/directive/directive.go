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
