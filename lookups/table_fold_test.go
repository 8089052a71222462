package lookups

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMatchIgnoringCase checks a case-insensitive lookup (transforms.conf
// case_sensitive_match = false), which compares the table's values folded
// once per column, against the rows expected from the documented rule and
// from the table made without the folded columns (each row lower-cased
// at each match, as before).
func TestMatchIgnoringCase(t *testing.T) {
	csv := "name,path\n" +
		"CMD.exe,C:\\Windows\\*\n" +
		"powershell.EXE,*\\PowerShell\\*\n" +
		"École,*É*\n" +
		"\u212a,k*\n" +
		"plain,\n"
	cases := []struct {
		field string
		vals  []string
		rows  []int
	}{
		{"name", []string{"cmd.EXE"}, []int{0}},
		{"name", []string{"POWERSHELL.exe", "plain"}, []int{1, 4}},
		{"name", []string{"école"}, []int{2}},
		{"name", []string{"k"}, []int{3}}, // KELVIN SIGN lower-cases to k
		{"name", []string{"cmd"}, nil},
		{"path", []string{`c:\windows\system32\x.exe`}, []int{0}},
		{"path", []string{`D:\POWERSHELL\x`}, []int{1}},
		{"path", []string{"LES ÉCOLES"}, []int{2}},
		{"path", []string{"KB"}, []int{3}},
		{"path", []string{""}, []int{4}},
	}
	tab, err := parseTable(strings.NewReader(csv), "fold.csv")
	if err != nil {
		t.Fatal(err)
	}
	ru := DefaultRules()
	ru.CaseSensitive = false
	ru.Wildcard = map[string]bool{"path": true}
	folded := tab.withRules("fold", ru)
	unfolded := tab.withRules("fold", ru)
	unfolded.folded = nil
	for _, c := range cases {
		for name, tb := range map[string]*Table{"folded columns": folded, "rows lower-cased": unfolded} {
			got, err := tb.Match([]Input{{Field: c.field, Values: c.vals}})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(c.rows, got); d != "" {
				t.Errorf("%s: %s=%q (-want +got):\n%s", name, c.field, c.vals, d)
			}
		}
	}
}
