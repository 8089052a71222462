package spl_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/spl"
)

// syntaxCases are forms real searches write that Splunk accepts: each
// parses to the canonical form worked out from the Search Reference's
// syntax for the command, and round-trips.
var syntaxCases = []struct {
	name, in, want string
}{
	{"commas between search terms", `* | search a=1, b=2`, `* | search a=1 b=2`},
	{"commas in the implied search", `index=main, sourcetype=x, (a OR b)`, `index=main sourcetype=x (a OR b)`},
	{"commas in tstats where", `| tstats count from datamodel=X where X.a=1, X.b=2 by X.c`, `| tstats count from datamodel=X where X.a=1 X.b=2 by X.c`},
	{"rename a stats output", `* | rename count(x) as n, dc(user) AS users`, `* | rename "count(x)" AS n, "dc(user)" AS users`},
	{"rename an eval aggregate", `* | rename count(eval(x>0)) as pos`, `* | rename "count(eval(x>0))" AS pos`},
	{"rename to a called name", `* | rename n as "values(x)"`, `* | rename n AS "values(x)"`},
	{"table a quoted called name", `* | table "values(x)", n`, `* | table "values(x)" n`},
	{"fields a called name", `* | fields count(x)`, `* | fields "count(x)"`},
	{"rex unquoted regex", `* | rex field=x .*instance/(?<instance>.*)`, `* | rex field=x ".*instance/(?<instance>.*)"`},
	{"rex unquoted regex with spaces", `* | rex field=x user (?<u>\w+) logged`, `* | rex field=x "user (?<u>\w+) logged"`},
	{"rex pcre named group", `* | rex "(?P<n>\d+)"`, `* | rex "(?P<n>\d+)"`},
	{"rex lone word then options", `* | rex field=x (?<n>\d+) max_match=2`, `* | rex field=x max_match=2 "(?<n>\d+)"`},
	{"count with empty parentheses", `* | stats count() AS n by a`, `* | stats count AS n by a`},
	{"tstats count()", `| tstats count() from datamodel=X by X.a`, `| tstats count from datamodel=X by X.a`},
	{"sparkline of a call", `* | stats sparkline(count(user)) by a`, `* | stats sparkline(count(user)) by a`},
	{"sparkline with a span", `* | stats sparkline(count,5m) AS trend, count by a`, `* | stats sparkline(count, 5m) AS trend count by a`},
	{"sparkline in chart", `* | chart sparkline(avg(x), 1h) by a`, `* | chart sparkline(avg(x), 1h) over a`},
	{"tstats from a namespace", `| tstats count FROM mytsidx where host=a by source`, `| tstats count from mytsidx where host=a by source`},
	{"tstats groupby", `| tstats count from datamodel=X where X.a=1 groupby X.b, X.c span=1h`, `| tstats count from datamodel=X where X.a=1 by X.b X.c span=1h`},
	{"tstats prefix in by", `| tstats count where index=_internal by PREFIX(action=) host`, `| tstats count where index=_internal by PREFIX(action=) host`},
	{"tstats prefix in where", `| tstats count where index=_internal prefix(group=)=per_index_thruput by host`, `| tstats count where index=_internal PREFIX(group=)=per_index_thruput by host`},
	{"tstats append after a command", `| makeresults | tstats append=t prestats=t count from datamodel=X`, `| makeresults | tstats append=t prestats=t count from datamodel=X`},
	{"eval subsearch operand", `* | eval total=[search index=a | stats count | return $count], y=1`, `* | eval total=[search index=a | stats count | return $count], y=1`},
	{"where subsearch in arithmetic", `* | where n < 2*[| makeresults | return $x]`, `* | where n < 2 * [| makeresults | return $x]`},
	{"subsearch in a string stays text", `* | eval s="[x]"`, `* | eval s="[x]"`},
	{"timechart where in top", `* | timechart span=1h count by host where count in top5`, `* | timechart span=1h count by host where count in top5`},
	{"timechart where threshold", `* | timechart avg(d) by host WHERE max(d) > 10.0`, `* | timechart avg(d) by host where max(d) > 10`},
	{"chart where notin bottom", `* | chart count over a by b where count NOTIN Bottom3`, `* | chart count over a by b where count notin bottom3`},
	{"convert auto", `* | convert auto(x), auto(y) AS z`, `* | convert auto(x) auto(y) AS z`},
	{"join with aliases", `* | join left=L right=R where L.a = R.b [search x]`, `* | join left=L right=R where L.a=R.b [search x]`},
	{"join aliases reversed pair", `* | join type=left left=L right=R where R.b=L.a L.c=R.d [search x]`, `* | join type=left left=L right=R where L.a=R.b L.c=R.d [search x]`},
	{"chart eval of aggregations", `* | chart eval(avg(x)/max(y)) by a`, `* | chart eval(avg(x) / max(y)) over a`},
	{"timechart eval with as", `* | timechart span=1h eval(round(avg(x), 2)) AS r, count`, `* | timechart span=1h eval(round(avg(x), 2)) AS r count`},
	{"commas between options", `* | dedup a, b keepempty=t, consecutive=f`, `* | dedup a, b keepempty=true`},
	{"comma after an option before a field", `* | bin span=1h, _time`, `* | bin span=1h _time`},
}

