package macros

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseMacros reads arbitrary macros.conf and macro YAML text: a bad
// file is an error naming it, never a panic, and what loads can be
// expanded.
func FuzzParseMacros(f *testing.F) {
	for _, glob := range []string{"testdata/*/*.conf", "testdata/*/*/*.conf", "testdata/*/*.yml", "testdata/*/*/*.yml", "../testdata/seed/macros/*.yml"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("[m(2)]\nargs = a, b\ndefinition = $a$ | $b$ \\\n  continued\niseval = 0\n[n]\ndefinition = `m(1,2)`\n"))
	f.Add([]byte("name: x(1)\narguments: [a]\ndefinition: search $a$\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		set := NewSet()
		if ms, err := ParseConf(b, "fuzz.conf"); err == nil {
			for _, m := range ms {
				set.Add(m)
			}
		}
		if m, err := ParseYAML(b, "fuzz.yml"); err == nil {
			set.Add(m)
		}
		for _, m := range set.All() {
			call := "`" + m.Name
			if len(m.Args) > 0 {
				call += "("
				for i := range m.Args {
					if i > 0 {
						call += ","
					}
					call += "x"
				}
				call += ")"
			}
			_, _ = set.Expand(call+"`", Options{MaxDepth: 10, MaxLen: 1 << 16})
		}
	})
}
