package engine

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

func TestAddtotalsAndDatasets(t *testing.T) {
	totals := &memSource{events: []value.Fields{
		row("_time", 5, "a", "1", "b", "2", "c", "x"),
		row("_time", 6, "a", "3", "b", []string{"1", "1"}),
	}}
	web := procSource()
	web.datasets["Endpoint.Processes"].rows[0] = append(web.datasets["Endpoint.Processes"].rows[0], value.Field{Name: "_raw", Value: value.Str("raw1")})
	cases := []struct {
		name string
		src  *memSource
		q    string
		want []string
	}{
		{"addtotals sums every numeric field but internal ones", totals, `* | addtotals`,
			[]string{"_time=5 a=1 b=2 c=x Total=3", "_time=6 a=3 b=1|1 Total=5"}},
		{"addtotals fieldname and field list", totals, `* | addtotals fieldname=Score, a, c`,
			[]string{"_time=5 a=1 b=2 c=x Score=1", "_time=6 a=3 b=1|1 Score=3"}},
		{"addtotals col", totals, `* | addtotals row=f col=t labelfield=c label=All a b`,
			[]string{"_time=5 a=1 b=2 c=x", "_time=6 a=3 b=1|1", "c=All a=4 b=4"}},
		{"from datamodel prefixes the dataset fields", web, `| from datamodel:Endpoint.Processes | where _time=100.5 | table _raw dest Processes.dest Processes.user`,
			[]string{"_raw=raw1 dest=b Processes.dest=b Processes.user=u1"}},
		{"datamodel flat", web, `| datamodel Endpoint Processes flat | where _time=100.5 | table dest user`,
			[]string{"dest=b user=u1"}},
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
	for _, q := range []struct{ q, want string }{
		{`| mstats chart=t avg(cpu) where index=metrics by host`, `mstats chart=true is not supported yet`},
		{`| datamodel Endpoint`, "datamodel: describing a data model (JSON output) is not supported"},
		{`| from savedsearch:x`, "from savedsearch: datasets of type savedsearch are not supported yet"},
	} {
		if _, err := runQuery(t, web, q.q); err == nil || !strings.Contains(err.Error(), q.want) {
			t.Errorf("%s: %v, want %q", q.q, err, q.want)
		}
	}
}

type fakeGeo struct{}

func (fakeGeo) Locate(ip netip.Addr, all bool, lang string) ([]value.Field, bool) {
	if ip.String() != "81.2.69.160" {
		return nil, false
	}
	out := []value.Field{{Name: "City", Value: value.Str("London")}, {Name: "Country", Value: value.Str("United Kingdom")}}
	if all {
		out = append(out, value.Field{Name: "Continent", Value: value.Str("Europe")})
	}
	return out, true
}

func TestIplocation(t *testing.T) {
	src := &memSource{events: []value.Fields{
		row("src", "81.2.69.160"), row("src", "10.0.0.1"), row("src", "8.8.8.8"), row("src", "not-an-ip"), row("x", "1"),
	}}
	run := func(q string, geo GeoIP) ([]string, []string) {
		p, err := spl.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		var notices []string
		res, err := Run(context.Background(), p, src, Options{TZ: time.UTC, GeoIP: geo, Notice: func(s string) { notices = append(notices, s) }})
		if err != nil {
			t.Fatal(err)
		}
		return table(res), notices
	}
	got, _ := run(`* | iplocation prefix=geo_ allfields=t src | table src geo_*`, fakeGeo{})
	want := []string{"src=81.2.69.160 geo_City=London geo_Country=United Kingdom geo_Continent=Europe", "src=10.0.0.1", "src=8.8.8.8", "src=not-an-ip", "src="}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got, notices := run(`* | iplocation src | table src City`, nil)
	if diff := cmp.Diff([]string{"src=81.2.69.160 City=", "src=10.0.0.1 City=", "src=8.8.8.8 City=", "src=not-an-ip City=", "src= City="}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "no GeoIP database") {
		t.Errorf("notices = %q", notices)
	}
}
