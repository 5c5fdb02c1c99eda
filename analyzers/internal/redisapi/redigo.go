package redisapi

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
)

// RedigoPath is the import path of redigo, whose commands are strings:
// conn.Do("SET", key, value, "EX", 3600).
const RedigoPath = "github.com/gomodule/redigo/redis"

// stringCommand classifies a call that names its command with a string: a
// redigo Do or Send on a connection (DoContext and SendContext take ctx
// first), redigo's DoContext and DoWithTimeout functions, and go-redis's
// generic Do(ctx, "SET", ...). The command name must be a constant.
func stringCommand(info *types.Info, call *ast.CallExpr, fn *types.Func) *Call {
	if fn.Pkg() == nil {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	offset := -1
	if fn.Pkg().Path() != RedigoPath {
		// go-redis's generic Do(ctx, "GET", key): the same string commands.
		if !IsClientPath(fn.Pkg().Path()) || sig.Recv() == nil || fn.Name() != "Do" {
			return nil
		}
		offset = 1
	}
	switch {
	case offset >= 0:
	case sig.Recv() != nil && (fn.Name() == "Do" || fn.Name() == "Send"):
		offset = 0
	case sig.Recv() != nil && (fn.Name() == "DoContext" || fn.Name() == "SendContext" || fn.Name() == "DoWithTimeout"):
		offset = 1
	case sig.Recv() == nil && (fn.Name() == "DoContext" || fn.Name() == "DoWithTimeout"):
		offset = 2
	}
	if offset < 0 || offset >= len(call.Args) {
		return nil
	}
	tv, ok := info.Types[call.Args[offset]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil
	}
	name := strings.ToUpper(constant.StringVal(tv.Value))
	args := call.Args[offset+1:]
	at := func(i int) int { // index in call.Args of the command's i-th argument
		if i >= len(args) {
			return -1
		}
		return offset + 1 + i
	}
	c := Command{Name: name, Key: at(0), Value: -1, TTL: -1}
	switch name {
	case "SET":
		c.Kind, c.Value = Write, at(1)
		for i := 2; i < len(args); i++ {
			opt := constString(info, args[i])
			switch opt {
			case "EX", "PX":
				if at(i+1) >= 0 {
					c.TTL, c.Form = at(i+1), SecondsArg
					if opt == "PX" {
						c.Form = MillisArg
					}
				}
			case "NX":
				c.Conditional = true
			case "KEEPTTL", "EXAT", "PXAT":
				c.TTL = -1
			}
		}
	case "SETEX", "PSETEX":
		c.Kind, c.TTL, c.Value, c.Form = Write, at(1), at(2), SecondsArg
		if name == "PSETEX" {
			c.Form = MillisArg
		}
	case "SETNX":
		c.Kind, c.Value, c.Conditional = Write, at(1), true
	case "EXPIRE", "PEXPIRE":
		c.Kind, c.TTL, c.Form = Expire, at(1), SecondsArg
		if name == "PEXPIRE" {
			c.Form = MillisArg
		}
	case "GET", "GETDEL", "HGET", "HGETALL", "HMGET", "EXISTS", "SMEMBERS", "LRANGE", "ZRANGE", "MGET", "GETEX":
		c.Kind = Read
		c.Batch = name == "MGET" // a batch read, as go-redis's MGet
	case "INCR", "INCRBY", "INCRBYFLOAT", "DECR", "DECRBY", "HINCRBY", "ZADD", "ZINCRBY", "SADD", "LPUSH", "RPUSH", "PFADD":
		c.Kind = Counter
	default:
		return nil
	}
	if c.Key < 0 {
		return nil
	}
	return &Call{Command: c, Expr: call, Func: fn}
}

func constString(info *types.Info, x ast.Expr) string {
	if tv, ok := info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return strings.ToUpper(constant.StringVal(tv.Value))
	}
	return ""
}

// IsReplyHelper reports whether fn converts a redigo reply:
// redis.String(conn.Do("GET", key)) reads through it.
func IsReplyHelper(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != RedigoPath {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Recv() == nil && sig.Params().Len() == 2 && sig.Params().At(1).Type().String() == "error"
}
