package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestStreamingCommandOptions covers options the golden cases leave out.
// Expectations come from each command's Search Reference page.
func TestStreamingCommandOptions(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"rex offset_field",
			`| makeresults | eval _raw="id=42 user=bob" | rex "user=(?<user>\w+)" offset_field=off | table user off`,
			[]string{"user=bob off=user=11-13"}},
		{"head null=true keeps going on null",
			`| makeresults format=json data="[{\"n\":\"1\"},{\"m\":\"x\"},{\"n\":\"9\"}]" | head (n < 5) null=true | table n m`,
			[]string{"n=1 m=", "n= m=x"}},
		{"foreach matchseg and fieldstr",
			`| makeresults | eval a_x_1=1, a_y_2=2 | foreach a_*_* fieldstr=#F# [eval out_<<MATCHSEG2>>_<<MATCHSEG1>>=#F#*10] | table out_*`,
			[]string{"out_1_x=10 out_2_y=20"}},
		{"foreach skips internal fields",
			`| makeresults | eval a=1 | foreach * [eval <<FIELD>>=<<FIELD>>+1] | table _time a`,
			[]string{"_time=1700000000 a=2"}},
		{"foreach json_array",
			`| makeresults | eval j="[1, 2, 3]", s=0 | foreach mode=json_array j [eval s=s+<<ITEM>>] | table s`,
			[]string{"s=6"}},
		{"spath with no match leaves the output alone",
			`| makeresults | eval _raw="{\"a\": 1}", b="keep" | spath output=b path=nosuch | table b`,
			[]string{"b=keep"}},
		{"spath on text that is not JSON extracts nothing",
			`| makeresults | eval _raw="not json" | spath | fields - _time | table *`,
			[]string{"_raw=not json"}},
		{"makemv allowempty and setsv",
			`| makeresults | eval a="x,,y", b="x,,y" | makemv delim="," allowempty=true a | makemv delim="," setsv=true b | eval n=mvcount(a), m=mvcount(b) | table n b`,
			[]string{"n=3 b=x,y"}},
		{"replace without IN changes every field",
			`| makeresults | eval a="old", b="old", c="keep" | replace old WITH new | table a b c`,
			[]string{"a=new b=new c=keep"}},
		{"replace is case-sensitive",
			`| makeresults | eval a="OLD" | replace old WITH new | table a`,
			[]string{"a=OLD"}},
		{"fillnull with a wildcard creates nothing",
			`| makeresults | eval a=1 | fillnull value=x b* | fields - _time | table *`,
			[]string{"a=1"}},
		{"mvcombine passes results without the field",
			`| makeresults format=json data="[{\"h\":\"a\",\"x\":\"1\"},{\"x\":\"1\"},{\"h\":\"b\",\"x\":\"1\"}]" | mvcombine h | table x h`,
			[]string{"x=1 h=a|b", "x=1 h="}},
		{"xmlkv maxinputs",
			`| makeresults count=2 | eval _raw="<a>1</a>" | xmlkv maxinputs=1 | table a`,
			[]string{"a=1", "a="}},
		{"dedup keepevents removes the fields from duplicates",
			`| makeresults format=json data="[{\"h\":\"a\",\"n\":\"1\"},{\"h\":\"a\",\"n\":\"2\"}]" | dedup h keepevents=true | table h n`,
			[]string{"h=a n=1", "h= n=2"}},
		{"dedup compares all values of a multivalue field",
			`| makeresults count=3 | eval x=split("a,b", ",") | eval x=if(_time > 0 AND isnull(y), x, x) | dedup x | eval n=mvcount(x) | table n`,
			[]string{"n=2"}},
		{"sort num and ip collations",
			`| makeresults format=json data="[{\"ip\":\"10.0.0.10\"},{\"ip\":\"10.0.0.9\"},{\"ip\":\"x\"}]" | sort ip(ip) | table ip`,
			[]string{"ip=10.0.0.9", "ip=10.0.0.10", "ip=x"}},
		{"sort by several fields",
			`| makeresults format=json data="[{\"a\":\"1\",\"b\":\"2\"},{\"a\":\"1\",\"b\":\"10\"},{\"a\":\"0\",\"b\":\"5\"}]" | sort a, -b | table a b`,
			[]string{"a=0 b=5", "a=1 b=10", "a=1 b=2"}},
		{"nomv joins with newlines",
			`| makeresults | eval m=split("a,b", ",") | nomv m | eval n=mvcount(m), l=len(m) | table n l`,
			[]string{"n=1 l=3"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{}, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestSortDefaultLimit checks sort's documented default: without a count
// it keeps 10000 results; sort 0 keeps them all.
func TestSortDefaultLimit(t *testing.T) {
	for q, want := range map[string]int{
		`| makeresults count=10005 | sort _time`:   10000,
		`| makeresults count=10005 | sort 0 _time`: 10005,
		`| makeresults count=10005 | sort 7 _time`: 7,
	} {
		res, err := runQuery(t, &memSource{}, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) != want {
			t.Errorf("%s: %d rows, want %d", q, len(res.Rows), want)
		}
	}
}

func TestStreamingCommandErrors(t *testing.T) {
	cases := []struct{ q, want string }{
		{`| makeresults | rex "\d+"`, `rex: the regular expression has no named group (?<name>...), so it would extract nothing`},
		{`| makeresults | rex "(?<a>"`, `rex: invalid regular expression "(?<a>"`},
		{`| makeresults | rex mode=sed "q/a/b/"`, `rex: mode=sed takes s/<regex>/<replacement>/<flags> or y/<from>/<to>/, not "q/a/b/"`},
		{`| makeresults | where 1`, `type check failed: where takes a Boolean expression, but got a number`},
		{`| makeresults | eval x=abs("a")`, `type check failed: abs() takes numbers, but got a string`},
		{`| makeresults | eval x=if("yes", 1, 0)`, `type check failed: if() condition takes a Boolean, but got a string`},
		{`| makeresults | eval x=mvfilter(a > b)`, `mvfilter: the predicate must reference exactly one field, but it references 2`},
	}
	for _, tc := range cases {
		_, err := runQuery(t, &memSource{}, tc.q)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to start with %q", tc.q, err, tc.want)
		}
	}
}

// TestMultivalueComparison checks eval comparisons on multivalue fields:
// true when any value matches, as search does [our choice].
func TestMultivalueComparison(t *testing.T) {
	r := row("_raw", "x", "mv", []string{"a", "b"})
	for expr, want := range map[string]string{
		`if(mv="b", 1, 0)`:  "1",
		`if(mv!="a", 1, 0)`: "0",
		`if(mv>"a", 1, 0)`:  "1",
	} {
		got, err := evalOne(t, r, expr)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s = %s, want %s", expr, got, want)
		}
	}
}

// TestSortAutoCollation checks sort's automatic collation per pair:
// numbers numerically, addresses as addresses, values starting with a
// number by that number, the rest by bytes (Search Reference, sort).
func TestSortAutoCollation(t *testing.T) {
	res, err := runQuery(t, &memSource{}, `| makeresults format=json data="[{\"v\":\"10abc\"},{\"v\":\"9xyz\"},{\"v\":\"b\"},{\"v\":\"B\"},{\"v\":\"10.0.0.2\"},{\"v\":\"10.0.0.10\"}]" | sort v | table v`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"v=9xyz", "v=10.0.0.2", "v=10.0.0.10", "v=10abc", "v=B", "v=b"}
	if diff := cmp.Diff(want, table(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
