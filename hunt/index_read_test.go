package hunt

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// needText writes an alternative as sorted words: test:<field> for a
// test of one field, must:<field>=<pieces> for required text.
func needText(n need) string {
	var out []string
	for _, t := range n.tests {
		out = append(out, "test:"+t.Field)
	}
	for _, c := range n.must {
		out = append(out, "must:"+c.Field+"="+strings.Join(c.Pieces, "|"))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestRequirements(t *testing.T) {
	ets := map[string]spl.SearchExpr{}
	et, err := spl.ParseSearch("sourcetype=osquery:results name=*process*")
	if err != nil {
		t.Fatal(err)
	}
	ets["osquery-process"] = et
	cases := []struct {
		name, search string
		want         []string
	}{
		{"comparison", "EventCode=4688", []string{"must:EventCode=4688 test:EventCode"}},
		{"in list", "EventCode IN (4723, 4724)", []string{"test:EventCode"}},
		{"and", "EventCode=1 Image=*cmd.exe", []string{"must:EventCode=1 must:Image=cmd.exe test:EventCode test:Image"}},
		{"or of fields", "eventType=a OR legacyEventType=b", []string{"must:eventType=a test:eventType", "must:legacyEventType=b test:legacyEventType"}},
		{"or with a term that requires nothing", "eventType=a OR NOT x=1", []string{""}},
		{"not requires nothing", "NOT EventCode=4688", []string{""}},
		{"eventtype through its search", "eventtype=osquery-process",
			[]string{"must:name=process must:sourcetype=osquery:results test:name test:sourcetype"}},
		{"unknown eventtype requires nothing", "eventtype=nosuch", []string{""}},
		{"default field", "source=XmlWinEventLog:Security", []string{"must:source=xmlwineventlog:security test:source"}},
		// The engine's text of tag=, which the index's reader does not
		// test (no column holds tags): no field test.
		{"tag is no field test", "tag=process", []string{"must:tag=process"}},
		{"time modifier requires nothing", "earliest=-1d", []string{""}},
		{"bare term", "mimikatz", []string{"must:_raw=mimikatz"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x, err := spl.ParseSearch(c.search)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range requirements(x, ets, 3, engine.Options{}) {
				got = append(got, needText(n))
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.search, diff)
			}
		})
	}
}

// TestRequirementsHoldForKeptRows checks requirements against the
// search itself: every row the search keeps meets one alternative (its
// field tests pass on the row's values, its text is in the row's
// fields).
func TestRequirementsHoldForKeptRows(t *testing.T) {
	searches := []string{
		"EventCode=1", "EventCode IN (4723, 4724)", "EventCode!=4688", "EventCode>4000",
		"(EventCode=1 OR EventCode=4688) Image=*cmd*", "(a=x OR (b=y c=z)) NOT d=w",
		"Image IN (\"*\\\\cmd.exe\", \"*\\\\powershell.exe\") EventCode=1",
		"a=* b!=q", "ip=10.0.0.0/8",
	}
	values := []string{"", "1", "4688", "4723", "4000", "x", "y", "z", "w", "q", "X", `C:\Windows\cmd.exe`, `c:\ps\POWERSHELL.EXE`, "10.1.2.3", "11.0.0.1", "[\"1\",\"2\"]"}
	fields := []string{"EventCode", "Image", "a", "b", "c", "d", "ip"}
	for _, s := range searches {
		x, err := spl.ParseSearch(s)
		if err != nil {
			t.Fatal(err)
		}
		keep, err := engine.CompileSearch(x, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		alts := requirements(x, nil, 3, engine.Options{})
		for i := 0; i < 3000; i++ {
			row := value.Fields{{Name: "_raw", Value: value.Str("")}}
			for k, f := range fields {
				v := values[(i*7+k*13+i/(k+1))%len(values)]
				if (i+k)%5 == 0 {
					continue // the field is absent
				}
				row = append(row, value.Field{Name: f, Value: value.Str(v)})
			}
			if !keep(row) {
				continue
			}
			if !meetsOne(row, alts) {
				t.Errorf("%s keeps %v, which meets none of its requirements", s, fmt.Sprint(row))
			}
		}
	}
}

func meetsOne(row value.Fields, alts []need) bool {
	for _, a := range alts {
		ok := holdsAll(row, a.must)
		for _, ft := range a.tests {
			v, found := row.Lookup(ft.Field)
			if !found || !ft.New()(v) {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}
