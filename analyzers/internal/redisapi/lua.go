package redisapi

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/types/typeutil"
)

// Lua scripts. A script run with EVAL (rdb.Eval(ctx, src, keys, args...),
// redis.NewScript(src).Run(ctx, rdb, keys, args...)) writes the keys it is
// handed as KEYS[1], KEYS[2], ... with the commands it calls. When the
// script's text is known, its writes are writes of those keys, and a TTL
// written in the script as a number (redis.call("EXPIRE", KEYS[1], 300))
// is a constant chosen there.

// Eval describes a call that runs a Lua script.
type Eval struct {
	Script ast.Expr // the script's source, or the *redis.Script it runs
	Keys   ast.Expr // the []string of keys handed to it, or nil
}

// EvalOf recognises a call that runs a Lua script: a client's Eval or
// EvalRO (ctx, script, keys, args...), or a *redis.Script's Run or RunRO
// (ctx, client, keys, args...).
func EvalOf(info *types.Info, call *ast.CallExpr) (Eval, bool) {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || !IsClientPath(fn.Pkg().Path()) {
		return Eval{}, false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return Eval{}, false
	}
	var e Eval
	switch fn.Name() {
	case "Eval", "EvalRO":
		if len(call.Args) < 2 || isScriptType(sig.Recv().Type()) {
			return Eval{}, false
		}
		e.Script = call.Args[1]
	case "Run", "RunRO":
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !isScriptType(sig.Recv().Type()) {
			return Eval{}, false
		}
		e.Script = sel.X
	default:
		return Eval{}, false
	}
	if len(call.Args) > 2 {
		e.Keys = call.Args[2]
	}
	return e, true
}

func isScriptType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == "Script"
}

// IsNewScript reports whether call makes a script from its source
// (redis.NewScript(src)): the source is its first argument.
func IsNewScript(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	return ok && fn.Pkg() != nil && IsClientPath(fn.Pkg().Path()) && fn.Name() == "NewScript" && len(call.Args) == 1
}

// ScriptCall is one redis.call (or redis.pcall) of a Lua script.
type ScriptCall struct {
	Command string // upper case: "SET", "EXPIRE"
	Key     int    // which of KEYS it names, from 0; -1 when not a KEYS entry
	// TTL is the expiry it sets, when written as a number in the script;
	// TTLText is that number as written, and TTLOffset its byte offset
	// in the script.
	TTL       time.Duration
	TTLText   string
	TTLOffset int
	NX        bool // SET ... NX: a lock or a marker
	// Expires says the call sets an expiry, as a number or not
	// (EXPIRE k ARGV[1]); At is the byte offset of the command's name.
	Expires bool
	At      int
}

var (
	luaCall  = regexp.MustCompile(`redis\.p?call\s*\(\s*['"]([A-Za-z]+)['"]\s*,\s*([^,)]+)((?:,[^,)]*)*)\)`)
	luaAlias = regexp.MustCompile(`local\s+([A-Za-z_]\w*)\s*=\s*KEYS\s*\[\s*(\d+)\s*\]`)
	luaKeys  = regexp.MustCompile(`^KEYS\s*\[\s*(\d+)\s*\]$`)
	luaInt   = regexp.MustCompile(`^\d+$`)
)

