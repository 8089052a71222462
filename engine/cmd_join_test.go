package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

func joinRows() *memSource {
	return &memSource{events: []value.Fields{
		row("_time", 300, "kind", "a", "guid", "g1", "x", "1"),
		row("_time", 200, "kind", "a", "guid", "g2", "x", "2"),
		row("_time", 100, "kind", "a", "x", "3"),
		row("_time", 250, "kind", "b", "guid", "g1", "y", "p"),
		row("_time", 150, "kind", "b", "guid", "g1", "y", "q"),
		row("_time", 50, "kind", "b", "guid", "G2", "y", "r"),
	}}
}

func TestMultiSource(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"inner join takes the first match, case-sensitively", `kind=a | join guid [search kind=b | fields guid y] | table guid x y`,
			[]string{"guid=g1 x=1 y=p"}},
		{"left join keeps the unmatched", `kind=a | join type=left guid [search kind=b | fields guid y] | table guid x y`,
			[]string{"guid=g1 x=1 y=p", "guid=g2 x=2 y=", "guid= x=3 y="}},
		{"max=0 joins every match", `kind=a | join max=0 guid [search kind=b] | table guid x y`,
			[]string{"guid=g1 x=1 y=p", "guid=g1 x=1 y=q"}},
		{"overwrite default replaces", `kind=a | join guid [search kind=b | eval x="sub"] | table guid x`,
			[]string{"guid=g1 x=sub"}},
		{"overwrite=f keeps the result's", `kind=a | join overwrite=f guid [search kind=b | eval x="sub"] | table guid x y`,
			[]string{"guid=g1 x=1 y=p"}},
		{"no field list uses the common fields", `kind=a | fields guid x | join [search kind=b | table guid y] | table guid x y`,
			[]string{"guid=g1 x=1 y=p"}},
		{"usetime keeps earlier subsearch results", `kind=a | join usetime=t max=0 guid [search kind=b] | table guid y`,
			[]string{"guid=g1 y=p", "guid=g1 y=q"}},
		{"append", `kind=a | table x | append [search kind=b | table y]`,
			[]string{"x=1", "x=2", "x=3", "y=p", "y=q", "y=r"}},
		{"appendpipe runs over the current results", `kind=a | stats count by kind | appendpipe [stats sum(count) AS total]`,
			[]string{"kind=a count=3", "total=3"}},
		{"appendpipe over no results", `kind=zzz | stats count by kind | appendpipe [stats count AS n]`,
			[]string{"n=0"}},
		{"map runs a search per result", `kind=a guid=* | map search="search kind=b guid=$guid$" | table y`,
			[]string{"y=p", "y=q", "y=r"}},
		{"map maxsearches", `kind=a guid=* | map maxsearches=1 search="search kind=b guid=$guid$" | table y`,
			[]string{"y=p", "y=q"}},
		{"multisearch merges newest first", `| multisearch [search kind=a x=1] [search kind=b y=r] | table x y`,
			[]string{"x=1 y=", "x= y=r"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, joinRows(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMultiSourceErrors(t *testing.T) {
	cases := []struct{ q, want string }{
		{`| multisearch [search kind=a] [search kind=b | stats count]`, `multisearch: stats is not a streaming command`},
		{`* | join type=full guid [search kind=b]`, `join: type=full: use inner, outer or left`},
		{`* | map search="search | | x"`, `in the search "search | | x"`},
	}
	for _, tc := range cases {
		_, err := runQuery(t, joinRows(), tc.q)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.q, err, tc.want)
		}
	}
}

// TestSubsearchLimit: a subsearch gives at most 50,000 results, and the
// cut is announced.
func TestSubsearchLimit(t *testing.T) {
	src := &memSource{}
	for i := 0; i < 50000+1; i++ {
		src.events = append(src.events, row("n", i))
	}
	p, err := spl.Parse(`n=0 | append [search *] | stats count`)
	if err != nil {
		t.Fatal(err)
	}
	var notices []string
	res, err := Run(context.Background(), p, src, Options{TZ: time.UTC, Notice: func(s string) { notices = append(notices, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"count=50001"}, table(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	want := []string{"append: the subsearch returned 50001 results; only the first 50000 are used (Splunk's subsearch limit, maxout= or --append-maxout)"}
	if diff := cmp.Diff(want, notices); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
}
