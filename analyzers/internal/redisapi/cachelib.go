package redisapi

import (
	"go/ast"
	"go/token"
	"time"
)

// GoRedisCachePaths are the import paths of github.com/go-redis/cache, a
// cache library over go-redis: its Set and Once take a *cache.Item whose
// TTL field is the expiry (0 means the library's default of one hour, with
// no jitter).
var GoRedisCachePaths = []string{"github.com/go-redis/cache/v9", "github.com/go-redis/cache/v8"}

// GoRedisCacheDefaultTTL is the TTL go-redis/cache uses when Item.TTL is 0.
const GoRedisCacheDefaultTTL = time.Hour

// RocksCachePath is github.com/dtm-labs/rockscache: it jitters TTLs itself
// and caches empty results for Options.EmptyExpire.
const RocksCachePath = "github.com/dtm-labs/rockscache"

func isGoRedisCache(path string) bool {
	for _, p := range GoRedisCachePaths {
		if p == path {
			return true
		}
	}
	return false
}

// goRedisCache is the command table of go-redis/cache's *Cache.
var goRedisCache = map[string]Command{
	"Set":                   {Name: "Set", Kind: Write, Key: -1, Value: -1, TTL: 0, Form: ItemStruct},
	"Once":                  {Name: "Once", Kind: Write, Key: -1, Value: -1, TTL: 0, Form: ItemStruct, Loader: true},
	"Get":                   {Name: "Get", Kind: Read, Key: 1, Value: -1, TTL: -1},
	"GetSkippingLocalCache": {Name: "GetSkippingLocalCache", Kind: Read, Key: 1, Value: -1, TTL: -1},
	"Exists":                {Name: "Exists", Kind: Read, Key: 1, Value: -1, TTL: -1},
}

// KeyArg returns the expression of the key the call reads or writes, or nil.
func (c *Call) KeyArg() ast.Expr {
	if c.key != nil {
		return c.key
	}
	if c.Form == ItemStruct {
		return c.itemField("Key")
	}
	if c.Key < 0 || c.Key >= len(c.Expr.Args) {
		return nil
	}
	return c.Expr.Args[c.Key]
}

// ValueArg returns the expression of the value the call writes, or nil.
func (c *Call) ValueArg() ast.Expr {
	if c.value != nil {
		return c.value
	}
	if c.Form == ItemStruct {
		return c.itemField("Value")
	}
	if c.Value < 0 || c.Value >= len(c.Expr.Args) {
		return nil
	}
	return c.Expr.Args[c.Value]
}

// TTLArg returns the argument that holds the TTL (for ItemStruct, the item
// literal itself), or nil.
func (c *Call) TTLArg() ast.Expr {
	if c.TTL < 0 || c.TTL >= len(c.Expr.Args) {
		return nil
	}
	return c.Expr.Args[c.TTL]
}

func (c *Call) itemField(name string) ast.Expr {
	lit := CompositeLit(c.TTLArg())
	if lit == nil {
		return nil
	}
	return FieldValue(lit, name)
}

// CompositeLit returns the literal x is, through & and parentheses.
func CompositeLit(x ast.Expr) *ast.CompositeLit {
	if x == nil {
		return nil
	}
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	lit, _ := x.(*ast.CompositeLit)
	return lit
}

// FieldValue returns the value of a keyed field of a struct literal.
func FieldValue(lit *ast.CompositeLit, name string) ast.Expr {
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}
