package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// indexesSource holds events of three indexes, one internal, newest first.
func indexesSource() *memSource {
	return &memSource{events: []value.Fields{
		row("_time", 3700.5, "index", "security", "host", "h1", "source", "WinEventLog:Security", "sourcetype", "WinEventLog", "_raw", "logon error"),
		row("_time", 200.0, "index", "main", "host", "h2", "source", "/var/log/b", "sourcetype", "syslog", "_raw", "ok two"),
		row("_time", 100.0, "index", "main", "host", "h1", "source", "/var/log/a", "sourcetype", "syslog", "_raw", "error one\nmore"),
		row("_time", 50.0, "index", "_internal", "host", "h3", "source", "splunkd.log", "sourcetype", "splunkd", "_raw", "x"),
	}}
}

// TestMetadataAndEventcount checks the output fields the metadata and
// eventcount pages document, worked out by hand from the events above.
func TestMetadataAndEventcount(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"hosts of every index",
			`| metadata type=hosts`,
			[]string{
				"firstTime=100 host=h1 lastTime=3700 recentTime=3700 totalCount=2 type=hosts",
				"firstTime=200 host=h2 lastTime=200 recentTime=200 totalCount=1 type=hosts",
				"firstTime=50 host=h3 lastTime=50 recentTime=50 totalCount=1 type=hosts",
			}},
		{"index=* leaves out internal indexes",
			`| metadata type=sourcetypes index=*`,
			[]string{
				"firstTime=3700 lastTime=3700 recentTime=3700 sourcetype=WinEventLog totalCount=1 type=sourcetypes",
				"firstTime=100 lastTime=200 recentTime=200 sourcetype=syslog totalCount=2 type=sourcetypes",
			}},
		{"index=_* selects internal indexes",
			`| metadata type=sources index=_*`,
			[]string{"firstTime=50 lastTime=50 recentTime=50 source=splunkd.log totalCount=1 type=sources"}},
		{"index names ignore case",
			`| metadata type=hosts index=MAIN`,
			[]string{
				"firstTime=100 host=h1 lastTime=100 recentTime=100 totalCount=1 type=hosts",
				"firstTime=200 host=h2 lastTime=200 recentTime=200 totalCount=1 type=hosts",
			}},
		{"another search peer has nothing",
			`| metadata type=hosts splunk_server=peer01`,
			nil},
		{"the search head is local",
			`| metadata type=hosts index=security splunk_server=loc*`,
			[]string{"firstTime=3700 host=h1 lastTime=3700 recentTime=3700 totalCount=1 type=hosts"}},
		{"eventcount: one count",
			`| eventcount`,
			[]string{"count=4"}},
		{"eventcount per index, internal ones named separately",
			`| eventcount summarize=false index=* index=_*`,
			[]string{
				"count=1 index=_internal provider=local server=local",
				"count=2 index=main provider=local server=local",
				"count=1 index=security provider=local server=local",
			}},
		{"eventcount with sizes",
			`| eventcount summarize=false index=_* report_size=true`,
			[]string{"count=1 index=_internal provider=local server=local size_bytes=1"}},
		{"eventcount summarized with size",
			`| eventcount index=main report_size=t`,
			[]string{"count=2 size_bytes=20"}},
		{"eventcount of no index",
			`| eventcount index=nope`,
			[]string{"count=0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, indexesSource(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMetadataErrors(t *testing.T) {
	cases := []struct{ q, want string }{
		{`| metadata type=hosts index=m datatype=metric`, `metadata: datatype=metric is not supported: spelunk keeps no metadata for metrics`},
		{`| metadata type=hosts splunk_server_group=g1`, `metadata: splunk_server_group is not supported`},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			_, err := runQuery(t, indexesSource(), tc.q)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestIndexCommandsPruned checks that metadata and eventcount leave
// unread the events of indexes they do not select, with the same results.
func TestIndexCommandsPruned(t *testing.T) {
	cases := []struct {
		q       string
		want    []string
		skipped int
	}{
		{`| eventcount index=main`, []string{"count=2"}, 2},
		{`| eventcount summarize=false index=* index=_*`, []string{
			"count=1 index=_internal provider=local server=local",
			"count=2 index=main provider=local server=local",
			"count=1 index=security provider=local server=local",
		}, 0},
		{`| metadata type=hosts index=sec*`, []string{"firstTime=3700 host=h1 lastTime=3700 recentTime=3700 totalCount=1 type=hosts"}, 3},
		{`| metadata type=hosts index=_*`, []string{"firstTime=50 host=h3 lastTime=50 recentTime=50 totalCount=1 type=hosts"}, 3},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			src := &prunedSource{memSource: indexesSource()}
			res, err := runQuery(t, src, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if src.skipped != tc.skipped {
				t.Errorf("skipped %d events, want %d", src.skipped, tc.skipped)
			}
		})
	}
}
