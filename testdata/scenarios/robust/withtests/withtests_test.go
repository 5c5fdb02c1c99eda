package withtests

import "testing"

func TestLoad(t *testing.T) {
	var n int = "mid-edit" // does not type-check
	_ = n
}
