// Package redisapi is cacheguard's knowledge of the Redis client APIs: which
// import paths are Redis clients, which of their methods read, write or
// expire a key, and where each write keeps its TTL.
//
// Nothing else in cacheguard names a client method. Calls are matched on the
// resolved callee (package path + method name), never on selector text, so a
// command reached through *redis.Client, *redis.ClusterClient, *redis.Ring,
// redis.Cmdable, redis.UniversalClient, redis.Pipeliner, a transaction, an
// embedded client or a user interface that embeds one is the same command.
package redisapi

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"time"

	"golang.org/x/tools/go/types/typeutil"
)

// ClientPaths are the import paths of the supported go-redis clients.
var ClientPaths = []string{
	"github.com/redis/go-redis/v9",
	"github.com/go-redis/redis/v9", // the pre-rename path of v9
	"github.com/go-redis/redis/v8",
	// rueidis's go-redis compatible API: the same method names, arguments
	// and command types.
	"github.com/redis/rueidis/rueidiscompat",
	RueidisPath,
	RedigoPath,
	// Cache libraries over the clients.
	"github.com/go-redis/cache/v9",
	"github.com/go-redis/cache/v8",
}

// IsClientPath reports whether path is a supported Redis client package.
func IsClientPath(path string) bool {
	for _, p := range ClientPaths {
		if p == path {
			return true
		}
	}
	return false
}

// Kind says what a command does to its key.
type Kind int

const (
	// Read returns the value stored at the key (a cache lookup).
	Read Kind = iota + 1
	// Write stores a value at the key, optionally with an expiry.
	Write
	// Expire sets or changes the expiry of an existing key.
	Expire
	// Counter updates a counter or a collection in place (INCR, ZADD, ...):
	// a key touched this way is a rate limit, a window or a set, not a
	// cached copy of a record.
	Counter
)

// TTLForm says where a command keeps its TTL.
type TTLForm int

const (
	// NoTTL: the command sets no expiry.
	NoTTL TTLForm = iota
	// DurationArg: a time.Duration argument (Set, SetEx, Expire, GetEx, ...).
	DurationArg
	// SetArgsStruct: the TTL field of a redis.SetArgs argument.
	SetArgsStruct
	// ExpirationOption: the Expiration *redis.ExpirationOption field of an
	// args struct (MSetEXArgs, IncrEXIntArgs): a Mode and an int64 Value.
	ExpirationOption
	// HashExpireOptions: the ExpirationType/ExpirationVal fields of
	// *redis.HSetEXOptions.
	HashExpireOptions
	// AbsoluteTime: a time.Time argument (ExpireAt, PExpireAt, HExpireAt).
	AbsoluteTime
	// SecondsArg, MillisArg: a count of seconds or milliseconds (redigo's
	// "EX", 3600 and SETEX key 3600 value).
	SecondsArg
	MillisArg
	// ItemStruct: the TTL field of go-redis/cache's *cache.Item (0: the
	// library's default); the key and value are its Key and Value fields.
	ItemStruct
	// ScriptTTL: a number written in a Lua script (Call.Script).
	ScriptTTL
)

// Command describes one client method.
type Command struct {
	Name  string
	Kind  Kind
	Key   int     // index of the key argument (ctx is argument 0); -1 for multi-key commands
	Value int     // index of the value argument; -1 when there is none
	TTL   int     // index of the argument that holds the TTL; -1 when there is none
	Form  TTLForm // how that argument holds it
	// Conditional: the write happens only if the key is absent or matches
	// (SET NX, SET IFEQ): the shape of locks and dedupe markers.
	Conditional bool
	// Bulk: the command writes many keys at once (MSETEX).
	Bulk bool
	// Loader: the command is a whole cache-aside loader (go-redis/cache's
	// Once): its write is a cache entry by itself.
	Loader bool
	// Batch: a read of many keys at once (MGET): its misses are loaded
	// together and written back in a loop.
	Batch bool
}

// ReadsValue reports whether the command is a read that fetches a cached
// value (GET, HGETALL, MGET), not a yes/no question (EXISTS, SISMEMBER),
// for every client.
func (c Command) ReadsValue() bool { return c.Kind == Read && valueRead[strings.ToLower(c.Name)] }

func write(name string, ttl int, form TTLForm) Command {
	return Command{Name: name, Kind: Write, Key: 1, Value: 2, TTL: ttl, Form: form}
}

func conditional(c Command) Command { c.Conditional = true; return c }

func expire(name string, ttl int, form TTLForm) Command {
	return Command{Name: name, Kind: Expire, Key: 1, Value: -1, TTL: ttl, Form: form}
}