// ParseScript lists the redis.call commands of a Lua script, with the key
// each names and the expiry it sets when that is a number.
func ParseScript(src string) []ScriptCall {
	alias := map[string]int{}
	for _, m := range luaAlias.FindAllStringSubmatch(src, -1) {
		if n, err := strconv.Atoi(m[2]); err == nil {
			alias[m[1]] = n - 1
		}
	}
	var out []ScriptCall
	for _, m := range luaCall.FindAllStringSubmatchIndex(src, -1) {
		c := ScriptCall{Command: strings.ToUpper(src[m[2]:m[3]]), Key: -1, At: m[2]}
		key := strings.TrimSpace(src[m[4]:m[5]])
		if k := luaKeys.FindStringSubmatch(key); k != nil {
			n, _ := strconv.Atoi(k[1])
			c.Key = n - 1
		} else if n, ok := alias[key]; ok {
			c.Key = n
		}
		// The arguments after the key, with their offsets.
		type arg struct {
			text string
			at   int
		}
		var args []arg
		rest, base := src[m[6]:m[7]], m[6]
		for len(rest) > 0 && rest[0] == ',' {
			rest, base = rest[1:], base+1
			end := strings.IndexByte(rest, ',')
			if end < 0 {
				end = len(rest)
			}
			text := rest[:end]
			lead := len(text) - len(strings.TrimLeft(text, " \t\r\n"))
			args = append(args, arg{strings.TrimSpace(text), base + lead})
			rest, base = rest[end:], base+end
		}
		unquote := func(s string) string { return strings.ToUpper(strings.Trim(s, `'"`)) }
		setTTL := func(a arg, unit time.Duration) {
			if luaInt.MatchString(a.text) {
				n, _ := strconv.ParseInt(a.text, 10, 64)
				c.TTL, c.TTLText, c.TTLOffset = time.Duration(n)*unit, a.text, a.at
			}
		}
		switch c.Command {
		case "EXPIRE", "SETEX":
			c.Expires = true
			if len(args) > 0 {
				setTTL(args[0], time.Second)
			}
		case "PEXPIRE", "PSETEX":
			c.Expires = true
			if len(args) > 0 {
				setTTL(args[0], time.Millisecond)
			}
		case "EXPIREAT", "PEXPIREAT":
			c.Expires = true
		case "SET":
			for i, a := range args {
				switch unquote(a.text) {
				case "EX", "PX", "EXAT", "PXAT", "KEEPTTL":
					c.Expires = true
				}
				switch unquote(a.text) {
				case "NX":
					c.NX = true
				case "EX":
					if i+1 < len(args) {
						setTTL(args[i+1], time.Second)
						c.TTLText = "EX " + c.TTLText
					}
				case "PX":
					if i+1 < len(args) {
						setTTL(args[i+1], time.Millisecond)
						c.TTLText = "PX " + c.TTLText
					}
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// scriptWrites are the script commands that store a value or fill a
// collection; scriptCounters change a count in place.
var (
	scriptWrites   = map[string]bool{"SET": true, "SETEX": true, "PSETEX": true, "HSET": true, "HMSET": true, "RPUSH": true, "LPUSH": true, "SADD": true, "ZADD": true, "MSET": true}
	scriptCounters = map[string]bool{"INCR": true, "INCRBY": true, "INCRBYFLOAT": true, "DECR": true, "DECRBY": true, "HINCRBY": true, "HINCRBYFLOAT": true, "ZINCRBY": true}
)

// ScriptWrite is what a script does to one of its keys, as a cache write.
type ScriptWrite struct {
	Key        int    // which of KEYS, from 0
	TTLCommand string // the command that sets the expiry: "EXPIRE"
	TTL        time.Duration
	TTLText    string
	TTLOffset  int
}

// ScriptWrites lists the keys a script stores a value under (SET, HSET,
// RPUSH, ...) with the expiry it gives them in the same script: a number
// written in the script, or none at all (TTL 0, TTLCommand "": the key
// never expires). A key whose expiry is not a number (EXPIRE k ARGV[1]) is
// left out, as are keys it also increments (a window) and SET NX (a lock).
func ScriptWrites(calls []ScriptCall) []ScriptWrite {
	written, counted, locked, expires := map[int]int{}, map[int]bool{}, map[int]bool{}, map[int]bool{}
	for _, c := range calls {
		if c.Key >= 0 && c.Expires {
			expires[c.Key] = true
		}
		switch {
		case c.Key < 0:
		case c.NX:
			locked[c.Key] = true
		case scriptWrites[c.Command]:
			if _, ok := written[c.Key]; !ok {
				written[c.Key] = c.At
			}
		case scriptCounters[c.Command]:
			counted[c.Key] = true
		}
	}
	var out []ScriptWrite
	seen := map[int]bool{}
	for _, c := range calls {
		if c.Key < 0 || seen[c.Key] || counted[c.Key] || locked[c.Key] {
			continue
		}
		at, ok := written[c.Key]
		switch {
		case !ok:
		case c.TTLText != "":
			seen[c.Key] = true
			out = append(out, ScriptWrite{Key: c.Key, TTLCommand: c.Command, TTL: c.TTL, TTLText: c.TTLText, TTLOffset: c.TTLOffset})
		case !expires[c.Key]:
			seen[c.Key] = true
			out = append(out, ScriptWrite{Key: c.Key, TTLOffset: at}) // stored with no expiry
		}
	}
	// The writes with an expiry first: a caller that takes one write
	// takes the one with a TTL to judge.
	slices.SortStableFunc(out, func(a, b ScriptWrite) int {
		return cmp.Compare(b2i(a.TTLCommand == ""), b2i(b.TTLCommand == ""))
	})
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func scriptTTLText(w ScriptWrite) string {
	if w.TTLCommand == "" {
		return "no expiry in the Lua script"
	}
	return w.TTLCommand + " … " + w.TTLText + " in the Lua script"
}

// NewScriptWrite makes the Call of a script's write of one key: an EVAL
// whose key is key (an element of the keys handed to it) and whose TTL is
// the number written in the script, at pos.
func NewScriptWrite(call *ast.CallExpr, key ast.Expr, w ScriptWrite, pos token.Pos) *Call {
	name := "EVAL"
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Run") {
		name = "Script.Run"
	}
	return &Call{
		Command: Command{Name: name, Kind: Write, Key: -1, Value: -1, TTL: -1, Form: ScriptTTL},
		Expr:    call, key: key,
		Script: &ScriptTTLAt{D: w.TTL, Text: scriptTTLText(w), Pos: pos},
	}
}
