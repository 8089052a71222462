package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestRunEngineFlags: --engine's refusals say what to do instead.
func TestRunEngineFlags(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "--engine", "duckdb", "search x"}, 2, "cd sqlrun && go build ./cmd/spelunk-duckdb"},
		{[]string{"run", "--engine", "duckdb:/data/idx", "search x"}, 2, "spelunk-duckdb run --engine duckdb"},
		{[]string{"run", "--engine", "postgres://h/db", "search x"}, 2, `unknown engine "postgres"`},
		{[]string{"run", "--engine", "clickhouse://127.0.0.1:1/db", "--data", "x.log", "search x"}, 2, "give no --data"},
		{[]string{"run", "--engine", "clickhouse://127.0.0.1:1/db", "--tz", "Europe/Paris", "search x"}, 2, "--tz UTC"},
		{[]string{"index", "--to", "postgres://h/db", "--data", "x.log"}, 2, "use clickhouse://host:port/db"},
		{[]string{"index", "--to", "clickhouse://h/db", "--out", "idx", "--data", "x.log"}, 2, "--to takes --data and no --out"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errb.String(), c.code, c.want)
		}
	}
}
