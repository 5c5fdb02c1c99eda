package redisapi_test

import (
	"go/types"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/cacheguard/cacheguard/analyzers/internal/redisapi"
	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"
)

// loadClients type-checks client packages as testdata/scenarios requires
// them: the scenario tests run against those versions, and the main
// module need not require the clients (it would put them in the module
// graph of every build that uses the golangci-lint plugin).
func loadClients(t *testing.T, paths ...string) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes,
		Dir:  scenarios.Dir(t),
		Env:  append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod"),
	}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != len(paths) {
		t.Fatalf("loaded %d packages, want %d", len(pkgs), len(paths))
	}
	for _, pkg := range pkgs {
		if len(pkg.Errors) > 0 {
			t.Fatalf("%s: %v", pkg.PkgPath, pkg.Errors)
		}
	}
	return pkgs
}

// TestTableCoversClients fails when a method of a client interface takes a
// TTL-like argument (a time.Duration, a time.Time, or a struct holding one
// or an expiration option) and is in neither the command table nor the
// NotTTL list: a new go-redis release cannot add an expiring write that
// cacheguard silently ignores.
func TestTableCoversClients(t *testing.T) {
	pkgs := loadClients(t, "github.com/redis/go-redis/v9", "github.com/go-redis/redis/v8",
		"github.com/redis/rueidis/rueidiscompat")
	for _, pkg := range pkgs {
		if !redisapi.IsClientPath(pkg.PkgPath) {
			t.Errorf("%s is not a client path", pkg.PkgPath)
		}
		checked := 0
		for _, iface := range []string{"Cmdable", "UniversalClient", "Pipeliner"} {
			obj := pkg.Types.Scope().Lookup(iface)
			if obj == nil {
				continue
			}
			it, ok := obj.Type().Underlying().(*types.Interface)
			if !ok {
				t.Fatalf("%s.%s is not an interface", pkg.PkgPath, iface)
			}
			for i := 0; i < it.NumMethods(); i++ {
				m := it.Method(i)
				sig := m.Type().(*types.Signature)
				for j := 0; j < sig.Params().Len(); j++ {
					if !ttlLike(sig.Params().At(j).Type(), 0) {
						continue
					}
					checked++
					_, known := redisapi.Known(m.Name())
					_, notTTL := redisapi.NotTTL[m.Name()]
					if !known && !notTTL {
						t.Errorf("%s.%s.%s takes %s: add it to the command table or to NotTTL",
							pkg.PkgPath, iface, m.Name(), sig.Params().At(j).Type())
					}
					break
				}
			}
		}
		if checked < 20 {
			t.Errorf("%s: only %d duration-taking methods seen; the interfaces moved?", pkg.PkgPath, checked)
		}
	}
}

// TestTableMatchesSignatures checks that every command's key and TTL
// argument indexes point at parameters of the right type in go-redis v9.
func TestTableMatchesSignatures(t *testing.T) {
	pkgs := loadClients(t, "github.com/redis/go-redis/v9")
	it := pkgs[0].Types.Scope().Lookup("Cmdable").Type().Underlying().(*types.Interface)
	for i := 0; i < it.NumMethods(); i++ {
		m := it.Method(i)
		c, ok := redisapi.Known(m.Name())
		if !ok {
			continue
		}
		sig := m.Type().(*types.Signature)
		// The table counts ctx as argument 0, as in a call's Args.
		if c.Key >= 0 {
			kt := ""
			if c.Key < sig.Params().Len() {
				kt = sig.Params().At(c.Key).Type().String()
			}
			variadicKeys := sig.Variadic() && c.Key == sig.Params().Len()-1 && kt == "[]string"
			if kt != "string" && !variadicKeys {
				t.Errorf("%s: key argument %d is not a string", m.Name(), c.Key)
			}
		}
		if c.TTL >= 0 {
			if c.TTL >= sig.Params().Len() || !ttlLike(sig.Params().At(c.TTL).Type(), 0) {
				t.Errorf("%s: TTL argument %d does not hold a TTL", m.Name(), c.TTL)
			}
		}
	}
}

func ttlLike(t types.Type, depth int) bool {
	if depth > 3 {
		return false
	}
	switch t.String() {
	case "time.Duration", "time.Time":
		return true
	}
	if p, ok := t.(*types.Pointer); ok {
		return ttlLike(p.Elem(), depth+1)
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if strings.Contains(f.Name(), "Expiration") || ttlLike(f.Type(), depth+1) {
			return true
		}
	}
	return false
}

// TestMissAnswer: a yes/no question answers a missing key in its reply, a
// range read with an empty collection; a value read (and ZSCORE, a
// member's score) fails with redis.Nil instead.
func TestMissAnswer(t *testing.T) {
	for name, want := range map[string]string{
		"Exists": "0 or false", "SIsMember": "0 or false", "HExists": "0 or false", "SMIsMember": "0 or false",
		"SMembers": "an empty collection", "HGetAll": "an empty collection", "ZRange": "an empty collection",
		"Get": "", "HGet": "", "ZScore": "", "Set": "",
	} {
		c, ok := redisapi.Known(name)
		if !ok {
			t.Errorf("%s is not in the table", name)
			continue
		}
		if got := redisapi.MissAnswer(c); got != want {
			t.Errorf("MissAnswer(%s) = %q, want %q", name, got, want)
		}
	}
	// redigo and rueidis name their commands in capitals.
	for _, name := range []string{"SMEMBERS", "HGETALL", "Smembers"} {
		c := redisapi.Command{Name: name, Kind: redisapi.Read}
		if got := redisapi.MissAnswer(c); got != "an empty collection" || !redisapi.RangeRead(c) {
			t.Errorf("MissAnswer(%s) = %q, RangeRead %v: want a range read", name, got, redisapi.RangeRead(c))
		}
	}
}
