// Package brokendep does not type-check (as a dependency that does not
// build on this Go version): the packages that import it keep their
// findings.
package brokendep

// Name is fine.
func Name(id string) string { return "n" + id }

// Broken is not.
func Broken() int { return "not an int" }
