package spl_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
)

// ignoreSpans compares trees without their positions.
var ignoreSpans = cmpopts.IgnoreTypes(spl.Loc{})

// canonicalCases pair a search with its canonical form, worked out from
// the grammar rules (search: OR binds tighter than AND; eval: NOT, AND, OR,
// XOR from tightest to loosest).
var canonicalCases = []struct {
	name, in, want string
}{
	{"implied search", `index=main error`, `index=main error`},
	{"explicit search first", `search index=main`, `index=main`},
	{"or binds tighter than and", `a b OR c`, `a (b OR c)`},
	{"explicit and", `a AND b AND (c OR d OR e)`, `a b (c OR d OR e)`},
	{"and inside or keeps parens", `(a b) OR c`, `(a b) OR c`},
	{"not applies to next term", `NOT a b`, `NOT a b`},
	{"not group", `NOT (a OR b)`, `NOT (a OR b)`},
	{"lowercase keywords are terms", `a or b`, `a or b`},
	{"in list", `Processes.process_name IN ("a.exe", b*)`, `Processes.process_name IN (a.exe, b*)`},
	{"quoted values keep spaces", `user="NT AUTHORITY\\SYSTEM"`, `user="NT AUTHORITY\SYSTEM"`},
	{"comparison ops", `count>5 x<=3 y!=z`, `count>5 x<=3 y!=z`},
	{"quoted keyword value", `state="OR"`, `state="OR"`},
	{"term and case", `TERM(10.0.0.1) host=CASE(WEB01)`, `TERM(10.0.0.1) host=CASE(WEB01)`},
	// The Search Reference's TERM: a term with no space in it, such as one
	// holding = or a sign, which the lexer would otherwise break.
	{"term with breakers", `TERM(EventCode=4624) OR TERM(-enc)`, `TERM("EventCode=4624") OR TERM(-enc)`},
	// Search Reference, sistats/sichart/sitimechart/sitop/sirare: each
	// takes the syntax of the command it is named after.
	{"sistats", `| makeresults | sistats count, avg(x) AS a BY host`, `| makeresults | sistats count avg(x) AS a by host`},
	{"sitimechart", `| makeresults | sitimechart span=1h count by host`, `| makeresults | sitimechart span=1h count by host`},
	{"sitop and sirare", `| makeresults | sitop limit=5 user | sirare user`, `| makeresults | sitop limit=5 user | sirare user`},
	{"sichart", `| makeresults | sichart count over a by b`, `| makeresults | sichart count over a by b`},
	{"makemv unquoted tokenizer", `| makeresults | makemv roles tokenizer=(\S+)`, `| makeresults | makemv tokenizer="(\S+)" roles`},
	{"time modifier", `earliest=-7d@d latest=now`, `earliest=-7d@d latest=now`},
	{"pipeline", `index=main | table a, b c*`, `index=main | table a b c*`},
	{"generating", `| tstats count from datamodel=Endpoint.Processes where Processes.parent_process_name = "wermgr.exe" by Processes.dest`,
		`| tstats count from datamodel=Endpoint.Processes where Processes.parent_process_name=wermgr.exe by Processes.dest`},
	{"tstats options and aggregations",
		`| tstats summariesonly=false fillnull_value=null count min(_time) as firstTime values(Processes.process) FROM datamodel=Endpoint.Processes by _time Processes.dest span=1h`,
		`| tstats summariesonly=false fillnull_value=null count min(_time) AS firstTime values(Processes.process) from datamodel=Endpoint.Processes by _time Processes.dest span=1h`},
	{"rename quoted wildcard", `| tstats count from datamodel=X by X.a | rename "Processes.*" as *`, `| tstats count from datamodel=X by X.a | rename Processes.* AS *`},
	{"convert", `* | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) mktime(t) AS t2`, `* | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) mktime(t) AS t2`},
	{"fields minus", `* | fields - _raw, x`, `* | fields - _raw, x`},
	{"eval precedence", `* | eval x=a+b*c, y=(a+b)*c, z=a-b-c, w=a-(b-c)`, `* | eval x=a + b * c, y=(a + b) * c, z=a - b - c, w=a - (b - c)`},
	{"eval concat and quoted fields", `* | eval p='Processes.dest'."-".user`, `* | eval p='Processes.dest' . "-" . user`},
	{"eval boolean order", `* | where NOT a=1 AND b=2 OR c=3 XOR d=4`, `* | where NOT a = 1 AND b = 2 OR c = 3 XOR d = 4`},
	{"eval not group", `* | where NOT (a=1 OR b=2)`, `* | where NOT (a = 1 OR b = 2)`},
	// "!" is NOT: Search Reference 10.0, multivalue eval functions, mvfilter
	// ("mvfilter(!isnull(<value>))").
	{"eval bang is NOT", `* | where !isnull(x) AND !(a!=b)`, `* | where NOT isnull(x) AND NOT a != b`},
	{"eval bang in mvfilter", `* | eval y=mvfilter(!isnull(x))`, `* | eval y=mvfilter(NOT isnull(x))`},
	{"eval in and like", `* | where x IN ("a", "b") AND y LIKE "c%"`, `* | where x IN ("a", "b") AND y LIKE "c%"`},
	{"eval lowercase keywords", `* | where a>1 and b<2 or not c`, `* | where a > 1 AND b < 2 OR NOT c`},
	{"eval functions", `* | eval n=if(isnull(x), "none", lower(x)), m=case(a=1, "one", true(), "other")`,
		`* | eval n=if(isnull(x), "none", lower(x)), m=case(a = 1, "one", true(), "other")`},
	{"eval dynamic name", `* | eval {name}=value, count_{host}=1`, `* | eval {name}=value, count_{host}=1`},
	{"eval unary minus", `* | eval x=-a*2, y=- -1`, `* | eval x=-a * 2, y=--1`},
	{"eval string escapes", `* | eval s="a\"b\\c\d"`, `* | eval s="a\"b\c\d"`},
	{"eval backslash before quote", `* | eval s="a\\"`, `* | eval s="a\\"`},
	{"subsearch in quoted string is text", `x="[a|b]" | table x`, `x="[a|b]" | table x`},
	{"escaped pipe is not a separator", `a\|b | table x`, `"a\|b" | table x`},
	// Search terms as security_content writes them.
	{"subsearch terms", `a [search b | table c] NOT [| summary assets]`, `a [search b | table c] NOT [| summary assets]`},
	{"subsearch in tstats where", `| tstats count from datamodel=X where [| summary m] by X.a`, `| tstats count from datamodel=X where [| summary m] by X.a`},
	{"generating command opens a subsearch without a pipe", `a [ summary m]`, `a [| summary m]`},
	{"parentheses glued to a value", `Processes.process=*GetCurrent()* x`, `Processes.process="*GetCurrent()*" x`},
	{"parenthesis after a space groups", `a (b OR c=d()e)`, `a (b OR c="d()e")`},
	{"escaped quotes", `status="\"200\"" *\"privileged\":true*`, `status="\"200\"" "*\"privileged\":true*"`},
	{"cidr values", `dest_ip!=10.0.0.0/8 src=fe80::/10`, `dest_ip!=10.0.0.0/8 src=fe80::/10`},
	{"relative time modifiers", `a earliest=-30d@d latest=-1h starthoursago=168`, `a earliest=-30d@d latest=-1h starthoursago=168`},
	{"comments are blanks", "index=main ```a | [b``` | table x", `index=main | table x`},
	{"eval targets with punctuation", `* | eval cpu:mem=a/b, x-y=1, "A B"=2`, `* | eval 'cpu:mem'=a / b, 'x-y'=1, 'A B'=2`},
	{"field names with parentheses", `* | fields - a* predicted(x) b`, `* | fields - a*, "predicted(x)", b`},
	// MLTK and the other analysis commands security_content uses.
	{"apply", `* | apply m threshold=0.005`, `* | apply m threshold=0.005`},
	{"apply as", `* | apply app:m as out Threshold=1`, `* | apply app:m AS out Threshold=1`},
	{"fit with by", `* | fit DensityFunction api_calls by "user,HourOfDay,isWeekend" into m dist=norm show_density=true`,
		`* | fit DensityFunction dist=norm show_density=true api_calls by "user,HourOfDay,isWeekend" into m`},
	{"fit with from", `* | fit LinearRegression errors from _time, x into errors_over_time as p`, `* | fit LinearRegression errors from _time x into errors_over_time as p`},
	{"summary", `| summary m`, `| summary m`},
	{"extract", `* | extract pairdelim=";" kvdelim=":" my_extractor`, `* | extract pairdelim=; kvdelim=: my_extractor`},
	{"kv is extract", `* | kv auto=f`, `* | extract auto=f`},
	{"anomalydetection", `* | anomalydetection "count" "user_type" action=annotate`, `* | anomalydetection action=annotate count user_type`},
	{"anomalydetection iqr", `* | anomalydetection method=iqr action=tf param=4 uselower=true`, `* | anomalydetection method=iqr action=tf param=4 uselower=true`},
	{"anomalydetection zscore", `* | anomalydetection method=zscore action=filter pthresh=0.05 minsupcount=1`, `* | anomalydetection method=zscore action=filter pthresh=0.05 minsupcount=1`},
	{"outlier", `* | outlier action=RM count`, `* | outlier action=RM count`},
	{"multikv", `* | multikv`, `* | multikv`},
	{"multikv clauses", `* | multikv fields pid command filter splunkd "two words" forceheader=1`, `* | multikv forceheader=1 fields pid command filter splunkd "two words"`},
	{"cyberchef keeps its arguments", `* | cyberchef infield="a" outfield="b" jsonrecipe="[{"op":"From Punycode","args":[true]}]" | table b`,
		`* | cyberchef infield="a" outfield="b" jsonrecipe="[{"op":"From Punycode","args":[true]}]" | table b`},
	{"makeresults", `| makeresults`, `| makeresults`},
	{"eval targets with : - and quotes", `* | eval inbound:outbound = a/b, x_-value=1, "PSWA Process" = 2`, `* | eval 'inbound:outbound'=a / b, 'x_-value'=1, 'PSWA Process'=2`},
	{"fields with call-like names", `* | fields - unusual_cmdline* predicted(unusual_cmdline_logits) orig_process | table count(x) b`,
		`* | fields - unusual_cmdline*, "predicted(unusual_cmdline_logits)", orig_process | table "count(x)" b`},
	{"makeresults options", `| makeresults count=3 annotate=t`, `| makeresults count=3 annotate=true`},
	{"makeresults csv", `| makeresults format=csv data="a,b
1,2"`, `| makeresults format=csv data="a,b
1,2"`},
	{"regex field", `* | regex process="\\x{202E}"`, `* | regex process="\x{202E}"`},
	{"regex negated", `* | regex process!="(?i)rundll32"`, `* | regex process!="(?i)rundll32"`},
	{"regex raw", `* | regex "^\d+"`, `* | regex "^\d+"`},
	{"rex options", `* | rex max_match=100 field=aceFlags "(?P<aceFlags>[A-Z]{2})"`, `* | rex field=aceFlags max_match=100 "(?P<aceFlags>[A-Z]{2})"`},
	{"rex sed", `* | rex field=x mode=sed "s/a/b/g"`, `* | rex field=x mode=sed "s/a/b/g"`},
	{"rex offset", `* | rex "(?<a>x)" offset_field=off`, `* | rex offset_field=off "(?<a>x)"`},
	{"replace", `* | replace "::ffff:*" with * in src`, `* | replace "::ffff:*" WITH "*" IN src`},
	{"replace several", `* | replace "%%8448" with "Success removed", "%%8450" with "Failure removed" in AuditPolicyChanges, x`,
		`* | replace "%%8448" WITH "Success removed", "%%8450" WITH "Failure removed" IN AuditPolicyChanges, x`},
	{"fillnull bare", `* | fillnull`, `* | fillnull`},
	{"fillnull value fields", `* | fillnull value=0 unique_accounts, unique_src`, `* | fillnull value="0" unique_accounts unique_src`},
	{"dedup", `* | dedup host,process_name`, `* | dedup host, process_name`},
	{"dedup options", `* | dedup 3 a keepempty=true consecutive=t sortby -_time, +b`, `* | dedup 3 a keepempty=true consecutive=true sortby -_time, b`},
	{"sort", `* | sort - count`, `* | sort -count`},
	{"sort several", `* | sort 0 count, - ut_shannon, num(x), -ip(src) desc`, `* | sort 0 count, -ut_shannon, num(x), -ip(src) desc`},
	{"sort limit", `* | sort limit=5 -_time,src, query`, `* | sort 5 -_time, src, query`},
	{"sort key named like a count", `* | sort + 0 x`, `* | sort +0, x`},
	{"sort descending key -0", `* | sort -0`, `* | sort -0`},
	{"sort key named +", `* | sort ++`, `* | sort "+"`},
	{"head", `* | head`, `* | head 10`},
	{"head expr", `* | head (count > 5) keeplast=true`, `* | head (count > 5) keeplast=true`},
	{"tail reverse", `* | tail 3 | reverse`, `* | tail 3 | reverse`},
	{"makemv", `* | makemv delim=" " Scope`, `* | makemv delim=" " Scope`},
	{"makemv tokenizer", `* | makemv tokenizer="([\w\d\-]+)" process`, `* | makemv tokenizer="([\w\d\-]+)" process`},
	{"mvexpand", `* | mvexpand new_ace limit=5`, `* | mvexpand new_ace limit=5`},
	{"nomv mvcombine", `* | nomv a | mvcombine delim="," b`, `* | nomv a | mvcombine delim="," b`},
	{"spath", `* | spath input=Data path=ad output=alert_description`, `* | spath input=Data output=alert_description path=ad`},
	{"spath positional", `* | spath "query_type{}"`, `* | spath path=query_type{}`},
	{"spath auto", `* | spath`, `* | spath`},
	{"fromjson", `* | fromjson Data prefix=d_`, `* | fromjson Data prefix=d_`},
	{"xmlkv", `* | xmlkv Message | xmlkv`, `* | xmlkv Message | xmlkv`},
	{"foreach", `* | foreach stdev_* [ eval anomalies =if( '<<MATCHSTR>>' > ('avg_<<MATCHSTR>>' + 3), anomalies + "<<MATCHSTR>> high", anomalies) ]`,
		`* | foreach stdev_* [eval anomalies =if( '<<MATCHSTR>>' > ('avg_<<MATCHSTR>>' + 3), anomalies + "<<MATCHSTR>> high", anomalies)]`},
	{"foreach mode", `* | foreach mode=multivalue a [eval b=b+<<ITEM>>]`, `* | foreach mode=multivalue a [eval b=b+<<ITEM>>]`},
	{"accum", `* | accum bytes`, `* | accum bytes`},
	{"accum as quoted", `* | accum views as "Total views"`, `* | accum views AS "Total views"`},
	{"delta", `* | delta count`, `* | delta count`},
	{"delta as p", `* | delta count as countdiff p=3`, `* | delta count AS countdiff p=3`},
	{"delta p first", `* | delta p=1 count`, `* | delta count`},
	{"autoregress", `* | autoregress count`, `* | autoregress count`},
	{"autoregress as p", `* | autoregress ip as old_ip p=3`, `* | autoregress ip AS old_ip p=3`},
	{"autoregress range", `* | autoregress count p=2-5`, `* | autoregress count p=2-5`},
	{"autoregress range of one", `* | autoregress p=1-1 count`, `* | autoregress count`},
	{"trendline", `* | trendline sma5(foo) AS smoothed_foo ema10(bar)`, `* | trendline sma5(foo) AS smoothed_foo ema10(bar)`},
	{"trendline case and quotes", `* | trendline WMA2( "a b" ) as w`, `* | trendline wma2("a b") AS w`},
	{"strcat", `* | strcat sourceIP "/" destIP comboIP`, `* | strcat sourceIP "/" destIP comboIP`},
	{"strcat allrequired", `* | strcat allrequired=t host "::" port hostport`, `* | strcat allrequired=true host "::" port hostport`},
	{"rangemap", `* | rangemap field=count low=0-0 elevated=1-100 default=severe`, `* | rangemap field=count low=0-0 elevated=1-100 default=severe`},
	{"rangemap negative and float ranges", `* | rangemap Dislike=-5--1 DontCare=0-0 Like=1.5-5 field="x y"`, `* | rangemap field="x y" Dislike=-5--1 DontCare=0-0 Like=1.5-5`},
	{"addinfo", `* | addinfo | fields - info_*`, `* | addinfo | fields - info_*`},
	{"fieldformat", `* | fieldformat totalSales="$".tostring(totalSales,"commas")`, `* | fieldformat totalSales="$" . tostring(totalSales, "commas")`},
	{"fieldformat quoted field", `* | fieldformat "start time"=strftime('start time', "%H:%M:%S")`, `* | fieldformat 'start time'=strftime('start time', "%H:%M:%S")`},
	{"tojson", `* | tojson`, `* | tojson`},
	{"tojson functions and options", `* | tojson age height weight STR(name) default_type=NUM output_field=my_JSON_field`,
		`* | tojson age height weight str(name) default_type=num output_field=my_JSON_field`},
	{"tojson wildcards", `* | tojson num(date_hour) str(date_*) include_internal=t fill_null=yes`, `* | tojson num(date_hour) str(date_*) fill_null=true include_internal=true`},
	{"gentimes", `| gentimes start=4/4/2021 end=4/7/2021`, `| gentimes start=4/4/2021 end=4/7/2021`},
	{"gentimes relative and increment", `| gentimes increment=1d start=-30 end=04/05/2021:12:34:56`, `| gentimes start=-30 end=04/05/2021:12:34:56`},
	{"gentimes hourly", `| gentimes start=4/4/2021:00:00:00 increment=6h`, `| gentimes start=4/4/2021:00:00:00 increment=6h`},
	{"makecontinuous", `* | makecontinuous _time span=10m`, `* | makecontinuous _time span=10m`},
	{"makecontinuous options first", `* | makecontinuous end=100 bins=20 start=-5.5 size`, `* | makecontinuous size bins=20 start=-5.5 end=100`},
	{"makecontinuous default field", `* | makecontinuous span=2h`, `* | makecontinuous span=2h`},
}

