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

// Checked is a list flag value whose items are checked when the flag is
// set, so that a bad item stops the command once, before any package is
// loaded, with the flag package's "invalid value" message.
type Checked struct {
	*Value
	check func(item string) error
}

// OfChecked returns the flag value that sets *s, checking each item.
func OfChecked(s *[]string, check func(string) error) Checked {
	return Checked{Of(s), check}
}

// Set replaces the list, or returns the first item's error.
func (c Checked) Set(s string) error {
	var items Value
	if err := items.Set(s); err != nil {
		return err
	}
	for _, it := range items {
		if err := c.check(it); err != nil {
			return err
		}
	}
	*c.Value = items
	return nil
}
