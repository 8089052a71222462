package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// indexedSource holds events with default fields and one search-time
// field (user), newest first as a store gives them.
func indexedSource() *memSource {
	return &memSource{events: []value.Fields{
		row("_time", 3700.0, "index", "security", "host", "h1", "source", "WinEventLog:Security", "sourcetype", "WinEventLog", "linecount", 1, "_raw", "logon error", "user", "u1"),
		row("_time", 200.0, "index", "main", "host", "h2", "source", "/var/log/b", "sourcetype", "syslog", "linecount", 1, "_raw", "ok two", "user", "u2"),
		row("_time", 100.0, "index", "main", "host", "h1", "source", "/var/log/a", "sourcetype", "syslog", "linecount", 2, "_raw", "error one\nmore", "user", "u1"),
	}}
}

// TestTstatsIndexed checks tstats without FROM against the Search
// Reference's tstats page: the WHERE clause "can contain only indexed
// fields", rows come per BY combination sorted by BY values, span buckets
// _time; expected rows are worked out by hand from the events above.
func TestTstatsIndexed(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"count by index and sourcetype",
			`| tstats count where index=* by index sourcetype`,
			[]string{"index=main sourcetype=syslog count=2", "index=security sourcetype=WinEventLog count=1"}},
		{"page example 1: count of one index",
			`| tstats count WHERE index=main`,
			[]string{"count=2"}},
		{"page example 3: count by source for one host",
			`| tstats count WHERE index=main host=h1 by source`,
			[]string{"source=/var/log/a count=1"}},
		{"wildcard value of an indexed field",
			`| tstats count WHERE sourcetype=Win* by sourcetype`,
			[]string{"sourcetype=WinEventLog count=1"}},
		{"a search-time field matches nothing",
			`| tstats count where user=u1`,
			[]string{"count=0"}},
		{"NOT a search-time field matches everything",
			`| tstats count where NOT user=u1`,
			[]string{"count=3"}},
		{"BY a search-time field gives no rows",
			`| tstats count by user`,
			nil},
		{"fillnull_value fills the missing search-time field",
			`| tstats fillnull_value=NULL count by user`,
			[]string{"user=NULL count=3"}},
		{"span buckets _time",
			`| tstats count by _time span=1h`,
			[]string{"_time=0 count=2", "_time=3600 count=1"}},
		{"a bare term matches the raw text",
			`| tstats count where error by host`,
			[]string{"host=h1 count=2"}},
		{"time and distinct aggregations",
			`| tstats min(_time) as firstTime max(_time) as lastTime dc(host) values(sourcetype) sum(linecount) where index=main`,
			[]string{"firstTime=100 lastTime=200 dc(host)=2 values(sourcetype)=syslog sum(linecount)=3"}},
		{"splunk_server is the search head",
			`| tstats count by splunk_server`,
			[]string{"splunk_server=local count=3"}},
		{"_raw is not an indexed field",
			`| tstats count values(_raw) where error`,
			[]string{"count=2 values(_raw)="}},
		{"time modifiers in the where clause",
			`| tstats count where earliest=150 latest=4000 by index`,
			[]string{"index=main count=1", "index=security count=1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, indexedSource(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestTstatsIndexedErrors(t *testing.T) {
	cases := []struct{ q, want string }{
		// PREFIX() parses, and is refused when the search runs.
		{`| tstats count by PREFIX(user=)`, `tstats: PREFIX(user=) reads terms of the index lexicon, which is not supported offline`},
		{`| tstats count(eval(host="h1"))`, `eval`},
		{`| tstats count by source*`, `tstats BY fields cannot hold wildcards (source*)`},
		{`| tstats prestats=t count`, `tstats prestats=true is not supported yet`},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			_, err := runQuery(t, indexedSource(), tc.q)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// prunedSource is indexedSource as a PrunedSource whose partitions are
// single events; skipped counts the events left unread.
type prunedSource struct {
	*memSource
	skipped int
}

type eventPart struct{ ev value.Fields }

func (p eventPart) Known(field string) bool { return field == "index" || field == "sourcetype" }

func (p eventPart) Values(field string) ([]value.Value, bool, bool) {
	v := p.ev.Get(field)
	if v.IsNull() {
		return nil, true, true
	}
	return []value.Value{v}, false, true
}

func (s *prunedSource) Scan(ctx context.Context, req EventScan, fn func(value.Fields) error) error {
	return s.pruned(req.Skip, fn)
}

func (s *prunedSource) pruned(skip func(Partition) bool, fn func(value.Fields) error) error {
	for _, ev := range s.events {
		if skip != nil && skip(eventPart{ev}) {
			s.skipped++
			continue
		}
		if err := fn(ev.Clone()); err != nil {
			return err
		}
	}
	return nil
}

// TestTstatsIndexedPruned checks that partitions are skipped only when the
// where clause names indexed fields alone: a search-time field is absent
// from tstats' rows, so NOT user=u1 holds for every event even where each
// event of a partition has user=u1.
func TestTstatsIndexedPruned(t *testing.T) {
	cases := []struct {
		q       string
		want    []string
		skipped int
	}{
		{`| tstats count where index=main by sourcetype`, []string{"sourcetype=syslog count=2"}, 1},
		{`| tstats count where NOT user=u1 by index`, []string{"index=main count=2", "index=security count=1"}, 0},
		{`| tstats count where index=main NOT user=u1`, []string{"count=2"}, 0},
		{`| tstats count where splunk_server=local`, []string{"count=3"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			src := &prunedSource{memSource: indexedSource()}
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

// TestTstatsIndexedNotice checks the notice naming the fields tstats
// without FROM cannot read, once, and none when all are indexed.
func TestTstatsIndexedNotice(t *testing.T) {
	cases := []struct{ q, want string }{
		{`| tstats count where index=main user=u1 by host date_hour`, "tstats: user is not indexed: "},
		{`| tstats dc(user) where NOT EventCode=1 by process`, "tstats: EventCode, process, user are not indexed: "},
		{`| tstats count max(_indextime) where splunk_server=local by index _time span=1h`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.q, func(t *testing.T) {
			var notes []string
			opt := Options{TZ: time.UTC, Now: time.Unix(1700000000, 0), Notice: func(s string) { notes = append(notes, s) }}
			if _, err := Run(context.Background(), mustParse(t, tc.q), indexedSource(), opt); err != nil {
				t.Fatal(err)
			}
			var got string
			if len(notes) > 0 {
				got = notes[0][:min(len(notes[0]), len(tc.want))]
			}
			if got != tc.want || len(notes) > 1 {
				t.Errorf("notices %q, want one starting %q", notes, tc.want)
			}
		})
	}
}
