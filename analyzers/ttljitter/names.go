package ttljitter

import (
	"strings"
	"unicode"
)

// notCacheWords are the words that name keys whose fixed TTL is deliberate:
// locks, sessions, tokens and one-time codes, rate-limit windows, dedupe
// and idempotency markers, leases. A write whose key, function or receiver
// type is named with one of them is not a cache entry, unless -cache-keys
// says otherwise.
var notCacheWords = map[string]bool{
	"lock": true, "locks": true, "locker": true, "locked": true, "locking": true, "unlock": true,
	"mutex": true, "redlock": true, "redislock": true, "lease": true, "leases": true,
	"leader": true, "election": true, "heartbeat": true,
	"session": true, "sessions": true, "sess": true,
	"token": true, "tokens": true, "jwt": true, "refreshtoken": true,
	"otp": true, "totp": true, "captcha": true, "verify": true, "verification": true,
	"verifycode": true, "smscode": true, "authcode": true,
	"ratelimit": true, "ratelimiter": true, "limiter": true, "throttle": true,
	"throttler": true, "quota": true, "cooldown": true, "lockout": true,
	"idempotency": true, "idempotent": true, "idem": true,
	"dedup": true, "dedupe": true, "deduplication": true, "nonce": true, "nonces": true,
	"blacklist": true, "blocklist": true, "denylist": true, "revoked": true, "revocation": true,
}

// words splits identifiers and key prefixes into lowercase words
// ("sessionKey" → session, key; "rate_limit:" → rate, limit), and adds each
// pair of adjacent words joined ("rate", "limit" → "ratelimit").
//
// The words after "with" or "using" name how a function works, not what it
// writes: GetByIDWithMutex is a loader that takes a lock, not a lock.
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) ||
			(i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	for i, w := range out {
		if i > 0 && (w == "with" || w == "using") {
			out = out[:i]
			break
		}
	}
	n := len(out)
	for i := 0; i+1 < n; i++ {
		out = append(out, out[i]+out[i+1])
	}
	return out
}

// notCacheName reports the first word of names that marks a non-cache key.
func notCacheName(names ...string) (string, bool) {
	for _, n := range names {
		for _, w := range words(n) {
			if notCacheWords[w] {
				return w, true
			}
		}
	}
	return "", false
}
