package redisapi

import (
	"testing"
	"time"
)

func TestScriptWrites(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []ScriptWrite // Key, TTLCommand, TTL, TTLText
	}{
		{"hash and expire", `redis.call("HSET", KEYS[1], "a", ARGV[1]) redis.call("EXPIRE", KEYS[1], 300)`,
			[]ScriptWrite{{Key: 0, TTLCommand: "EXPIRE", TTL: 300 * time.Second, TTLText: "300"}}},
		{"alias and set ex", "local k = KEYS[2]\nredis.call('SET', k, ARGV[1], 'EX', 60)",
			[]ScriptWrite{{Key: 1, TTLCommand: "SET", TTL: time.Minute, TTLText: "EX 60"}}},
		{"pexpire", `redis.call("RPUSH", KEYS[1], ARGV[1]); redis.pcall("PEXPIRE", KEYS[1], 1500)`,
			[]ScriptWrite{{Key: 0, TTLCommand: "PEXPIRE", TTL: 1500 * time.Millisecond, TTLText: "1500"}}},
		{"window", `redis.call("INCR", KEYS[1]) redis.call("SET", KEYS[1], 1) redis.call("EXPIRE", KEYS[1], 60)`, nil},
		{"lock", `return redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", 3000)`, nil},
		{"ttl from an argument", `redis.call("SET", KEYS[1], ARGV[1]) redis.call("EXPIRE", KEYS[1], ARGV[2])`, nil},
		{"expire of a key never written", `redis.call("EXPIRE", KEYS[1], 30)`, nil},
		{"no expiry", `if redis.call("get", KEYS[1]) == ARGV[1] then redis.call("set", KEYS[2], ARGV[2]) redis.call("del", KEYS[1]) end`,
			[]ScriptWrite{{Key: 1}}},
		{"no expiry, then one", `redis.call("HSET", KEYS[1], "v", ARGV[1]) redis.call("SET", KEYS[2], ARGV[2], "EX", 3600)`,
			[]ScriptWrite{{Key: 1, TTLCommand: "SET", TTL: time.Hour, TTLText: "EX 3600"}, {Key: 0}}},
	} {
		got := ScriptWrites(ParseScript(tc.src))
		if len(got) != len(tc.want) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
			continue
		}
		for i, g := range got {
			w := tc.want[i]
			if g.Key != w.Key || g.TTLCommand != w.TTLCommand || g.TTL != w.TTL || g.TTLText != w.TTLText {
				t.Errorf("%s: got %+v, want %+v", tc.name, g, w)
			}
			if n := numberOf(w.TTLText); tc.src[g.TTLOffset:g.TTLOffset+len(n)] != n {
				t.Errorf("%s: offset %d does not point at %s", tc.name, g.TTLOffset, w.TTLText)
			}
		}
	}
}

// numberOf is the number at the end of a TTL's text ("EX 60" → "60").
func numberOf(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < '0' || s[i] > '9' {
			return s[i+1:]
		}
	}
	return s
}