func TestCanonical(t *testing.T) {
	checkCanonical(t, canonicalCases)
}

// canonicalCase is a source and the text it prints as after parsing.
type canonicalCase = struct{ name, in, want string }

// checkCanonical parses each case, compares its printed form with want and
// checks the round trip, one subtest per case.
func checkCanonical(t *testing.T, cases []canonicalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := spl.Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, p.String()); diff != "" {
				t.Errorf("String() mismatch (-want +got):\n%s", diff)
			}
			roundTrip(t, tc.in)
		})
	}
}

// errorCase is a source that does not parse and the message of its first error.
type errorCase = struct{ in, want string }

// checkFirstError parses each case and compares the message of the first
// error with want.
func checkFirstError(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		_, err := spl.Parse(tc.in)
		errs := spl.AsErrors(err)
		if len(errs) == 0 || errs[0].Msg != tc.want {
			t.Errorf("Parse(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

// roundTrip checks the invariant: parse, print, parse again gives the same
// tree, and printing that gives the same text.
func roundTrip(t *testing.T, src string) {
	t.Helper()
	p1, err := spl.Parse(src)
	if err != nil {
		return
	}
	s1 := p1.String()
	p2, err := spl.Parse(s1)
	if err != nil {
		t.Fatalf("canonical form does not parse:\n  in:  %s\n  out: %s\n  err: %v", src, s1, err)
	}
	if diff := cmp.Diff(p1, p2, ignoreSpans); diff != "" {
		t.Fatalf("tree changed after print/parse of %q (-first +second):\n%s", src, diff)
	}
	if s2 := p2.String(); s2 != s1 {
		t.Fatalf("printing is not stable:\n  first:  %s\n  second: %s", s1, s2)
	}
}

// TestErrors checks the rendered text of parse errors: line:col, the
// source line, a caret, what was expected and a suggestion.
func TestErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"unknown command", "index=main\n| evl x=1", `2:3: unknown command "evl"
    | evl x=1
      ^^^
  did you mean "eval"?
`},
		{"unclosed quote", `index=main user="bob`, `1:17: unclosed quoted string
    index=main user="bob
                    ^^^^
  add the closing " (a literal quote inside a string is written \")
`},
		{"unclosed paren", `a (b OR c | table x`, `1:3: unclosed parenthesis: "(" has no matching ")"
    a (b OR c | table x
      ^
`},
		{"empty command", `a | | table x`, `1:5: empty command after "|"
    a | | table x
        ^
  remove the extra "|" or add a command after it
`},
		{"generating not first", `a | tstats count`, `1:5: tstats is a generating command and must be the first command of a search
    a | tstats count
        ^^^^^^
  start the search with "| tstats ..."
`},
		{"eval missing operand", `* | eval x=1+`, `1:14: eval: unexpected end of expression
    * | eval x=1+
                 ^
  expected a field, a string, a number, a function call, or "("
`},
		{"rename without as", `* | rename a b`, `1:14: rename: unexpected "b"
    * | rename a b
                 ^
  expected AS
`},
		{"where operator keyword", `* | where AND x`, `1:11: where: expected an expression before "AND"
    * | where AND x
              ^
`},
		{"search dangling OR", `a OR`, `1:3: search: OR needs a term on its right
    a OR
      ^^
`},
		{"convert typo", `* | convert ctim(x)`, `1:13: convert: unexpected "ctim"
    * | convert ctim(x)
                ^^^^
  expected a conversion such as ctime(field)
  did you mean "ctime"?
`},
		// SPL2 writes perc(<value>,<percentile>) (Quick Reference for SPL2
		// stats and charting functions); SPL1's aggregate functions page
		// has only perc<percentile>(<value>), p<percentile>(<value>),
		// upperperc<percentile>(<value>) and exactperc<percentile>(<value>):
		// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/statistical-and-charting-functions/aggregate-functions
		{"SPL2 percentile", `* | stats perc(bytes, 95) by host`, `1:11: stats: perc(bytes, 95) is SPL2's percentile form; SPL1 writes the percentile in the function's name
    * | stats perc(bytes, 95) by host
              ^^^^^^^^^^^^^^^
  write perc95(bytes), p95(bytes), exactperc95(bytes) or upperperc95(bytes)
`},
		{"SPL2 percentile in chart", `* | chart exactperc(delay,99.5) over site`, `1:11: chart: exactperc(delay,99.5) is SPL2's percentile form; SPL1 writes the percentile in the function's name
    * | chart exactperc(delay,99.5) over site
              ^^^^^^^^^^^^^^^^^^^^^
  write perc99.5(delay), p99.5(delay), exactperc99.5(delay) or upperperc99.5(delay)
`},
		{"SPL2 percentile not a number", `* | stats p(bytes, pct)`, `1:11: stats: p(bytes, pct) is SPL2's percentile form; SPL1 writes the percentile in the function's name
    * | stats p(bytes, pct)
              ^^^^^^^^^^^^^
  write perc<N>(bytes), p<N>(bytes), exactperc<N>(bytes) or upperperc<N>(bytes)
`},
		{"outlier action", `* | outlier action=drop`, `1:20: outlier: action takes "remove", "rm", "transform", or "tf"
    * | outlier action=drop
                       ^^^^
`},
		{"extract option typo", `* | extract pairdelmi=","`, `1:13: extract: unknown option "pairdelmi"
    * | extract pairdelmi=","
                ^^^^^^^^^
  expected "auto", "clean_keys", "kvdelim", "limit", "maxchars", "mv_add", "pairdelim", "reload", or "segment"
  did you mean "pairdelim"?
`},
		{"anomalydetection action of another method", `* | anomalydetection method=iqr action=filter`, `1:33: anomalydetection: action=filter does not go with method=iqr
    * | anomalydetection method=iqr action=filter
                                    ^^^^^^^^^^^^^
  use remove or transform with method=iqr
`},
		// The anomalydetection page: pthresh with method=iqr "returns an invalid argument error".
		{"anomalydetection pthresh with iqr", `* | anomalydetection method=iqr pthresh=0.1`, `1:33: anomalydetection: pthresh does not go with method=iqr (only with method=histogram or zscore)
    * | anomalydetection method=iqr pthresh=0.1
                                    ^^^^^^^^^^^
`},
		{"anomalydetection cutoff with zscore", `* | anomalydetection cutoff=f method=zscore`, `1:22: anomalydetection: cutoff does not go with method=zscore (only with method=histogram)
    * | anomalydetection cutoff=f method=zscore
                         ^^^^^^^^
`},
		{"fit from without target", `* | fit LinearRegression from x`, `1:26: fit: FROM needs the field to predict before it
    * | fit LinearRegression from x
                             ^^^^
  for example: fit LinearRegression y from x1 x2
`},
		{"apply without model", `* | apply`, `1:10: apply: unexpected end of command
    * | apply
             ^
  expected a model name
  for example: apply my_model threshold=0.01
`},
		{"multikv empty clause", `* | multikv fields filter x`, `1:13: multikv: fields needs at least one field after it
    * | multikv fields filter x
                ^^^^^^
`},
		{"unclosed comment", "a ``` b | table x", "1:3: unclosed comment: ``` has no closing ```\n    a ``` b | table x\n      ^^^\n"},
		{"unclosed subsearch term", `a [search b | table c`, `1:3: unclosed subsearch: "[" has no matching "]"
    a [search b | table c
      ^
`},
		{"accum extra word", `* | accum x y`, `1:13: accum: unexpected "y"
    * | accum x y
                ^
  expected AS or end of command
`},
		{"delta p zero", `* | delta x AS y p=0`, `1:18: delta: p must be at least 1
    * | delta x AS y p=0
                     ^^^
`},
		{"autoregress as with range", `* | autoregress x AS y p=2-3`, `1:24: autoregress: AS <newfield> takes a single p, not a range
    * | autoregress x AS y p=2-3
                           ^^^^^
  drop AS to get fields named x_p2 ... x_p3
`},
		{"trendline unknown type", `* | trendline sma2(x) avg5(y)`, `1:23: trendline: unexpected "avg5"
    * | trendline sma2(x) avg5(y)
                          ^^^^
  expected sma<period>(<field>), ema<period>(<field>), or wma<period>(<field>)
`},
		{"strcat option typo", `* | strcat allrequire=t a b`, `1:12: strcat: unknown option "allrequire"
    * | strcat allrequire=t a b
               ^^^^^^^^^^
  expected "allrequired"
  did you mean "allrequired"?
`},
		{"rangemap bad range", `* | rangemap field=x low=1-2 high=3`, `1:30: rangemap: high takes a numeric range such as 1-100 or -5--1, not "3"
    * | rangemap field=x low=1-2 high=3
                                 ^^^^^^
`},
		{"addinfo takes no arguments", `* | addinfo all=true`, `1:13: addinfo: unexpected "all"
    * | addinfo all=true
                ^^^
  expected end of command (addinfo takes no arguments)
`},
		{"fieldformat one field only", `* | fieldformat x=1, y=2`, `1:22: fieldformat: takes one <field>=<eval-expression>
    * | fieldformat x=1, y=2
                         ^^^
  use one fieldformat command for each field
`},
		{"tojson unknown datatype", `* | tojson auto(a) text(b)`, `1:20: tojson: unknown datatype function "text"
    * | tojson auto(a) text(b)
                       ^^^^
  use auto, bool, json, none, num or str
`},
		{"gentimes bad end", `| gentimes start=-3 end=4/31/21`, `1:21: gentimes: end takes MM/DD/YYYY[:HH:MM:SS] or a number of days such as -5, not "4/31/21"
    | gentimes start=-3 end=4/31/21
                        ^^^^^^^^^^^
`},
		{"makecontinuous bad span", `* | makecontinuous _time span=1week`, `1:31: makecontinuous: span takes a span such as 10m, 1h, 100 or 2log10
    * | makecontinuous _time span=1week
                                  ^^^^^
`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spl.Parse(tc.in)
			errs := spl.AsErrors(err)
			if len(errs) == 0 {
				t.Fatalf("Parse(%q) succeeded, want an error", tc.in)
			}
			got := spl.Render("", tc.in, errs[0])
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("rendered error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestErrorsPerCommand checks that one bad command does not hide another.
func TestErrorsPerCommand(t *testing.T) {
	_, err := spl.Parse(`* | evl x | rename a b | table c`)
	var got []string
	for _, e := range spl.AsErrors(err) {
		got = append(got, e.Msg)
	}
	want := []string{`unknown command "evl"`, `rename: unexpected "b"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// TestSpans checks that nodes point at their text in the whole search.
func TestSpans(t *testing.T) {
	src := `index=main | eval x=lower(user) | where x="bob"`
	p, err := spl.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	ev := p.Commands[1].(*spl.EvalCommand)
	call := ev.Assignments[0].Expr.(*spl.CallExpr)
	if got := src[call.Start:call.End]; got != "lower(user)" {
		t.Errorf("call span = %q", got)
	}
	wh := p.Commands[2].(*spl.WhereCommand)
	if got := src[wh.Start:wh.End]; got != `where x="bob"` {
		t.Errorf("where span = %q", got)
	}
	lit := wh.Expr.(*spl.BinaryExpr).R
	if got := src[lit.Span().Start:lit.Span().End]; got != `"bob"` {
		t.Errorf("literal span = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range canonicalCases {
		f.Add(tc.in)
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "fuzzseeds", "*.spl"))
	if len(seeds) == 0 {
		f.Fatal("no seeds under testdata/fuzzseeds")
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	// Every corpus search, expanded, when SPELUNK_CORPUS is set.
	for _, s := range corpusSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, err := spl.Parse(src)
		if err != nil {
			for _, e := range spl.AsErrors(err) {
				if e.Pos < 0 || e.Pos > len(src) || e.End < e.Pos {
					t.Fatalf("error span [%d,%d) outside the input (len %d): %v", e.Pos, e.End, len(src), e)
				}
				_ = spl.Render("", src, e)
			}
			return
		}
		if strings.Trim(src, " \t\r\n\f\v") == "" {
			t.Fatalf("empty input parsed")
		}
		roundTrip(t, src)
	})
}

// TestGluedSpans checks that a value or field name glued to parentheses
// spans all of its text, and that a subsearch term spans its brackets.
func TestGluedSpans(t *testing.T) {
	src := `p=*GetCurrent()* NOT [search b] | table values(x), y`
	p, err := spl.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	and := p.Commands[0].(*spl.SearchCommand).Expr.(*spl.SearchAnd)
	cmpTerm := and.Terms[0].(*spl.SearchCompare)
	if got := src[cmpTerm.Start:cmpTerm.End]; got != `p=*GetCurrent()*` {
		t.Errorf("compare span = %q", got)
	}
	sub := and.Terms[1].(*spl.SearchNot).X.(*spl.SearchSubsearch)
	if got := src[sub.Start:sub.End]; got != `[search b]` {
		t.Errorf("subsearch span = %q", got)
	}
	f := p.Commands[1].(*spl.TableCommand).Fields[0]
	if got := src[f.Start:f.End]; got != `values(x)` || f.Name != "values(x)" {
		t.Errorf("field %q spans %q", f.Name, got)
	}
}

func TestIsTimeModifier(t *testing.T) {
	p, err := spl.Parse(`earliest=-7d@d Latest=now starthoursago=168 endtimeu=1700000000 host=a`)
	if err != nil {
		t.Fatal(err)
	}
	var got []bool
	for _, x := range p.Commands[0].(*spl.SearchCommand).Expr.(*spl.SearchAnd).Terms {
		got = append(got, x.(*spl.SearchCompare).IsTimeModifier())
	}
	if diff := cmp.Diff([]bool{true, true, true, true, false}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestStreamingCommandErrors checks the messages of the streaming
// commands' parsers: the command, what was wrong, where.
func TestStreamingCommandErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`* | rex field=x`, `rex: missing regular expression`},
		{`* | rex mode=awk "s/a/b/"`, `rex: mode takes sed, not "awk"`},
		{`* | rex mode=sed max_match=2 "s/a/b/"`, `rex: max_match and offset_field do not apply to mode=sed`},
		{`* | regex NOT "x"`, `regex: NOT is not allowed in regex`},
		{`| makeresults format=csv`, `makeresults: format= and data= go together`},
		{`| makeresults count=many`, `makeresults: count takes a whole number, not "many"`},
		{`* | sort`, `sort: missing sort field`},
		{`* | sort num(a b)`, `sort: num() takes one field name`},
		{`* | dedup 0 a`, `dedup: the count must be at least 1`},
		{`* | dedup keepempty=maybe a`, `dedup: keepempty takes true or false, not "maybe"`},
		{`* | head x`, `head: unexpected "x"`},
		{`* | tail 1 2`, `tail: unexpected "2"`},
		{`* | makemv delim="," tokenizer="(x)" f`, `makemv: use delim= or tokenizer=, not both`},
		{`* | mvexpand`, `mvexpand: missing field`},
		{`* | spath output=x`, `spath: output= needs a path`},
		{`* | foreach a*`, `foreach: missing subsearch`},
		{`* | foreach a* [stats count]`, `foreach: the subsearch may hold only eval commands, not stats`},
		{`* | foreach a* [eval <<FIELD>>=]`, `eval: unexpected end of expression`},
		{`* | foreach a* [eval x=1 | where x=1]`, `foreach: the subsearch may hold only eval commands, not where`},
		{`* | replace a b`, `replace: unexpected "b"`},
		{`* | accum`, `accum: missing field`},
		{`* | accum x AS`, `accum: AS needs a new field name after it`},
		{`* | accum x y`, `accum: unexpected "y"`},
		{`* | delta`, `delta: missing field`},
		{`* | delta x p=0`, `delta: p must be at least 1`},
		{`* | delta x p=two`, `delta: p takes a whole number, not "two"`},
		{`* | delta x q=1`, `delta: unknown option "q"`},
		{`* | autoregress`, `autoregress: missing field`},
		{`* | autoregress x p=0`, `autoregress: p must be at least 1`},
		{`* | autoregress x p=4-2`, `autoregress: p range must go from the lower number to the higher`},
		{`* | autoregress x p=a-b`, `autoregress: p takes a whole number or a range such as 2-4, not "a-b"`},
		{`* | autoregress x AS y p=2-3`, `autoregress: AS <newfield> takes a single p, not a range`},
		{`* | trendline`, `trendline: missing trend`},
		{`* | trendline sma1(x)`, `trendline: the period of sma must be from 2 to 10000, not 1`},
		{`* | trendline ema10001(x)`, `trendline: the period of ema must be from 2 to 10000, not 10001`},
		{`* | trendline avg5(x)`, `trendline: unexpected "avg5"`},
		{`* | trendline sma5 x`, `trendline: unexpected "x"`},
		{`* | trendline sma5(x y)`, `trendline: unexpected "y"`},
		{`* | strcat`, `strcat: needs at least one source field or quoted string and the destination field`},
		{`* | strcat x`, `strcat: needs at least one source field or quoted string and the destination field`},
		{`* | strcat allrequired=maybe a b`, `strcat: allrequired takes a Boolean (true or false)`},
		{`* | strcat a, b c`, `strcat: unexpected ","`},
		{`* | rangemap low=1-2`, `rangemap: missing field=`},
		{`* | rangemap field=x low=10-2`, `rangemap: the range of low must start with the lower number`},
		{`* | rangemap field=x low=a-b`, `rangemap: low takes a numeric range such as 1-100 or -5--1, not "a-b"`},
		{`* | rangemap field=x low`, `rangemap: unexpected "low"`},
		{`* | addinfo x`, `addinfo: unexpected "x"`},
		{`* | fieldformat`, `fieldformat: missing assignment`},
		{`* | fieldformat x=1, y=2`, `fieldformat: takes one <field>=<eval-expression>`},
		{`* | fieldformat {f}=1`, `fieldformat: the field must be named in full, without wildcards or {field} pieces`},
		{`* | tojson default_type=text`, `tojson: default_type takes "auto", "bool", "json", "none", "num", or "str"`},
		{`* | tojson fill_null=maybe`, `tojson: fill_null takes a Boolean (true or false)`},
		{`* | tojson number(x)`, `tojson: unknown datatype function "number"`},
		{`* | tojson str(x y)`, `tojson: unexpected "y"`},
		{`* | tojson output=x`, `tojson: unknown option "output"`},
		{`| gentimes`, `gentimes: missing start=`},
		{`| gentimes end=-1`, `gentimes: missing start=`},
		{`| gentimes start=2021-04-04`, `gentimes: start takes MM/DD/YYYY[:HH:MM:SS] or a number of days such as -5, not "2021-04-04"`},
		{`| gentimes start=13/1/2021`, `gentimes: start takes MM/DD/YYYY[:HH:MM:SS] or a number of days such as -5, not "13/1/2021"`},
		{`| gentimes start=4/31/2021`, `gentimes: start takes MM/DD/YYYY[:HH:MM:SS] or a number of days such as -5, not "4/31/2021"`},
		{`| gentimes start=2/28/2021:24:00:00`, `gentimes: start takes MM/DD/YYYY[:HH:MM:SS] or a number of days such as -5, not "2/28/2021:24:00:00"`},
		{`| gentimes start=-1 increment=1w`, `gentimes: increment takes a whole number and s, m, h or d, such as 6h, not "1w"`},
		{`| gentimes start=-1 increment=0d`, `gentimes: increment takes a whole number and s, m, h or d, such as 6h, not "0d"`},
		{`| gentimes start=-1 step=1d`, `gentimes: unknown option "step"`},
		{`* | gentimes start=-1`, `gentimes is a generating command and must be the first command of a search`},
		{`* | makecontinuous _time span=10x`, `makecontinuous: span takes a span such as 10m, 1h, 100 or 2log10`},
		{`* | makecontinuous _time bins=0`, `makecontinuous: bins takes a whole number above 0`},
		{`* | makecontinuous x start=a`, `makecontinuous: start takes a number`},
		{`* | makecontinuous x start=10 end=5`, `makecontinuous: start=10 is after end=5`},
		{`* | makecontinuous a b`, `makecontinuous: unexpected "b"`},
		{`* | makecontinuous x minspan=1h`, `makecontinuous: unknown option "minspan"`},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			_, err := spl.Parse(tc.in)
			errs := spl.AsErrors(err)
			if len(errs) == 0 {
				t.Fatalf("Parse(%q) succeeded", tc.in)
			}
			if errs[0].Msg != tc.want {
				t.Errorf("error %q, want %q", errs[0].Msg, tc.want)
			}
			if errs[0].Pos < 0 || errs[0].End > len(tc.in) {
				t.Errorf("error span [%d,%d) outside the input", errs[0].Pos, errs[0].End)
			}
		})
	}
}

// TestForeachBodyErrorPosition checks that an error inside a foreach body
// points at the text as written, templates and all.
func TestForeachBodyErrorPosition(t *testing.T) {
	in := `* | foreach a* [eval <<FIELD>>=<<FIELD>> + ]`
	_, err := spl.Parse(in)
	errs := spl.AsErrors(err)
	if len(errs) == 0 {
		t.Fatal("no error")
	}
	if got := in[errs[0].Pos:]; got != "]" {
		t.Errorf("error at %q, want at the closing bracket", got)
	}
}
