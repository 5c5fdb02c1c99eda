package cachemodel

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestFactsGob: every fact type survives the gob round trip the drivers
// use to carry facts between packages (and, under go vet, between
// processes), with every field set, and prints the same after it.
func TestFactsGob(t *testing.T) {
	facts := []analysis.Fact{
		&reachesFact{},
		&jittersFact{},
		&readsFact{KeyParams: []int{1, 2}, Families: []string{"fmt:user:%d", ""}},
		&writesFact{Keys: []keyWrite{{KeyParam: 1, KeyField: "Key", ValueParam: -1, TTLParam: 3, Const: "null", HasConst: true, Family: "prefix:user:"}}, Effects: []Effect{{
			TTLParam: -1, TTLScale: 1000, KeyParam: 1,
			Const: 3600e9, ConstText: "time.Hour", ConstAt: "c.go:3", ConstVia: "field Cache.ttl", More: 2,
			CacheAside: true, Bulk: true, Conditional: true, Expire: true,
			Command: "Set", Chain: "Cache.Set → Set", At: "c.go:9", KeyPrefix: "item:", Family: "call:p.key", KeyConst: true, Names: []string{"Cache", "Set"},
		}}},
		&notFoundFact{As: "gorm.ErrRecordNotFound"},
		&dataLayerFact{},
	}
	a := New(true)
	if len(a.FactTypes) != len(facts) {
		t.Fatalf("the model declares %d fact types, the test covers %d: add the new one here", len(a.FactTypes), len(facts))
	}
	for i, f := range facts {
		if reflect.TypeOf(f) != reflect.TypeOf(a.FactTypes[i]) {
			t.Errorf("fact %d is %T, the model declares %T", i, f, a.FactTypes[i])
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(f); err != nil {
			t.Fatalf("%T: encode: %v", f, err)
		}
		back := reflect.New(reflect.TypeOf(f).Elem()).Interface().(analysis.Fact)
		if err := gob.NewDecoder(&buf).Decode(back); err != nil {
			t.Fatalf("%T: decode: %v", f, err)
		}
		if !reflect.DeepEqual(f, back) {
			t.Errorf("%T: round trip changed it:\n got %#v\nwant %#v", f, back, f)
		}
		if f.(interface{ String() string }).String() != back.(interface{ String() string }).String() {
			t.Errorf("%T: String differs after the round trip", f)
		}
	}
}
