package nullcache_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/nullcache"
)

var scenarios = filepath.Join("..", "..", "testdata", "scenarios")

func TestNullcache(t *testing.T) {
	analysistest.Run(t, scenarios, nullcache.Analyzer,
		"./nullcache/unguarded", "./nullcache/permanent", "./nullcache/unchecked",
		"./nullcache/notloader", "./nullcache/wrapper/use", "./nullcache/closure",
		"./nullcache/batch")
}
