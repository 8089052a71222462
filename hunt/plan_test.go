package hunt

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

// planOf is what a plan says, for comparing: the searches' prefilter
// texts, the datasets, and why it reads everything or fails.
type planOf struct {
	All, Fails      string
	Searches        []string
	Datasets, Whole []string
}

func plan(t *testing.T, text string) planOf {
	t.Helper()
	p, err := spl.Parse(text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	rd := planReads(p, engine.Options{}, spl.Parse)
	out := planOf{All: rd.all, Fails: rd.fails, Datasets: rd.datasets, Whole: rd.whole}
	for _, pre := range rd.pres {
		out.Searches = append(out.Searches, pre.Text)
	}
	return out
}

// text is a search expression as the parser writes it again, for the
// expected prefilters: parsed independently of the plan.
func text(t *testing.T, search string) string {
	t.Helper()
	p, err := spl.Parse("search " + search)
	if err != nil {
		t.Fatal(err)
	}
	return p.Commands[0].(*spl.SearchCommand).Expr.String()
}

func TestPlanReads(t *testing.T) {
	tests := []struct {
		name, search string
		want         func(t *testing.T) planOf
	}{
		{"leading search", `search index=main EventCode=4688 whoami | stats count by host`,
			func(t *testing.T) planOf {
				return planOf{Searches: []string{text(t, `index=main EventCode=4688 whoami`)}}
			}},
		{"time modifiers and subsearches are left to the run", `search EventCode=1 earliest=-24h [| inputlookup hosts.csv | fields host] | table host`,
			func(t *testing.T) planOf { return planOf{Searches: []string{text(t, `EventCode=1`)}} }},
		{"a subsearch that searches events is planned too", `search EventCode=1 | join host [search EventCode=3 | fields host]`,
			func(t *testing.T) planOf {
				return planOf{Searches: []string{text(t, `EventCode=1`), text(t, `EventCode=3`)}}
			}},
		{"appendpipe runs over the rows", `search EventCode=1 | appendpipe [search foo | stats count]`,
			func(t *testing.T) planOf { return planOf{Searches: []string{text(t, `EventCode=1`)}} }},
		{"tstats reads a dataset's rows", `| tstats count from datamodel=Endpoint.Processes by Processes.dest`,
			func(t *testing.T) planOf { return planOf{Datasets: []string{"Endpoint.Processes"}} }},
		{"from reads a dataset's events", `| from datamodel:Risk.All_Risk | stats count`,
			func(t *testing.T) planOf { return planOf{Whole: []string{"Risk.All_Risk"}} }},
		{"lookups only", `| inputlookup hosts.csv | stats count`,
			func(t *testing.T) planOf { return planOf{} }},
		{"map's search is cut before its first token", `search EventCode=4662 | map search="search EventCode=4624 Logon=$id$ user=bob"`,
			func(t *testing.T) planOf {
				return planOf{Searches: []string{text(t, `EventCode=4662`), text(t, `EventCode=4624`)}}
			}},
		{"a map's search that starts with a token keeps nothing of it", `search EventCode=1 | map search="search $x$ foo"`,
			func(t *testing.T) planOf { return planOf{Searches: []string{text(t, `EventCode=1`), ""}} }},
		{"mstats reads events with a measurement, in the partitions its WHERE leaves", `| mstats avg(cpu) WHERE index=kubernetes_metrics BY host`,
			func(t *testing.T) planOf {
				return planOf{Searches: []string{"mstats measurement where " + text(t, `index=kubernetes_metrics`)}}
			}},
		{"mstats WHERE on a point's field rules out no partition", `| mstats avg(_value) WHERE metric_name=cpu index=m`,
			func(t *testing.T) planOf { return planOf{Searches: []string{"mstats measurement"}} }},
		{"metadata reads every event", `| metadata type=hosts`,
			func(t *testing.T) planOf { return planOf{All: "metadata reads the events"} }},
		{"tstats over events reads every event", `| tstats count where index=main by host`,
			func(t *testing.T) planOf { return planOf{All: "tstats reads the events, not a data model"} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want(t), plan(t, tt.search), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.search, diff)
			}
		})
	}
}

func TestContainsFold(t *testing.T) {
	tests := []struct {
		s, p string
		want bool
	}{
		{"C:\\Windows\\System32\\WHOAMI.exe", "whoami", true},
		{"whoam", "whoami", false},
		{"xxWhOaMi", "whoami", true},
		{"", "a", false},
		{"abc", "", true},
		{"aab", "ab", true},
		{"Ab", "ab", true},
		{"ba", "ab", false},
	}
	for _, tt := range tests {
		if got := engine.IndexFoldASCII(tt.s, tt.p) >= 0; got != tt.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", tt.s, tt.p, got, tt.want)
		}
	}
}
