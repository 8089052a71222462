package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
)

// What a leading search requires of every event it keeps, as text: only
// terms the whole search needs (an AND, however nested), and only their
// literal parts; a bare term's are text of _raw.
func TestSearchMust(t *testing.T) {
	cases := []struct {
		search string
		want   []Contains
	}{
		{`*whoami*`, []Contains{{"_raw", []string{"whoami"}}}},
		{`who*ami`, []Contains{{"_raw", []string{"who", "ami"}}}},
		{`WhoAmI`, []Contains{{"_raw", []string{"whoami"}}}},
		{`"net user"`, []Contains{{"_raw", []string{"net user"}}}},
		{`TERM(10.0.0.1)`, []Contains{{"_raw", []string{"10.0.0.1"}}}},
		{`CASE(WhoAmI)`, []Contains{{"_raw", []string{"whoami"}}}},
		{`CommandLine="*whoami*"`, []Contains{{"CommandLine", []string{"whoami"}}}},
		{`process_name=whoami.exe EventCode=1`, []Contains{{"process_name", []string{"whoami.exe"}}, {"EventCode", []string{"1"}}}},
		{`a=x (b=y AND (c=*z* d)) NOT e=f`, []Contains{{"a", []string{"x"}}, {"b", []string{"y"}}, {"c", []string{"z"}}, {"_raw", []string{"d"}}}},
		{`a=CASE(Foo)`, []Contains{{"a", []string{"foo"}}}},
		{`earliest=-24h a=x`, []Contains{{"a", []string{"x"}}}},
		// Nothing from what may hold without the text.
		{`*`, nil},
		{`a=*`, nil},
		{`x OR y`, nil},
		{`a=x OR b=x`, nil},
		{`NOT x`, nil},
		{`NOT a=x`, nil},
		{`a!=x`, nil},
		{`a>5`, nil},
		{`a<=x`, nil},
		{`a IN (x, y)`, nil},
		{`earliest=-24h latest=now`, nil},
		{`a=10.0.0.0/8`, nil},
		{`a*=x`, nil},
		{`café`, nil},
		{`a="tab	here"`, nil},
	}
	for _, c := range cases {
		x, err := spl.ParseSearch(c.search)
		if err != nil {
			t.Fatalf("%s: %v", c.search, err)
		}
		if diff := cmp.Diff(c.want, searchMust(x)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.search, diff)
		}
	}
	if got := searchMust(nil); got != nil {
		t.Errorf("no search: %v", got)
	}
}

// Order matters to everything after a search but a stats of counts and
// value sets.
func TestOrderFree(t *testing.T) {
	cases := []struct {
		rest string
		want bool
	}{
		{`| stats count by Computer`, true},
		{`| stats count dc(user) values(host) as h c(x) by a b`, true},
		{`| stats count(eval(x="y")) as n`, true},
		{`| stats sum(x)`, false},
		{`| stats avg(x) by a`, false},
		{`| stats min(x)`, true}, // numbers are kept as numbers, text compared strictly
		{`| stats first(x)`, false},
		{`| stats latest(x) by a`, false},
		{`| stats list(x)`, false},
		{`| stats count | head 1`, true},
		{`| stats count min(_time) as firstTime max(_time) as lastTime by dest`, true},
		{`| stats max(eval(_time))`, true},
		{`| eval a=lower(b) | where a="x" | rename a as c | fields c | stats count by c`, true},
		{`| lookup t k OUTPUT v | rex field=_raw "(?<n>\\d+)" | fillnull | stats dc(n) by v`, true},
		{`| eval a=1 | stats first(a)`, false},
		{`| eval a=1`, false},
		{`| where a=1 | head 3 | stats count`, false},
		{`| streamstats count | stats count`, false},
		{`| dedup a | stats count`, false},
		{`| head 5`, false},
		{`| dedup a`, false},
		{`| table a b`, false},
		{`| streamstats count`, false},
		{`| eventstats count`, false},
		{`| transaction a`, false},
		{`| timechart count`, false},
		{``, false},
	}
	for _, c := range cases {
		p, err := spl.Parse("search x " + c.rest)
		if err != nil {
			t.Fatalf("%s: %v", c.rest, err)
		}
		if got := eventsOrderFree(p.Commands[1:]); got != c.want {
			t.Errorf("%s: orderFree %v, want %v", c.rest, got, c.want)
		}
	}
}

// The fields a leading search and the command after it read of the
// events: known only when that command keeps just the fields it names.
func TestScanFields(t *testing.T) {
	cases := []struct {
		search string
		want   []string
	}{
		{`search EventCode=1 | stats count by Computer`, []string{"EventCode", "_time", "Computer"}},
		{`search *whoami* earliest=-1d | stats dc(user) count(eval(x="y" AND z>1)) by host`, []string{"_raw", "_time", "user", "x", "z", "host"}},
		{`search a IN (1, 2) NOT b=3 | table _time c`, []string{"a", "b", "_time", "c"}},
		{`search a=1 | head 5 | head 2 | table c`, []string{"a", "c"}},
		{`search a=1 | head (b=1) | table c`, nil},
		{`search a=1 | head 5`, nil},
		{`search a=1 | table c*`, nil},
		{`search a*=1 | stats count`, nil},
		{`search a=1 | stats values(*) as v`, nil},
		{`search a=1 | stats count(eval(searchmatch("b=1")))`, nil},
		{`search a=1 | eval b=c | stats count by b`, []string{"a", "c", "_time", "b"}},
		{`search a=1 | eval b=c, d=lower(e) | where f>1 | search g=2 *x* | rename h as i | fields i j | stats count by i`,
			[]string{"a", "c", "e", "f", "g", "_raw", "h", "i", "j", "_time"}},
		{`search a=1 | eval {b}=c | stats count`, nil},
		{`search a=1 | eval b=searchmatch("c=1") | stats count by b`, nil},
		{`search a=1 | where searchmatch("c=1") | stats count`, nil},
		{`search a=1 | search b*=1 | stats count`, nil},
		{`search a=1 | rename b* as c* | stats count by c1`, nil},
		{`search a=1 | fields - b* | table c`, nil},
		{`search a=1 | fields b`, nil},
		{`search a=1 | eval b=c`, nil},
		{`search a=1 | rex "(?<b>x)" | stats count by b`, nil},
		{`search a=1 | lookup t k | stats count by v`, nil},
		{`search a=1 | fillnull | stats count by b`, nil},
		{`search a=1`, nil},
	}
	for _, c := range cases {
		p, err := spl.Parse(c.search)
		if err != nil {
			t.Fatalf("%s: %v", c.search, err)
		}
		s := p.Commands[0].(*spl.SearchCommand)
		got := scanFields(s.Expr, p.Commands[1:])
		if diff := cmp.Diff(c.want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.search, diff)
		}
	}
}

// Only head N tells how many events the rest reads.
func TestHeadLimit(t *testing.T) {
	cases := []struct {
		rest string
		want int
	}{
		{`| head`, 10},
		{`| head 5`, 5},
		{`| head limit=7`, 7},
		{`| head 5 | sort a`, 5},
		{`| head (a=1)`, 0},
		{`| head (a=1) limit=5`, 0},
		{`| sort a | head 5`, 0},
		{`| tail 5`, 0},
		{``, 0},
	}
	for _, c := range cases {
		p, err := spl.Parse("search x " + c.rest)
		if err != nil {
			t.Fatalf("%s: %v", c.rest, err)
		}
		if got := headLimit(p.Commands[1:]); got != c.want {
			t.Errorf("%s: headLimit %d, want %d", c.rest, got, c.want)
		}
	}
}
