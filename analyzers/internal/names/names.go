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

// All lists every analyzer's name, sorted.
var All = []string{CacheMiss, NullCache, Stampede, TTLJitter}
