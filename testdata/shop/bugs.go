// Package shop is cacheguard's example service: a small shop (products,
// prices, inventory) with Redis in front of its database, carrying the
// classic cache bugs beside their guarded versions. Its subpackages hold
// the code; this package lists the deliberate bugs, from the markers in
// the sources, for the tests that check that cacheguard finds them.
package shop

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
)

//go:embed auth cache catalog inventory prices products reviews
var sources embed.FS

var marker = regexp.MustCompile(`^(\s*)(.*?)//\s*BUG\(([a-z-]+)\)`)

// Bugs returns "file.go:line" for each deliberate bug of one of the kinds
// (avalanche, penetration, penetration-permanent, penetration-unchecked,
// outage, stampede), sorted. A `// BUG(kind)` comment on its own line
// marks the next line; at the end of a line, its own line.
func Bugs(kinds ...string) ([]string, error) {
	var out []string
	err := fs.WalkDir(sources, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		f, err := sources.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			m := marker.FindStringSubmatch(sc.Text())
			if m == nil || !slices.Contains(kinds, m[3]) {
				continue
			}
			n := line
			if strings.TrimSpace(m[2]) == "" {
				n++ // on its own line: it marks the next one
			}
			out = append(out, fmt.Sprintf("%s:%d", path.Base(p), n))
		}
		return sc.Err()
	})
	sort.Strings(out)
	return out, err
}
