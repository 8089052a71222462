package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// memSource is an engine.Source over rows given by the test.
type memSource struct {
	events   []value.Fields
	datasets map[string]*memDataset
}

type memDataset struct {
	name, object string
	rows         []value.Fields
}

func (d *memDataset) Name() string   { return d.name }
func (d *memDataset) Object() string { return d.object }
func (d *memDataset) Scan(ctx context.Context, fn func(value.Fields) error) error {
	for _, r := range d.rows {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func (d *memDataset) Events(ctx context.Context, fn func(event, row value.Fields) error) error {
	for _, r := range d.rows {
		if err := fn(r.Clone(), r); err != nil {
			return err
		}
	}
	return nil
}

// Scan implements Source: the events in the order given.
func (s *memSource) Scan(ctx context.Context, req EventScan, fn func(value.Fields) error) error {
	keep := func(value.Fields) bool { return true }
	if req.NewKeep != nil {
		keep = req.NewKeep()
	}
	for _, r := range s.events {
		if !keep(r) {
			continue
		}
		if err := fn(r.Clone()); err != nil {
			return err
		}
	}
	return nil
}

func (s *memSource) Dataset(name string) (Dataset, error) {
	if d, ok := s.datasets[name]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("no dataset %q", name)
}

// row builds fields from alternating names and values; a value that is a
// []string becomes multivalue, a float64 a number.
func row(kv ...any) value.Fields {
	var r value.Fields
	for i := 0; i+1 < len(kv); i += 2 {
		name := kv[i].(string)
		switch v := kv[i+1].(type) {
		case string:
			r = append(r, value.Field{Name: name, Value: value.Str(v)})
		case float64:
			r = append(r, value.Field{Name: name, Value: value.Num(v)})
		case int:
			r = append(r, value.Field{Name: name, Value: value.Num(float64(v))})
		case []string:
			r = append(r, value.Field{Name: name, Value: value.Strs(v...)})
		default:
			panic(fmt.Sprintf("row: unsupported %T", v))
		}
	}
	return r
}

// runQuery parses and runs a search over src at a fixed time in UTC.
// runQuery parses and runs q; a parse error (a bad option value, found
// when the command is parsed) is returned like a run error.
func runQuery(t *testing.T, src Source, q string) (*Result, error) {
	t.Helper()
	p, err := spl.Parse(q)
	if err != nil {
		return nil, err
	}
	return Run(context.Background(), p, src, Options{TZ: time.UTC, Now: time.Unix(1700000000, 0)})
}

// table renders a result as lines of "col=val" pairs, multivalues joined
// with "|", for compact expectations.
func table(res *Result) []string {
	var out []string
	for _, r := range res.Rows {
		var parts []string
		for _, f := range r {
			parts = append(parts, f.Name+"="+strings.Join(f.Value.Strings(), "|"))
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

// tableCase is a query run after a shared data prefix and the table
// (see table) it gives.
type tableCase = struct {
	name, q string
	want    []string
}

// checkTables runs data+q for each case, one subtest each, and diffs its
// table with want.
func checkTables(t *testing.T, data string, cases []tableCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{}, data+tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func mustParse(t *testing.T, q string) *spl.Pipeline {
	t.Helper()
	p, err := spl.Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	return p
}
