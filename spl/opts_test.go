package spl_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
)

// Expected values below come from the Search Reference (9.4), page
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/<command>
// unless a case names another page; spelunk's own choices say so.

// TestParseBool: Search Reference, "Understanding SPL syntax", data type
// <bool>: true, t, TRUE, yes and 1 for true; false, no, 0 "and variations
// of the word false". No other spelling is listed (not y/n, not on/off).
func TestParseBool(t *testing.T) {
	cases := []struct {
		in     string
		want   bool
		wantOK bool
	}{
		{"true", true, true}, {"t", true, true}, {"T", true, true}, {"TRUE", true, true},
		{"yes", true, true}, {"Yes", true, true}, {"1", true, true},
		{"false", false, true}, {"f", false, true}, {"F", false, true}, {"FALSE", false, true},
		{"no", false, true}, {"NO", false, true}, {"0", false, true},
		{"y", false, false}, {"n", false, false}, {"on", false, false}, {"off", false, false},
		{"2", false, false}, {"", false, false}, {"truee", false, false},
	}
	for _, tc := range cases {
		got, ok := spl.ParseBool(tc.in)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("ParseBool(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

// TestParseTimeSpan: bin, span: <int><timescale> with s|sec|secs|second|
// seconds, m|min|mins|minute|minutes, h|hr|hrs|hour|hours, d|day|days,
// mon|month|months (and w|week|weeks, which timechart lists).
func TestParseTimeSpan(t *testing.T) {
	cases := []struct {
		in      string
		want    spl.Span
		seconds float64
	}{
		{"30s", spl.Span{N: 30, Unit: "s"}, 30},
		{"2secs", spl.Span{N: 2, Unit: "s"}, 2},
		{"5m", spl.Span{N: 5, Unit: "m"}, 300},
		{"10minutes", spl.Span{N: 10, Unit: "m"}, 600},
		{"1h", spl.Span{N: 1, Unit: "h"}, 3600},
		{"2hrs", spl.Span{N: 2, Unit: "h"}, 7200},
		{"1d", spl.Span{N: 1, Unit: "d"}, 86400},
		{"1w", spl.Span{N: 1, Unit: "w"}, 7 * 86400},
		{"3mon", spl.Span{N: 3, Unit: "mon"}, 3 * 30 * 86400},
		{"1MONTH", spl.Span{N: 1, Unit: "mon"}, 30 * 86400},
		{"h", spl.Span{N: 1, Unit: "h"}, 3600}, // the count defaults to 1
	}
	for _, tc := range cases {
		got, err := spl.ParseTimeSpan(tc.in)
		if err != nil {
			t.Errorf("ParseTimeSpan(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want || got.Seconds() != tc.seconds {
			t.Errorf("ParseTimeSpan(%q) = %+v (%vs), want %+v (%vs)", tc.in, got, got.Seconds(), tc.want, tc.seconds)
		}
	}
	for _, in := range []string{"", "5", "0m", "5x", "m5", "1.5.2h"} {
		if sp, err := spl.ParseTimeSpan(in); err == nil {
			t.Errorf("ParseTimeSpan(%q) = %+v, want an error", in, sp)
		}
	}
}

// optCmp compares commands on their typed options only.
var optCmp = cmp.Options{
	cmpopts.IgnoreTypes(spl.Loc{}, []spl.Option(nil), []spl.FieldName(nil), spl.FieldName{}, (*spl.FieldName)(nil),
		(*spl.Subsearch)(nil), []spl.Aggregation(nil), (*spl.TxnFilter)(nil), []spl.SortKey(nil), []spl.LookupField(nil)),
	cmpopts.IgnoreInterfaces(struct{ spl.SearchExpr }{}),
	cmpopts.IgnoreInterfaces(struct{ spl.Expr }{}),
	cmpopts.EquateEmpty(),
}

func ptr[T any](v T) *T { return &v }

// typedOptionCases: the defaults are each page's documented defaults.
var typedOptionCases = []struct {
	name string
	q    string
	want spl.Command
}{
	// dedup: keepevents, keepempty, consecutive default to false.
	{"dedup defaults", `* | dedup host`, &spl.DedupCommand{Count: 1}},
	{"dedup bools", `* | dedup host keepempty=true keepevents=T consecutive=yes`,
		&spl.DedupCommand{Count: 1, KeepEmpty: true, KeepEvents: true, Consecutive: true}},
	// join: type defaults to inner, max to 1 (0 for no limit), overwrite
	// and earlier to true, usetime to false; outer and left are the same.
	{"join defaults", `* | join guid [search x]`,
		&spl.JoinCommand{Type: "inner", Max: 1, Earlier: true, Overwrite: true}},
	{"join options", `* | join type=OUTER max=0 overwrite=f usetime=t earlier=false guid [search x]`,
		&spl.JoinCommand{Type: "outer", Max: 0, UseTime: true}},
	{"join left", `* | join guid type=left [search x]`,
		&spl.JoinCommand{Type: "left", Max: 1, Earlier: true, Overwrite: true}},
	// transaction: maxspan and maxpause default to -1 (no limit),
	// maxevents to 1000, keepevicted and mvlist to false, connected to
	// true; a span without a unit counts seconds.
	{"transaction defaults", `* | transaction host`,
		&spl.TransactionCommand{MaxSpan: -1, MaxPause: -1, MaxEvents: 1000, Connected: true}},
	{"transaction options", `* | transaction host maxspan=30m maxpause=5s maxevents=10 keepevicted=true mvlist=t connected=f keeporphans=1`,
		&spl.TransactionCommand{MaxSpan: 1800, MaxPause: 5, MaxEvents: 10, KeepEvicted: true, MvList: true, KeepOrphans: true}},
	{"transaction seconds", `* | transaction host maxspan=90 maxpause=-1 maxevents=-1`,
		&spl.TransactionCommand{MaxSpan: 90, MaxPause: -1, MaxEvents: -1, Connected: true}},
	// tstats: prestats, append, summariesonly, local,
	// include_reduced_buckets and allow_old_summaries default to false.
	{"tstats defaults", `| tstats count from datamodel=Endpoint.Processes`,
		&spl.TstatsCommand{Datamodel: "Endpoint.Processes"}},
	{"tstats options", `| tstats summariesonly=t allow_old_summaries=true prestats=f append=false fillnull_value="-" chunk_size=1000 count from datamodel=Endpoint.Processes by _time span=1h`,
		&spl.TstatsCommand{SummariesOnly: true, AllowOldSummaries: true, FillNullValue: ptr("-"), ChunkSize: 1000,
			Datamodel: "Endpoint.Processes", BySpan: "1h", ByTimeSpan: &spl.Span{N: 1, Unit: "h"}}},
	{"tstats options among functions", `| tstats count prestats=true local=t from datamodel=Web`,
		&spl.TstatsCommand{Prestats: true, Local: true, Datamodel: "Web"}},
	// bin: span is a time span or a number; bins defaults to 100 (0 here:
	// not given).
	{"bin time span", `* | bin span=5m _time`, &spl.BinCommand{Binning: spl.BinOptions{Span: &spl.Span{N: 5, Unit: "m"}}}},
	{"bin number span", `* | bucket bytes span=10 AS b`, &spl.BinCommand{Binning: spl.BinOptions{Span: &spl.Span{N: 10}}, As: "b"}},
	{"bin bins", `* | bin bins=20 minspan=1h start=0 end=100.5 aligntime=@d+3h _time`,
		&spl.BinCommand{Binning: spl.BinOptions{Bins: 20, MinSpan: &spl.Span{N: 1, Unit: "h"}, Start: ptr(0.0), End: ptr(100.5), AlignTime: "@d+3h"}}},
	{"bin numeric minspan", `* | bin minspan=10 x`, &spl.BinCommand{Binning: spl.BinOptions{MinSpan: &spl.Span{N: 10}}}},
	// timechart: limit defaults to 10, useother, usenull and cont to
	// true, otherstr to OTHER, nullstr to NULL.
	{"timechart defaults", `* | timechart count by host`,
		&spl.TimechartCommand{ChartOptions: spl.ChartOptions{Limit: 10, UseOther: true, UseNull: true, Cont: true, OtherStr: "OTHER", NullStr: "NULL"}}},
	{"timechart options", `* | timechart span=1h limit=top5 useother=f usenull=false cont=F otherstr=rest nullstr=none count by host`,
		&spl.TimechartCommand{ChartOptions: spl.ChartOptions{Limit: 5, OtherStr: "rest", NullStr: "none",
			Binning: spl.BinOptions{Span: &spl.Span{N: 1, Unit: "h"}}}}},
	// chart: the same options and defaults.
	{"chart options", `* | chart limit=0 usenull=f count over host by user`,
		&spl.ChartCommand{ChartOptions: spl.ChartOptions{Limit: 0, UseOther: true, Cont: true, OtherStr: "OTHER", NullStr: "NULL"}}},
	{"chart options after by", `* | chart count over host by user useother=false bins=5`,
		&spl.ChartCommand{ChartOptions: spl.ChartOptions{Limit: 10, UseNull: true, Cont: true, OtherStr: "OTHER", NullStr: "NULL",
			Binning: spl.BinOptions{Bins: 5}}}},
	// stats: allnum and dedup_splitvals default to false, delim to a
	// single space.
	{"stats defaults", `* | stats count by host`, &spl.StatsCommand{Delim: " "}},
	{"stats options", `* | stats allnum=t dedup_splitvals=true delim=";" partitions=2 count by host`,
		&spl.StatsCommand{AllNum: true, DedupSplitVals: true, Delim: ";", Partitions: 2}},
	{"stats option after by", `* | stats count by host allnum=yes`, &spl.StatsCommand{AllNum: true, Delim: " "}},
	// eventstats: allnum defaults to false.
	{"eventstats allnum", `* | eventstats allnum=true avg(x)`, &spl.EventstatsCommand{AllNum: true}},
	// streamstats: current and global default to true, window to 0 (all
	// results), reset_on_change and allnum to false.
	{"streamstats defaults", `* | streamstats count`, &spl.StreamstatsCommand{Current: true, Global: true}},
	{"streamstats options", `* | streamstats current=f global=false window=5 reset_on_change=t allnum=1 time_window=1h count`,
		&spl.StreamstatsCommand{Window: 5, ResetOnChange: true, AllNum: true, TimeWindow: &spl.Span{N: 1, Unit: "h"}}},
	// top and rare: limit defaults to 10 (a leading N sets it),
	// countfield to count, percentfield to percent, showcount and
	// showperc to true, useother to false, otherstr to OTHER.
	{"top defaults", `* | top user`, &spl.TopCommand{TopOptions: spl.TopOptions{Limit: 10, CountField: "count",
		PercentField: "percent", ShowCount: true, ShowPerc: true, OtherStr: "OTHER"}}},
	{"top options", `* | top 5 user showperc=f countfield=n percentfield=p useother=t otherstr=rest showcount=no`,
		&spl.TopCommand{TopOptions: spl.TopOptions{Limit: 5, CountField: "n", PercentField: "p", UseOther: true, OtherStr: "rest"}}},
	{"rare limit", `* | rare limit=3 user`, &spl.RareCommand{TopOptions: spl.TopOptions{Limit: 3, CountField: "count",
		PercentField: "percent", ShowCount: true, ShowPerc: true, OtherStr: "OTHER"}}},
	// addtotals: row defaults to true, col to false, fieldname and label
	// to Total.
	{"addtotals defaults", `* | addtotals`, &spl.AddtotalsCommand{Row: true, FieldName: "Total", Label: "Total"}},
	{"addtotals options", `* | addtotals row=f col=t labelfield=c label=All fieldname=Sum a b`,
		&spl.AddtotalsCommand{Col: true, LabelField: "c", Label: "All", FieldName: "Sum"}},
	// append: maxout, maxtime, timeout; extendtimerange defaults to false.
	{"append options", `* | append maxout=100 extendtimerange=t maxtime=30 timeout=60 [search x]`,
		&spl.AppendCommand{MaxOut: 100, ExtendTimeRange: true, MaxTime: 30, Timeout: 60}},
	// extract: clean_keys defaults to true, mv_add to false, limit to 50,
	// maxchars to 10240.
	{"extract defaults", `* | extract pairdelim=";" kvdelim="="`,
		&spl.ExtractCommand{PairDelim: ";", KVDelim: "=", CleanKeys: true, Limit: 50, MaxChars: 10240}},
	{"extract options", `* | extract pairdelim=";" kvdelim="=" clean_keys=f mv_add=t limit=5 maxchars=100`,
		&spl.ExtractCommand{PairDelim: ";", KVDelim: "=", MvAdd: true, Limit: 5, MaxChars: 100}},
	// iplocation: allfields defaults to false, lang to en.
	{"iplocation defaults", `* | iplocation src`, &spl.IplocationCommand{Lang: "en"}},
	{"iplocation options", `* | iplocation prefix=ip_ lang=de allfields=t src`,
		&spl.IplocationCommand{Prefix: "ip_", Lang: "de", AllFields: true}},
	// inputlookup: append and strict default to false, start to 0; max
	// not given means no limit.
	{"inputlookup options", `| inputlookup append=t start=2 max=5 users.csv`,
		&spl.InputlookupCommand{Append: true, Start: 2, Max: ptr(5), Table: "users.csv"}},
	{"inputlookup options after table", `* | inputlookup users.csv append=true strict=1`,
		&spl.InputlookupCommand{Append: true, Strict: true, Table: "users.csv"}},
	// outputlookup: append defaults to false.
	{"outputlookup options", `* | outputlookup append=true max=10 out.csv`,
		&spl.OutputlookupCommand{Append: true, Max: ptr(10), Table: "out.csv"}},
	// appendpipe: run_in_preview defaults to true.
	{"appendpipe defaults", `* | appendpipe [stats count]`, &spl.AppendpipeCommand{RunInPreview: true}},
	{"appendpipe run_in_preview", `* | appendpipe run_in_preview=f [stats count]`, &spl.AppendpipeCommand{}},
	// datamodel: strict_fields, allow_old_summaries and summariesonly.
	{"datamodel options", `| datamodel Endpoint Processes search summariesonly=t strict_fields=false allow_old_summaries=1`,
		&spl.DatamodelCommand{Model: "Endpoint", Dataset: "Processes", Mode: "search", SummariesOnly: true, AllowOldSummaries: true}},
	// lookup: local and update default to false.
	{"lookup options", `* | lookup local=t update=true event_time_field=t0 users.csv user OUTPUT name`,
		&spl.LookupTableCommand{Local: true, Update: true, EventTimeField: "t0", Table: "users.csv", Mode: "OUTPUT"}},
	// map: maxsearches defaults to 10.
	{"map defaults", `* | map search="search x=$x$"`, &spl.MapCommand{Search: "search x=$x$", MaxSearches: 10}},
	{"map maxsearches", `* | map maxsearches=3 search="search x=$x$"`, &spl.MapCommand{Search: "search x=$x$", MaxSearches: 3}},
	// A repeated option keeps its last value (spelunk's choice; Splunk
	// documents no rule).
	{"last wins: join", `* | join max=2 max=3 guid [search x]`,
		&spl.JoinCommand{Type: "inner", Max: 3, Earlier: true, Overwrite: true}},
	{"last wins: tstats", `| tstats summariesonly=t summariesonly=f count from datamodel=Web`,
		&spl.TstatsCommand{Datamodel: "Web"}},
	{"last wins: bin span", `* | bin span=1h span=10m _time`, &spl.BinCommand{Binning: spl.BinOptions{Span: &spl.Span{N: 10, Unit: "m"}}}},
}

func TestTypedOptions(t *testing.T) {
	for _, tc := range typedOptionCases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := spl.Parse(tc.q)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.q, err)
			}
			got := p.Commands[len(p.Commands)-1]
			if diff := cmp.Diff(tc.want, got, optCmp); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.q, diff)
			}
			// The canonical form reads back to the same typed options.
			again, err := spl.Parse(p.String())
			if err != nil {
				t.Fatalf("Parse(%q): %v", p.String(), err)
			}
			if diff := cmp.Diff(p, again, ignoreSpans); diff != "" {
				t.Errorf("%s printed as %s reads back differently (-first +again):\n%s", tc.q, p.String(), diff)
			}
		})
	}
}

