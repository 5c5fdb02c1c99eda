package ttljitter

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cacheguard/cacheguard/analyzers/internal/cachemodel"
)

// CategorySkipped is the note that some functions of a package were not
// checked because they do not type-check.
const CategorySkipped = "skipped"

// reportSkipped says once per package which functions no analyzer
// checked, and why. ttljitter, the first analyzer of the registry, says it
// for all of them: the model they share skipped those functions.
func reportSkipped(pass *analysis.Pass, model *cachemodel.Result) {
	if len(model.Skipped) == 0 {
		return
	}
	var names []string
	for _, d := range model.Skipped {
		if len(names) == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(model.Skipped)-3))
			break
		}
		names = append(names, d.Name.Name)
	}
	what, verb := "function", "does"
	if len(model.Skipped) > 1 {
		what, verb = "functions", "do"
	}
	pass.Report(analysis.Diagnostic{
		Pos:      model.Skipped[0].Name.Pos(),
		Category: CategorySkipped,
		Message: fmt.Sprintf("cacheguard did not check %d %s that %s not type-check (%s); the rest of the package was checked; fix the type errors to have them checked",
			len(model.Skipped), what, verb, strings.Join(names, ", ")),
	})
}
