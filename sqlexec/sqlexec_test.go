package sqlexec

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

func TestOpenErrors(t *testing.T) {
	cases := []struct{ url, want string }{
		{"duckdb", "cd sqlrun && go build ./cmd/spelunk-duckdb"},
		{"duckdb:/data/idx", "spelunk-duckdb run --engine duckdb"},
		{"postgres://x/y", `unknown engine "postgres"`},
	}
	for _, c := range cases {
		_, err := Open(c.url)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%q) = %v, want an error containing %q", c.url, err, c.want)
		}
	}
}

func TestCell(t *testing.T) {
	cases := []struct {
		in   any
		want value.Value
		ok   bool
	}{
		{nil, value.Value{}, false},
		{"abc", value.Str("abc"), true},
		{float64(1.5), value.Num(1.5), true},
		{uint64(7), value.Num(7), true},
		{[]any{"a", nil, "b"}, value.Strs("a", "b"), true},
		{[]any{}, value.Value{}, false},
	}
	for _, c := range cases {
		got, ok := Cell(c.in)
		if ok != c.ok || (ok && got.String() != c.want.String()) {
			t.Errorf("Cell(%#v) = %v %v, want %v %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestCheckRest: the part spelunk runs may not read events, which stay in
// the engine; a subsearch's tstats over a dataset may.
func TestCheckRest(t *testing.T) {
	cases := []struct {
		rest string
		want string // "" for accepted
	}{
		{`| eval x=1 | rex field=a "(?<b>.)"`, ""},
		{`| join dest [| tstats count from datamodel=Endpoint.Processes by Processes.dest]`, ""},
		{`| join dest [search index=main foo]`, "search at offset"},
		{`| append [| tstats count where index=main by host]`, "tstats at offset"},
		{`| map search="search index=main $dest$"`, "map at offset"},
	}
	for _, c := range cases {
		p, err := spl.Parse(c.rest)
		if err != nil {
			t.Fatalf("%s: %v", c.rest, err)
		}
		got := ""
		if err := checkRest(p.Commands); err != nil {
			got = err.Error()
		}
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: %s", c.rest, cmp.Diff(c.want, got))
		}
	}
}