// TestStreamstatsResetExprs: reset_before and reset_after take an eval
// expression in parentheses, read when the command is parsed.
func TestStreamstatsResetExprs(t *testing.T) {
	p, err := spl.Parse(`* | streamstats reset_before="(x>1)" reset_after="(user==\"u2\")" count`)
	if err != nil {
		t.Fatal(err)
	}
	c := p.Commands[1].(*spl.StreamstatsCommand)
	if c.ResetBefore == nil || c.ResetAfter == nil {
		t.Fatalf("reset_before %v, reset_after %v: want both", c.ResetBefore, c.ResetAfter)
	}
	if got := c.ResetBefore.String(); got != "x > 1" {
		t.Errorf("reset_before = %s, want x > 1", got)
	}
	if got := c.ResetAfter.String(); got != `user == "u2"` {
		t.Errorf(`reset_after = %s, want user == "u2"`, got)
	}
}

// TestOptionErrors: a bad value or an unknown option is a parse error at
// the option, naming the command.
func TestOptionErrors(t *testing.T) {
	cases := []struct {
		q, msg, at string
	}{
		{`* | dedup x keepempty=maybe`, `dedup: keepempty takes true or false, not "maybe"`, `keepempty=maybe`},
		{`* | dedup x keepempty=y`, `dedup: keepempty takes true or false, not "y"`, `keepempty=y`},
		{`* | transaction host keepevicted=on`, `transaction: keepevicted takes true or false, not "on"`, `keepevicted=on`},
		{`* | join type=full x [search y]`, `join: type=full: use inner, outer or left`, `type=full`},
		{`* | join max=-1 x [search y]`, `join: max=-1 must be a whole number (0 for no limit)`, `max=-1`},
		{`* | map maxsearches=0 search="x"`, `map: maxsearches=0 must be a whole number above 0`, `maxsearches=0`},
		{`* | streamstats window=x count`, `streamstats: window=x must be a whole number of results (0 for all)`, `window=x`},
		{`* | streamstats time_window=5 count`, `streamstats: time_window=5: expected a number and a time unit, e.g. 1h or 5m`, `time_window=5`},
		{`* | transaction host maxspan=5x`, `transaction: maxspan=5x: unknown time unit "x" (use s, m, h, d, w or mon)`, `maxspan=5x`},
		{`* | transaction host maxevents=many`, `transaction: maxevents=many must be a whole number`, `maxevents=many`},
		{`* | bin span=0 x`, `bin: span=0: the span must be greater than zero`, `span=0`},
		{`* | bucket span=log1 x`, `bin: span=log1: the base of a log span must be greater than 1`, `span=log1`},
		{`* | bin span=10log10 x`, `bin: span=10log10: the coefficient of a log span must be at least 1 and less than its base`, `span=10log10`},
		{`* | bin bins=0 x`, `bin: bins=0 must be a whole number above 0`, `bins=0`},
		{`* | bin minspan=x _time`, `bin: minspan=x: expected a span such as 5m`, `minspan=x`},
		{`* | bin start=a x`, `bin: start=a must be a number`, `start=a`},
		{`* | bin aligntime=earliest span=1h _time`, `bin: aligntime=earliest needs the search's time range, which an offline search does not have; give a time such as aligntime=@d+3h`, `aligntime=earliest`},
		{`* | timechart span=1q count`, `timechart: span=1q: unknown time unit "q" (use s, m, h, d, w or mon)`, `span=1q`},
		{`* | timechart limit=abc count`, `timechart: limit=abc must be a whole number (0 for no limit)`, `limit=abc`},
		{`* | chart useother=maybe count by x`, `chart: useother takes true or false, not "maybe"`, `useother=maybe`},
		{`* | top limit=-1 x`, `top: limit=-1 must be a whole number (0 for all)`, `limit=-1`},
		{`* | stats allnum=2 count`, `stats: allnum takes true or false, not "2"`, `allnum=2`},
		{`| tstats summariesonly=yes2 count from datamodel=Web`, `tstats: summariesonly takes true or false, not "yes2"`, `summariesonly=yes2`},
		{`| tstats count from datamodel=Web by _time span=1q`, `tstats: span=1q: unknown time unit "q" (use s, m, h, d, w or mon)`, `span=1q`},
		{`* | extract limit=1.5 pairdelim=a kvdelim=b`, `extract: limit=1.5 must be a whole number`, `limit=1.5`},
		{`| inputlookup max=x t.csv`, `inputlookup: max=x must be a whole number`, `max=x`},
		{`* | outputlookup max=-2 t.csv`, `outputlookup: max=-2 must be a whole number`, `max=-2`},
		{`* | addtotals row=x`, `addtotals: row takes true or false, not "x"`, `row=x`},
		{`* | append maxout=x [search y]`, `append: maxout=x must be a whole number`, `maxout=x`},
		{`* | iplocation allfields=x ip`, `iplocation: allfields takes true or false, not "x"`, `allfields=x`},
		{`* | appendpipe run_in_preview=x [stats count]`, `appendpipe: run_in_preview takes true or false, not "x"`, `run_in_preview=x`},
		{`| datamodel Endpoint summariesonly=x`, `datamodel: summariesonly takes true or false, not "x"`, `summariesonly=x`},
		{`* | lookup local=x users.csv user`, `lookup: local takes true or false, not "x"`, `local=x`},
		// Unknown options, at the key.
		{`* | join foo=bar x [search y]`, `join: unknown option "foo"`, `foo`},
		{`* | bin foo=1 x`, `bin: unknown option "foo"`, `foo`},
		{`* | stats count by host foo=1`, `stats: unknown option "foo"`, `foo`},
		{`* | timechart count by host foo=1`, `timechart: unknown option "foo"`, `foo`},
		{`| tstats foo=1 count from datamodel=Web`, `tstats: unknown option "foo"`, `foo`},
		{`* | top foo=1 x`, `top: unknown option "foo"`, `foo`},
		{`* | map foo=1 search="x"`, `map: unknown option "foo"`, `foo`},
	}
	for _, tc := range cases {
		_, err := spl.Parse(tc.q)
		es := spl.AsErrors(err)
		if len(es) != 1 {
			t.Errorf("%s: errors %v, want one", tc.q, err)
			continue
		}
		e := es[0]
		if e.Msg != tc.msg || tc.q[e.Pos:e.End] != tc.at {
			t.Errorf("%s:\n got %q at %q\nwant %q at %q", tc.q, e.Msg, tc.q[e.Pos:e.End], tc.msg, tc.at)
		}
	}
}
