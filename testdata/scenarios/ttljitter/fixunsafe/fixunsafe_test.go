package fixunsafe

import "testing"

// rand is a test helper: an import of math/rand/v2 as rand in
// fixunsafe.go would clash with it when the tests are compiled.
func rand() int { return 4 }

func TestRand(t *testing.T) {
	if rand() != 4 {
		t.Fatal("rand")
	}
}
