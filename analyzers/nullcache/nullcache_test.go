package nullcache_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"

	"github.com/cacheguard/cacheguard/analyzers/nullcache"
)

func TestNullcache(t *testing.T) {
	analysistest.Run(t, scenarios.Dir(t), nullcache.Analyzer,
		"./nullcache/unguarded", "./nullcache/permanent", "./nullcache/unchecked",
		"./nullcache/notloader", "./nullcache/wrapper/use", "./nullcache/closure",
		"./nullcache/batch")
}