func read(name string) Command {
	return Command{Name: name, Kind: Read, Key: 1, Value: -1, TTL: -1, Batch: name == "MGet"}
}

// valueRead are the reads that fetch a cached value (not EXISTS or
// SISMEMBER, whose wrappers answer yes/no questions such as a token
// blacklist), by lower-case name for every client.
var valueRead = map[string]bool{
	"get": true, "getex": true, "getdel": true, "getrange": true, "hget": true,
	"hgetall": true, "hmget": true, "mget": true, "jsonget": true,
}

func counter(name string) Command {
	return Command{Name: name, Kind: Counter, Key: 1, Value: -1, TTL: -1}
}

// commands is the table, shared by every supported client: the method sets
// of go-redis v8 and v9 agree on the names they both have.
var commands = map[string]Command{}

func init() {
	for _, c := range []Command{
		write("Set", 3, DurationArg),
		write("SetEx", 3, DurationArg), // v9
		write("SetEX", 3, DurationArg), // v8
		write("SetXX", 3, DurationArg),
		write("SetArgs", 3, SetArgsStruct),
		conditional(write("SetNX", 3, DurationArg)),
		conditional(write("SetIFEQ", 4, DurationArg)),
		conditional(write("SetIFEQGet", 4, DurationArg)),
		conditional(write("SetIFNE", 4, DurationArg)),
		conditional(write("SetIFNEGet", 4, DurationArg)),
		conditional(write("SetIFDEQ", 4, DurationArg)),
		conditional(write("SetIFDEQGet", 4, DurationArg)),
		conditional(write("SetIFDNE", 4, DurationArg)),
		conditional(write("SetIFDNEGet", 4, DurationArg)),
		{Name: "MSetEX", Kind: Write, Key: -1, Value: 2, TTL: 1, Form: ExpirationOption, Bulk: true},
		// Hash caches: HSET fills a hash (its fields and values follow
		// the key), an EXPIRE after it gives the entry its TTL.
		{Name: "HSet", Kind: Write, Key: 1, Value: -1, TTL: -1},
		{Name: "HMSet", Kind: Write, Key: 1, Value: -1, TTL: -1},
		{Name: "HSetNX", Kind: Write, Key: 1, Value: -1, TTL: -1, Conditional: true},
		{Name: "HSetEXWithArgs", Kind: Write, Key: 1, Value: 3, TTL: 2, Form: HashExpireOptions},
		{Name: "Restore", Kind: Write, Key: 1, Value: 3, TTL: 2, Form: DurationArg},
		{Name: "RestoreReplace", Kind: Write, Key: 1, Value: 3, TTL: 2, Form: DurationArg},
		{Name: "IncrEXInt", Kind: Counter, Key: 1, Value: -1, TTL: 2, Form: ExpirationOption},
		{Name: "IncrEXFloat", Kind: Counter, Key: 1, Value: -1, TTL: 2, Form: ExpirationOption},

		expire("Expire", 2, DurationArg),
		expire("ExpireNX", 2, DurationArg),
		expire("ExpireXX", 2, DurationArg),
		expire("ExpireGT", 2, DurationArg),
		expire("ExpireLT", 2, DurationArg),
		expire("PExpire", 2, DurationArg),
		expire("ExpireAt", 2, AbsoluteTime),
		expire("PExpireAt", 2, AbsoluteTime),
		expire("HExpire", 2, DurationArg),
		expire("HExpireWithArgs", 2, DurationArg),
		expire("HPExpire", 2, DurationArg),
		expire("HPExpireWithArgs", 2, DurationArg),
		expire("HExpireAt", 2, AbsoluteTime),
		expire("HExpireAtWithArgs", 2, AbsoluteTime),
		expire("HPExpireAt", 2, AbsoluteTime),
		expire("HPExpireAtWithArgs", 2, AbsoluteTime),
		// GETEX reads the value and refreshes its expiry: a read that is
		// also an expiry write.
		{Name: "GetEx", Kind: Read, Key: 1, Value: -1, TTL: 2, Form: DurationArg},
		{Name: "HGetEXWithArgs", Kind: Read, Key: 1, Value: -1, TTL: 2, Form: HashExpireOptions},

		read("Get"), read("GetDel"), read("GetRange"), read("MGet"),
		read("HGet"), read("HGetAll"), read("HMGet"), read("HGetDel"), read("HGetEX"),
		read("Exists"), read("SMembers"), read("SIsMember"), read("LRange"),
		read("ZRange"), read("ZRangeWithScores"), read("ZRevRange"), read("ZRevRangeWithScores"),
		read("ZRangeByScore"), read("ZRangeByScoreWithScores"), read("ZRevRangeByScore"),
		read("ZRevRangeByScoreWithScores"),
		read("ZScore"), read("ZMScore"), read("SMIsMember"), read("HExists"), read("HKeys"),
		read("HVals"), read("LIndex"), read("JSONGet"),
		read("JSONGetWithArgs"), read("GetToBuffer"),

		counter("Incr"), counter("IncrBy"), counter("IncrByFloat"), counter("Decr"),
		counter("DecrBy"), counter("HIncrBy"), counter("HIncrByFloat"), counter("ZAdd"),
		counter("ZAddNX"), counter("ZAddXX"), counter("ZAddArgs"), counter("ZIncrBy"),
		counter("ZRemRangeByScore"), counter("ZRemRangeByRank"), counter("SAdd"),
		counter("LPush"), counter("RPush"), counter("LTrim"), counter("PFAdd"),
		counter("SetBit"), counter("BitField"),
	} {
		commands[c.Name] = c
	}
}

