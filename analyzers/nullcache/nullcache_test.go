package nullcache_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"

	"github.com/cacheguard/cacheguard/analyzers/nullcache"
)

func TestNullcache(t *testing.T) {
	analysistest.Run(t, scenarios.Dir(t), nullcache.Analyzer,
		"./nullcache/unguarded", "./nullcache/permanent", "./nullcache/unchecked",
		"./nullcache/notloader", "./nullcache/wrapper/use", "./nullcache/closure",
		"./nullcache/batch", "./nullcache/datalayer/svc", "./nullcache/emptylist", "./nullcache/gormresult", "./nullcache/rpc/svc", "./nullcache/zerokey", "./nullcache/zerocount", "./nullcache/drivers")
}

// TestDataLayerFacts checks the not-found facts of a data layer without
// Redis (the want comments on the DAO's declarations).
func TestDataLayerFacts(t *testing.T) {
	analysistest.Run(t, scenarios.Dir(t), cachemodel.Analyzer, "./nullcache/datalayer/dao", "./nullcache/datalayer/dbs", "./nullcache/datalayer/repo", "./nullcache/drivers/store", "./nullcache/drivers/ent")
}
