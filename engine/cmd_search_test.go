package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

// searchRows are the events of TestSearchSemantics; id names each.
var searchRows = []value.Fields{
	row("id", "1", "_raw", "user bob logged in from 10.1.2.3", "user", "bob", "src", "10.1.2.3", "count", "5", "tag", []string{"process", "report"}),
	row("id", "2", "_raw", "user ALICE failed: errors=3", "user", "ALICE", "src", "192.168.0.7", "count", "40"),
	row("id", "3", "_raw", "service restarted", "count", "100", "status", "OR"),
	row("id", "4", "_raw", "user Bobby logged out", "user", "Bobby", "src", "fe80::1"),
}

func TestSearchSemantics(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string // ids kept
		doc     string   // the SEMANTICS.md point it checks
	}{
		{"values match case-insensitively", `user=BOB`, []string{"1"}, "§2 field=value case-insensitive"},
		{"whole value, not substring", `user=bo`, nil, "§2 whole-value match"},
		{"wildcards", `user=bob*`, []string{"1", "4"}, "§2 wildcards"},
		{"inner wildcard", `user=a*e`, []string{"2"}, "§2 wildcards"},
		{"!= needs the field", `user!=bob`, []string{"2", "4"}, "§2 != excludes missing fields"},
		{"NOT keeps missing fields", `NOT user=bob`, []string{"2", "3", "4"}, "§2 NOT f=v keeps missing"},
		{"NOT f=* finds missing", `NOT user=*`, []string{"3"}, "§2 NOT field=*"},
		{"!=* finds nothing", `user!=*`, nil, "§2 field!=*"},
		{"OR before AND", `user=bob OR user=alice count=40`, []string{"2"}, "§2 a b OR c ≡ a AND (b OR c)"},
		{"IN with wildcards", `user IN (alice, bobb*)`, []string{"2", "4"}, "§2 IN"},
		{"NOT IN", `NOT user IN (alice, bob)`, []string{"3", "4"}, "§2 NOT field IN"},
		{"numeric comparison", `count>10`, []string{"2", "3"}, "§2 < > numeric for numbers"},
		{"numeric <=", `count<=40`, []string{"1", "2"}, "§2 comparisons"},
		{"CIDR values", `src=10.0.0.0/8`, []string{"1"}, "§2 CIDR"},
		{"IPv6 CIDR", `src="fe80::/10"`, []string{"4"}, "§2 CIDR IPv6"},
		{"quoted keyword value", `status="OR"`, []string{"3"}, "§2 keywords as values must be quoted"},
		{"bare term on _raw", `logged`, []string{"1", "4"}, "§2 bare terms match _raw"},
		{"bare term is a whole term", `error`, nil, "terms are whole segments: errors does not match error"},
		{"bare term with wildcard", `error*`, []string{"2"}, "wildcard terms"},
		{"bare terms ANDed", `user logged bob`, []string{"1"}, "§2 implicit AND"},
		{"bare phrase", `"logged in"`, []string{"1"}, "quoted phrase"},
		{"case-sensitive CASE()", `user=CASE(ALICE)`, []string{"2"}, "§2 CASE()"},
		{"CASE() rejects other case", `user=CASE(alice)`, nil, "§2 CASE()"},
		{"multivalue matches any value", `tag=report`, []string{"1"}, "§2 multivalue any [UNCONFIRMED, chosen]"},
		{"star keeps all", `*`, []string{"1", "2", "3", "4"}, "search *"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{events: searchRows}, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res.Rows {
				got = append(got, r.Get("id").String())
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s (%s): kept ids (-want +got):\n%s", tc.q, tc.doc, diff)
			}
		})
	}
}

// TestSearchOnResults checks search after a transforming command, where
// rows have no _raw.
func TestSearchOnResults(t *testing.T) {
	src := &memSource{datasets: map[string]*memDataset{"M.D": {name: "M.D", object: "D", rows: []value.Fields{
		row("_time", 1.0, "a", "x"), row("_time", 2.0, "a", "y"),
	}}}}
	res, err := runQuery(t, src, `| tstats count from datamodel=M.D by D.a | search D.a=X`)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"D.a=x count=1"}, table(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSearchTERM(t *testing.T) {
	rows := []value.Fields{
		row("id", "1", "_raw", "from 10.0.0.1 to"),
		row("id", "2", "_raw", "ip=10.0.0.1"),
		row("id", "3", "_raw", "x 10.0.0.15 y"),
	}
	cases := []struct {
		q    string
		want []string
	}{
		{`TERM(10.0.0.1)`, []string{"1"}},
		{`10.0.0.1`, []string{"1", "2"}},
		{`TERM("ip=10.0.0.1")`, []string{"2"}},
	}
	for _, tc := range cases {
		res, err := runQuery(t, &memSource{events: rows}, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res.Rows {
			got = append(got, r.Get("id").String())
		}
		if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: kept (-want +got):\n%s", tc.q, diff)
		}
	}
}

// TestTimeModifiers checks the time modifiers of the Search Reference's
// "Time modifiers" page against a fixed now (1700000000 = 2023-11-14
// 22:13:20 UTC): start<unit>sago/end<unit>sago count back from now.
func TestTimeModifiers(t *testing.T) {
	const now = 1700000000.0
	rows := []value.Fields{
		row("id", "old", "_time", now-10*86400),
		row("id", "week", "_time", now-3*86400),
		row("id", "hour", "_time", now-1800),
		row("id", "future", "_time", now+60),
	}
	cases := []struct {
		q    string
		want []string
	}{
		{`starthoursago=168 endhoursago=1`, []string{"week"}},
		{`startdaysago=5`, []string{"week", "hour", "future"}},
		{`hoursago=1`, []string{"hour"}},
		{`earliest=-7d latest=now`, []string{"week", "hour"}},
		{`starttimeu=1699900000 endtimeu=1700000000`, []string{"hour"}},
		{`starttime=11/14/2023:00:00:00`, []string{"hour", "future"}},
	}
	for _, tc := range cases {
		res, err := runQuery(t, &memSource{events: rows}, tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		var got []string
		for _, r := range res.Rows {
			got = append(got, r.Get("id").String())
		}
		if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.q, diff)
		}
	}
}