// rangeReads read a whole collection: a missing key reads as an empty
// one, with no error and no redis.Nil.
var rangeReads = map[string]bool{
	"ZRange": true, "ZRangeWithScores": true, "ZRevRange": true, "ZRevRangeWithScores": true,
	"ZRangeByScore": true, "ZRangeByScoreWithScores": true, "ZRevRangeByScore": true,
	"ZRevRangeByScoreWithScores": true, "SMembers": true, "LRange": true, "HGetAll": true,
	"HKeys": true, "HVals": true,
}

// RangeRead reports whether c reads a whole collection (SMEMBERS,
// HGETALL, ZRANGE), whichever client names it: a missing key reads as an
// empty collection.
func RangeRead(c Command) bool {
	if c.Kind != Read {
		return false
	}
	for name := range rangeReads {
		if strings.EqualFold(name, c.Name) {
			return true
		}
	}
	return false
}

// ReportsMissing reports whether the go-redis read command of this name
// tells a missing key apart (GET's redis.Nil, EXISTS's 0), unlike a range
// read, which returns an empty collection.
func ReportsMissing(name string) bool {
	c, ok := commands[name]
	return ok && c.Kind == Read && !rangeReads[name]
}

// collectionAdds are the counter commands that add members to a
// collection: in a loop over rows, they fill a cached list or set (ZADD
// of a user's followers from SQL), which an INCR or a ZREMRANGEBYSCORE on
// the same key never is.
var collectionAdds = map[string]bool{
	"ZADD": true, "ZADDNX": true, "ZADDXX": true, "ZADDARGS": true,
	"SADD": true, "RPUSH": true, "LPUSH": true, "RPUSHX": true, "LPUSHX": true,
}

// MissAnswer says how a read command answers a missing key when it does
// not fail with redis.Nil: "0 or false" for a yes/no question (EXISTS,
// SISMEMBER, HEXISTS), "an empty collection" for a range read (SMEMBERS,
// HGETALL); "" for a command that reports the miss as redis.Nil (GET,
// HGET, ZSCORE). Any error of the first two is a failure.
func MissAnswer(c Command) string {
	if c.Kind != Read {
		return ""
	}
	if RangeRead(c) {
		return "an empty collection"
	}
	switch strings.ToUpper(c.Name) {
	case "EXISTS", "HEXISTS", "SISMEMBER", "SMISMEMBER":
		return "0 or false"
	}
	return ""
}

// AsksMembership reports whether c asks whether one member is in a set or
// a sorted set (SISMEMBER, SMISMEMBER, ZSCORE, ZMSCORE).
func AsksMembership(c Command) bool {
	if c.Kind != Read {
		return false
	}
	switch strings.ToUpper(c.Name) {
	case "SISMEMBER", "SMISMEMBER", "ZSCORE", "ZMSCORE":
		return true
	}
	return false
}

// IsCollectionAdd reports whether c adds members to a sorted set, a set
// or a list.
func IsCollectionAdd(c Command) bool {
	return c.Kind == Counter && collectionAdds[strings.ToUpper(c.Name)]
}

