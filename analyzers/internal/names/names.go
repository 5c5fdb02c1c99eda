// Package names is the one definition of the analyzers' names: each
// analyzer takes its Name from here, the //cacheguard:ignore directive
// accepts exactly these, and the registry (analyzers.All) is checked
// against them. The list is static, not gathered from the analyzers a
// binary links, so that a driver of one analyzer (singlechecker) still
// accepts a directive that also names another.
package names

const (
	TTLJitter = "ttljitter"
	NullCache = "nullcache"
	CacheMiss = "cachemiss"
	Stampede  = "stampede"
)

// All returns every analyzer's name, sorted (a new slice each time).
func All() []string { return []string{CacheMiss, NullCache, Stampede, TTLJitter} }
