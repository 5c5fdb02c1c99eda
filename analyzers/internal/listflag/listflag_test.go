package listflag_test

import (
	"flag"
	"reflect"
	"testing"

	"github.com/cacheguard/cacheguard/analyzers/internal/listflag"
)

func TestValue(t *testing.T) {
	var keys []string
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.Var(listflag.Of(&keys), "keys", "")
	if err := fs.Parse([]string{"-keys= session: ,,lock:"}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"session:", "lock:"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys = %q, want %q", keys, want)
	}
	if got := fs.Lookup("keys").Value.String(); got != "session:,lock:" {
		t.Errorf("String() = %q", got)
	}
	if err := fs.Parse([]string{"-keys="}); err != nil || len(keys) != 0 {
		t.Errorf("an empty value should clear the list: %q, %v", keys, err)
	}
}
