package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// TestReshapeCommands checks transpose, xyseries, untable, appendcols,
// format and return on the cases the goldens leave out. Expectations
// follow the Search Reference pages named in each command's file, or the
// choices written there where the pages are silent.
func TestReshapeCommands(t *testing.T) {
	var six []value.Fields
	for i := 1; i <= 6; i++ {
		six = append(six, row("n", i))
	}
	sixSrc := &memSource{events: six}
	src := &memSource{events: []value.Fields{
		row("_time", 1, "host", "h1", "st", "a", "count", "1", "q", `say "hi" \o/`),
		row("_time", 2, "host", "h1", "st", "a", "count", "2", "m", []string{"x", "y"}),
		row("_time", 3, "st", "b", "count", "3"),
	}}
	cases := []struct {
		name string
		src  *memSource
		q    string
		want []string
	}{
		{"transpose keeps 5 results by default", sixSrc, `* | transpose`,
			[]string{"column=n row 1=1 row 2=2 row 3=3 row 4=4 row 5=5"}},
		{"transpose 0 takes them all", sixSrc, `* | transpose 0`,
			[]string{"column=n row 1=1 row 2=2 row 3=3 row 4=4 row 5=5 row 6=6"}},
		{"transpose header missing keeps row N", src, `* | table host count | transpose header_field=host`,
			[]string{"column=count h1=2 row 3=3"}},
		{"xyseries: the last value of a cell wins", src, `* | where isnotnull(host) | xyseries host st count`,
			[]string{"host=h1 a=2"}},
		{"untable leaves out internal fields and nulls", src, `* | head 1 | untable host name value`,
			[]string{"host=h1 name=st value=a", "host=h1 name=count value=1", `host=h1 name=q value=say "hi" \o/`}},
		{"appendcols adds the subsearch's extra results", src, `* | head 1 | table host | appendcols [search * | table count]`,
			[]string{"host=h1 count=1", "count=2", "count=3"}},
		{"appendcols maxout", src, `* | head 2 | table host | appendcols maxout=1 [search * | table count]`,
			[]string{"host=h1 count=1", "host=h1"}},
		{"format escapes quotes and backslashes", src, `* | head 1 | table q | format`,
			[]string{`search=( ( q="say \"hi\" \\o/" ) )`}},
		{"format maxresults and multivalue", src, `* | table st m | format maxresults=2`,
			[]string{`search=( ( st="a" ) OR ( ( m="x" OR m="y" ) AND st="a" ) )`}},
		{"format puts a search field in as written", src, `* | head 1 | eval search="a=1 OR b=2" | table search host | format`,
			[]string{`search=( ( host="h1" AND a=1 OR b=2 ) )`}},
		{"format with no results", src, `* | where false() | format`, []string{`search=NOT ( )`}},
		{"format: only internal fields count as no results", src, `* | head 1 | table _time | format emptystr="Error Found"`, []string{`search=Error Found`}},
		{"return skips missing fields, takes a multivalue's first value", src, `* | return 3 host $m`,
			[]string{`search=(host="h1") OR (host="h1" x)`}},
		{"return: results without the fields give nothing", src, `* | where isnull(host) | return host`, []string{"search="}},
		{"return with no results returns the empty search", src, `* | where false() | return host`, []string{"search="}},
		{"return does not escape quotes", src, `* | head 1 | return q`, []string{`search=q="say "hi" \o/"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, tc.src, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestLiveCommandsSayOffline(t *testing.T) {
	for _, q := range []struct{ q, want string }{
		{`| rest /services/server/info`, `command "rest" is not supported yet: spelunk runs offline, with no live Splunk: it queries a live Splunk server's REST API`},
		{`| loadjob savedsearch="admin:search:x"`, `paste the saved search's SPL and run it instead`},
		{`* | sendemail to="a@b.c"`, `command "sendemail" is not supported yet`},
		{`* | run python x`, `command "script" is not supported yet`},
	} {
		if _, err := runQuery(t, &memSource{}, q.q); err == nil || !strings.Contains(err.Error(), q.want) {
			t.Errorf("%s: %v, want %q", q.q, err, q.want)
		}
	}
}
