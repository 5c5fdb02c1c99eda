// Package plugin is cacheguard's golangci-lint module plugin. It registers
// itself under the name "cacheguard", so a custom golangci-lint built with
// it (by `golangci-lint custom` or the module in plugin/golangci) runs every
// analyzer of the registry as one linter:
//
//	linters:
//	  enable: [cacheguard]
//	  settings:
//	    custom:
//	      cacheguard:
//	        type: module
//	        settings:
//	          ttljitter:
//	            not-cache-keys: ["session:", "lock:"]
//
// The settings are analyzers.Config: one section per analyzer, whose keys
// are that analyzer's flag names. A key that is not set keeps its default;
// an unknown key or an out-of-range value fails the run with an error that
// names it, so a typo never silently turns a check off.
package plugin
