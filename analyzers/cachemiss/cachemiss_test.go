package cachemiss_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cacheguard/cacheguard/analyzers/internal/scenarios"

	"github.com/cacheguard/cacheguard/analyzers/cachemiss"
)

func TestCachemiss(t *testing.T) {
	analysistest.Run(t, scenarios.Dir(t), cachemiss.Analyzer,
		"./cachemiss/basic", "./cachemiss/wrapper", "./cachemiss/v8client", "./cachemiss/swallow", "./cachemiss/flags", "./cachemiss/branch", "./cachemiss/batch", "./cachemiss/fallback", "./cachemiss/noerror", "./cachemiss/emptyvalue", "./cachemiss/luarefill", "./cachemiss/keptcmd", "./nullcache/notloader")
}
