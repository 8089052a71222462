package lookups

import (
	"os"
	"strings"
	"testing"
)

// FuzzParseTable: any bytes give a table or an error, never a panic, and
// every row is as wide as the header.
func FuzzParseTable(f *testing.F) {
	for _, p := range []string{"testdata/content/lookups/users.csv", "testdata/content/lookups/attacker_tools.csv", "testdata/app/lookups/nets.csv"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("a,b\n\"x\ny\",\n")
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := parseTable(strings.NewReader(s), "fuzz.csv")
		if err != nil {
			return
		}
		for _, r := range tab.Rows {
			if len(r) != len(tab.Fields) {
				t.Fatalf("row %q has %d cells for %d fields", r, len(r), len(tab.Fields))
			}
		}
		tab.Rules = DefaultRules()
		if len(tab.Fields) > 0 {
			_, _ = tab.Match([]Input{{Field: tab.Fields[0], Values: []string{"x"}}})
		}
	})
}

// FuzzReadConf: transforms.conf text never panics the reader, and the
// rules of every stanza parse or fail cleanly.
func FuzzReadConf(f *testing.F) {
	if b, err := os.ReadFile("testdata/app/default/transforms.conf"); err == nil {
		f.Add(string(b))
	}
	f.Add("[x]\nmatch_type = WILDCARD(a), CIDR(b)\nmax_matches=0\\\n5\n")
	f.Fuzz(func(t *testing.T, s string) {
		stanzas, order, err := readConf(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, name := range order {
			ru := DefaultRules()
			_ = parseRules(&ru, stanzas[name])
		}
	})
}
