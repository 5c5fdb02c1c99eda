package redisapi

import (
	"go/ast"
	"go/types"
	"strings"
)

// RueidisPath is rueidis's root; its command builders live in
// internal/cmds: c.B().Set().Key(k).Value(v).Ex(time.Hour).Build().
const (
	RueidisPath     = "github.com/redis/rueidis"
	rueidisCmdsPath = RueidisPath + "/internal/cmds"
)

// IsRueidis reports whether path is rueidis or one of its packages: its
// Do, DoCache and builders are plumbing, never a source of truth.
func IsRueidis(path string) bool {
	return path == RueidisPath || strings.HasPrefix(path, RueidisPath+"/")
}

// rueidisBuilder classifies a builder call of rueidis: the call that sets
// the expiry (SetValue.Ex, SetexKey.Seconds, ExpireKey.Seconds, ...) is the
// write; Get().Key(k) is the read. The key and value are found up the
// builder chain.
func rueidisBuilder(call *ast.CallExpr, fn *types.Func) *Call {
	if fn.Pkg() == nil || fn.Pkg().Path() != rueidisCmdsPath {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return nil
	}
	recv := ""
	if n, ok := types.Unalias(sig.Recv().Type()).(*types.Named); ok {
		recv = n.Obj().Name()
	}
	c := Command{Name: fn.Name(), Key: -1, Value: -1, TTL: -1}
	switch {
	case (recv == "SetValue" || recv == "SetConditionNx" || recv == "SetConditionXx") &&
		(fn.Name() == "Ex" || fn.Name() == "Px" || fn.Name() == "ExSeconds" || fn.Name() == "PxMilliseconds"):
		c.Name, c.Kind, c.TTL = "SET", Write, 0
		c.Conditional = recv == "SetConditionNx"
		c.Form = map[string]TTLForm{"Ex": DurationArg, "Px": DurationArg, "ExSeconds": SecondsArg, "PxMilliseconds": MillisArg}[fn.Name()]
	case recv == "SetexKey" && fn.Name() == "Seconds":
		c.Name, c.Kind, c.TTL, c.Form = "SETEX", Write, 0, SecondsArg
	case recv == "ExpireKey" && fn.Name() == "Seconds":
		c.Name, c.Kind, c.TTL, c.Form = "EXPIRE", Expire, 0, SecondsArg
	case recv == "PexpireKey" && fn.Name() == "Milliseconds":
		c.Name, c.Kind, c.TTL, c.Form = "PEXPIRE", Expire, 0, MillisArg
	case (recv == "Get" || recv == "Hget" || recv == "Hgetall" || recv == "Mget" || recv == "Exists") && fn.Name() == "Key":
		c.Name, c.Kind, c.Key = strings.ToUpper(recv), Read, 0
	case recv == "Incr" || recv == "Incrby" || recv == "Zadd" || recv == "Sadd":
		if fn.Name() != "Key" {
			return nil
		}
		c.Name, c.Kind, c.Key = strings.ToUpper(recv), Counter, 0
	default:
		return nil
	}
	if c.Key >= len(call.Args) || c.TTL >= len(call.Args) {
		return nil
	}
	out := &Call{Command: c, Expr: call, Func: fn}
	if c.Kind != Read && c.Kind != Counter {
		out.key, out.value = builderArg(call, "Key"), builderArg(call, "Value")
		if out.key == nil {
			return nil
		}
	}
	return out
}

// builderArg returns the first argument of the call to method name up the
// receiver chain of call.
func builderArg(call *ast.CallExpr, name string) ast.Expr {
	x := ast.Expr(call)
	for {
		c, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			return nil
		}
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		if sel.Sel.Name == name && len(c.Args) > 0 {
			return c.Args[0]
		}
		x = sel.X
	}
}
