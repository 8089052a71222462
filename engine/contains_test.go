package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/spl"
)

// What a where clause requires of every row it keeps, as text: only terms
// the whole clause needs, and only their literal parts.
func TestMustContain(t *testing.T) {
	resolve := func(f string) string { return strings.TrimPrefix(f, "Processes.") }
	cases := []struct {
		where string
		want  []Contains
	}{
		{`Processes.parent_process_name="wermgr.exe"`, []Contains{{"parent_process_name", []string{"wermgr.exe"}}}},
		{`Processes.parent_process_name = "WerMgr.EXE" AND NOT (Processes.process_name IN ("a.exe"))`, []Contains{{"parent_process_name", []string{"wermgr.exe"}}}},
		{`a=*Foo*bar* b=x`, []Contains{{"a", []string{"foo", "bar"}}, {"b", []string{"x"}}}},
		{`a=CASE(Foo)`, []Contains{{"a", []string{"foo"}}}},
		{`a=*`, nil},
		{`a=x OR b=y`, nil},
		{`NOT a=x`, nil},
		{`a!=x`, nil},
		{`a>x`, nil},
		{`a IN (x, y)`, nil},
		{`x`, nil},
		{`a=10.0.0.0/8`, nil},
		{`a=10.0.0.1`, []Contains{{"a", []string{"10.0.0.1"}}}},
		{`a="tab	here"`, nil},
		{`a="café"`, nil},
		{`earliest=-24h a=x`, []Contains{{"a", []string{"x"}}}},
		{`a*=x`, nil},
	}
	for _, c := range cases {
		x, err := spl.ParseSearch(c.where)
		if err != nil {
			t.Fatalf("%s: %v", c.where, err)
		}
		if diff := cmp.Diff(c.want, mustContain(x, resolve)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.where, diff)
		}
	}
	if got := mustContain(nil, resolve); got != nil {
		t.Errorf("no where clause: %v", got)
	}
}
