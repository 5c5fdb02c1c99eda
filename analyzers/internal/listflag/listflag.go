// Package listflag is the comma-separated list flag value the analyzers'
// list settings share (-ttljitter.cache-keys=product:,price:).
package listflag

import "strings"

// Value is a comma-separated flag value over a []string; surrounding
// spaces and empty items are dropped.
type Value []string

// Of returns the flag value that sets *s.
func Of(s *[]string) *Value { return (*Value)(s) }

func (l *Value) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, ",")
}

// Set replaces the list.
func (l *Value) Set(s string) error {
	*l = nil
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}