func TestSyntaxForms(t *testing.T) {
	checkCanonical(t, syntaxCases)
}

// syntaxErrorCases are near misses of the forms above that stay errors,
// with the message each gives.
var syntaxErrorCases = []struct {
	name, in, want string
}{
	{"comma touching the next term", `* | search a=1,2`, `search: unexpected ","`},
	{"trailing comma", `* | search a=1, `, `search: "," needs a term after it`},
	{"leading comma", `* | search , a=1`, `search: unexpected ","`},
	{"empty parentheses need count", `* | stats dc() by a`, `stats: unexpected ")"`},
	{"sparkline takes no AS inside", `* | stats sparkline(count AS n) by a`, `stats: sparkline takes one statistical function, without AS`},
	{"sparkline span needs a time unit", `* | stats sparkline(count, 5x) by a`, `stats: sparkline span "5x": unknown time unit "x" (use s, m, h, d, w or mon)`},
	{"tstats needs append to follow a command", `| makeresults | tstats count from datamodel=X`, `tstats is a generating command and must be the first command of a search`},
	{"prefix needs a value in where", `| tstats count where PREFIX(a=) by host`, `tstats: unexpected "by"`},
	{"subsearch glued to a name", `* | eval x=a[| makeresults]`, `eval: a subsearch in an expression must stand alone as an operand`},
	{"timechart where needs by", `* | timechart count where count in top5`, `timechart: WHERE chooses the series of the BY field; it comes once, after BY`},
	{"timechart where rank", `* | timechart count by host where count in first5`, `timechart: unexpected "first5"`},
	{"join where without aliases", `* | join where L.a=R.b [search x]`, `join: where needs left=<alias> and right=<alias> before it, and no field list`},
	{"join aliases without where", `* | join left=L right=R [search x]`, `join: left= and right= name the datasets of a where clause; add where L.<field>=R.<field>`},
	{"join where pair of one side", `* | join left=L right=R where L.a=L.b [search x]`, `join: where pairs a field of each side: L.<field>=R.<field>`},
	{"stats has no eval of aggregations", `* | stats eval(avg(x)) AS r`, `stats: unexpected "("`},
	{"trailing comma after an option", `* | dedup a keepempty=t,`, `dedup: unexpected end of command`},
	{"misspelt rex option", `* | rex feild=x "(?<a>.)"`, `rex: unexpected "feild"`},
}

func TestSyntaxFormErrors(t *testing.T) {
	for _, tc := range syntaxErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spl.Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want %q", tc.in, tc.want)
			}
			list := spl.AsErrors(err)
			if len(list) == 0 {
				t.Fatalf("Parse(%q): %v is not an ErrorList", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, list[0].Msg); diff != "" {
				t.Errorf("message mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
