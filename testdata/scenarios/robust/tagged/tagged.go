// Package tagged has a loader behind a build tag: cacheguard -tags
// cgtagged checks it, a run without the tag does not load it.
package tagged