// NotTTL lists the methods of the client interfaces that take a
// time.Duration (or a struct holding one) that is not a key's expiry: a
// blocking timeout, a pause, a stream idle time. The completeness test
// fails for a duration-taking method that is in neither table, so a new
// go-redis release cannot add an expiring write that cacheguard ignores.
var NotTTL = map[string]string{
	"BLPop": "blocking timeout", "BRPop": "blocking timeout", "BLMPop": "blocking timeout",
	"BRPopLPush": "blocking timeout", "BLMove": "blocking timeout", "BLMoveM": "blocking timeout",
	"BZPopMax": "blocking timeout", "BZPopMin": "blocking timeout", "BZMPop": "blocking timeout",
	"ClientPause": "server pause", "Migrate": "network timeout",
	"XRead": "blocking timeout", "XReadGroup": "blocking timeout",
	"XReadGroupWithArgs": "blocking timeout",
	"XPendingExt":        "idle time filter", "XClaim": "idle time", "XClaimJustID": "idle time",
	"XAutoClaim": "idle time", "XAutoClaimJustID": "idle time",
	"Wait": "replication timeout", "WaitAOF": "replication timeout",
	"ClientKillByFilter": "filter", "HotKeysStart": "sampling duration",
	"XReadArgs": "blocking timeout", "TSReadWithArgs": "blocking timeout",
	"XAutoClaimWithDeleted":        "idle time",
	"AutoPipelineWithOptions":      "flush interval",
	"AsyncAutoPipelineWithOptions": "flush interval",
	"Cache":                        "client-side cache lifetime (rueidiscompat)",
}

// Call is a call to a known client command.
type Call struct {
	Command
	Expr *ast.CallExpr
	Func *types.Func
	// key and value, when they are not arguments of this call (rueidis
	// builders keep them up the chain).
	key, value ast.Expr
	// Script is the expiry a Lua script sets, for Form ScriptTTL.
	Script *ScriptTTLAt
}

// ScriptTTLAt is an expiry written as a number in a Lua script.
type ScriptTTLAt struct {
	D    time.Duration
	Text string    // "EXPIRE … 300 in the Lua script"
	Pos  token.Pos // where the number is, or the script's start
}

// Lookup classifies call: a known command of a supported client, or nil.
func Lookup(info *types.Info, call *ast.CallExpr) *Call {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return nil
	}
	if c := stringCommand(info, call, fn); c != nil {
		return c
	}
	if c := rueidisBuilder(call, fn); c != nil {
		return c
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	if fn.Pkg().Path() == RedigoPath {
		return nil
	}
	if isGoRedisCache(fn.Pkg().Path()) {
		if cmd, ok := goRedisCache[fn.Name()]; ok && cmd.TTL < len(call.Args) && cmd.Key < len(call.Args) {
			return &Call{Command: cmd, Expr: call, Func: fn}
		}
		return nil
	}
	if !IsClientPath(fn.Pkg().Path()) && !mirrorsClient(fn, sig) {
		return nil
	}
	cmd, ok := commands[fn.Name()]
	if !ok {
		return nil
	}
	// Method arguments exclude the receiver; the table counts ctx as 0.
	if cmd.TTL >= len(call.Args) || cmd.Key >= len(call.Args) || cmd.Value >= len(call.Args) {
		return nil
	}
	return &Call{Command: cmd, Expr: call, Func: fn}
}

// mirrorsClient reports whether fn is a method of the user's own interface
// that mirrors a client method: same name, and it returns the client's
// command type (Set(...) *redis.StatusCmd). Code declares such interfaces
// to narrow or mock the client (go-redis/cache's rediser); every
// implementation is a client.
func mirrorsClient(fn *types.Func, sig *types.Signature) bool {
	if !types.IsInterface(sig.Recv().Type()) || sig.Results().Len() != 1 {
		return false
	}
	p, ok := sig.Results().At(0).Type().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && IsClientPath(n.Obj().Pkg().Path()) && strings.HasSuffix(n.Obj().Name(), "Cmd")
}

// Known returns the command table's row for a method name.
func Known(name string) (Command, bool) { c, ok := commands[name]; return c, ok }

// IsNil reports whether obj is the client's "key does not exist" error:
// redis.Nil (a constant in go-redis v8 and v9, a variable in
// rueidiscompat) or redigo's ErrNil.
func IsNil(obj types.Object) bool {
	if obj == nil || obj.Pkg() == nil || !IsClientPath(obj.Pkg().Path()) {
		return false
	}
	switch obj.Name() {
	case "Nil", "ErrNil", "ErrCacheMiss": // go-redis, redigo, go-redis/cache
		return true
	}
	return false
}

// ReachesClient reports whether pkg imports a Redis client, directly or
// transitively. Packages that cannot reach one are skipped at once.
func ReachesClient(pkg *types.Package) bool {
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package) bool
	visit = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		if IsClientPath(p.Path()) {
			return true
		}
		for _, imp := range p.Imports() {
			if visit(imp) {
				return true
			}
		}
		return false
	}
	return visit(pkg)
}
