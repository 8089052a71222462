package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/value"
)

func TestStreamingCommands(t *testing.T) {
	base := []value.Fields{row("_time", 86400.0, "_raw", "r", "a", "1", "b", "2", "Processes.dest", "d", "Processes.user", "u", "dest", "old")}
	cases := []struct {
		name, q string
		want    []string
	}{
		{"rename wildcard replaces an existing field, keeping positions",
			`* | rename Processes.* AS * | fields - _raw, _time`,
			[]string{"a=1 b=2 dest=d user=u"}},
		{"rename of a missing field removes the target",
			`* | rename nosuch AS a | table a b`,
			[]string{"a= b=2"}},
		{"rename keeps position",
			`* | rename a AS z | table *`,
			[]string{"_time=86400 _raw=r z=1 b=2 Processes.dest=d Processes.user=u dest=old"}},
		{"table orders and expands wildcards",
			`* | table b Processes.* a missing`,
			[]string{"b=2 Processes.dest=d Processes.user=u a=1 missing="}},
		{"fields keeps _raw and _time",
			`* | fields a`,
			[]string{"a=1 _raw=r _time=86400"}},
		{"convert ctime with timeformat",
			`* | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(_time) AS t | table t`,
			[]string{"t=1970-01-02T00:00:00"}},
		{"convert ctime default format",
			`* | convert ctime(_time) | table _time`,
			[]string{"_time=01/02/1970 00:00:00"}},
		{"convert ctime leaves text alone",
			`* | convert ctime(dest) | table dest`,
			[]string{"dest=old"}},
		{"convert mktime",
			`* | eval s="01/02/1970 00:00:10" | convert mktime(s) | table s`,
			[]string{"s=86410"}},
		{"convert dur2sec and rmcomma",
			`* | eval d="1+01:00:05", c="1,234" | convert dur2sec(d) rmcomma(c) | table d c`,
			[]string{"d=90005 c=1234"}},
		{"convert num removes what it cannot convert",
			`* | eval n="abc", m="12abc" | convert num(n) num(m) | table n m`,
			[]string{"n= m=12"}},
		{"where filters case-sensitively",
			`* | where dest="OLD"`,
			nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{events: base}, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
