package redisapi

import "go/types"

// Calls around the client that the analyzers recognise by name: result
// accessors of a command, deduplication of a refill, locks. They are
// here, with the commands, so that no analyzer names a client method.

// DiscardsError reports whether a command's result accessor drops the
// error (go-redis's Val: rdb.Get(ctx, k).Val()).
func DiscardsError(method string) bool { return method == "Val" }

// ScansInto reports whether a command's result accessor decodes into its
// argument (go-redis's Scan: rdb.Get(ctx, k).Scan(&v)).
func ScansInto(method string) bool { return method == "Scan" }

// IsNilCheck reports whether fn tests an error for the client's miss
// (rueidis.IsRedisNil(err) is errors.Is(err, rueidis.Nil)).
func IsNilCheck(fn *types.Func) bool {
	return fn != nil && fn.Name() == "IsRedisNil" && fn.Pkg() != nil && IsClientPath(fn.Pkg().Path())
}

// IsDedup reports whether a call of fn runs a function argument once for
// all the concurrent callers with the same key: singleflight's Do and
// DoChan (x/sync or a copy), go-redis/cache's Once.
func IsDedup(fn *types.Func) bool {
	switch fn.Name() {
	case "Do", "DoChan", "Once":
		return true
	}
	return false
}

// IsLock reports whether a call of fn takes a lock: a sync mutex, or a
// lock library's Lock/Obtain/Acquire (redsync, redislock and the like).
func IsLock(fn *types.Func) bool {
	switch fn.Name() {
	case "Lock", "TryLock", "LockContext", "Obtain", "Acquire", "TryAcquire":
		return true
	}
	return false
}
