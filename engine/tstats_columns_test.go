package engine

import (
	"math"
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// colDataset is a memDataset with columns made the plain way.
type colDataset struct{ *memDataset }

func (d colDataset) Column(field string) ([]uint32, []value.Value) {
	ids := make([]uint32, len(d.rows))
	var dict []value.Value
	for i, r := range d.rows {
		v := r.Get(field)
		if v.IsNull() {
			continue
		}
		found := 0
		for k, x := range dict {
			if value.Equal(x, v) {
				found = k + 1
			}
		}
		if found == 0 {
			dict = append(dict, v)
			found = len(dict)
		}
		ids[i] = uint32(found)
	}
	return ids, dict
}

func (d colDataset) FoldedColumn(field string) []string {
	_, dict := d.Column(field)
	out := make([]string, len(dict))
	for i, v := range dict {
		out[i] = FoldCase(v.String())
	}
	return out
}

// A term's test on a value folded once gives what the compiled term gives
// on the value, for every kind of pattern and text whose case folds
// unusually.
func TestFoldedTermMatchesTerm(t *testing.T) {
	terms := []string{
		`f=cmd.exe`, `f!=cmd.exe`, `f=CMD.EXE`, `f=*md*`, `f=*MD.e*`, `f=c*e`, `f=*`, `f!=*x*`,
		`f IN ("a*", "*.EXE", "istanbul")`, `f="k"`, `f=*s*`, `f=straße`, `f=STRASSE`, `f=*é*`,
		`f=""`, `f!=""`,
	}
	values := []string{"cmd.exe", "CMD.EXE", "Cmd.Exe ", "", "c", "x.exe", "İSTANBUL", "istanbul",
		"\u212a", "K", "ſ", "STRAßE", "straße", "café", "CAFÉ", "a b", "ı"}
	for _, term := range terms {
		x, err := spl.ParseSearch(term)
		if err != nil {
			t.Fatal(err)
		}
		test, negate := foldedTerm(x)
		if test == nil {
			t.Fatalf("%s: no folded test", term)
		}
		p, err := (&searchCompiler{rc: &runCtx{tz: utc}}).compile(x)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			want := p(value.Fields{{Name: "f", Value: value.Str(v)}})
			if got := test(FoldCase(v)) != negate; got != want {
				t.Errorf("%s on %q: %v, the term gives %v", term, v, got, want)
			}
		}
	}
	for _, term := range []string{`f=10.0.0.0/8`, `f=CASE(Cmd)`, `f>3`, `earliest=-1d`} {
		x, err := spl.ParseSearch(term)
		if err != nil {
			t.Fatal(err)
		}
		if test, _ := foldedTerm(x); test != nil {
			t.Errorf("%s: folded test, want none", term)
		}
	}
}

func (d colDataset) HasColumn(string) bool { return true }

func (d colDataset) Columns([]string) {}

func (d colDataset) Times(field string) ([]float64, bool) {
	ts := make([]float64, len(d.rows))
	exact := true
	for i, r := range d.rows {
		ts[i] = math.NaN()
		v := r.Get(field)
		if v.IsNull() {
			continue
		}
		if _, ok := v.ExactNumber(); !ok {
			exact = false
		}
		if t, ok := v.Number(); ok {
			ts[i] = t
		}
	}
	return ts, exact
}

func (d colDataset) Len() int { return len(d.rows) }

func (d colDataset) RowAt(i int, buf value.Fields) value.Fields { return append(buf[:0], d.rows[i]...) }

// The row filter never rules out a row the where clause keeps, and rules
// out rows by their values when it can.
func TestRowFilter(t *testing.T) {
	rows := []value.Fields{
		row("process_name", "cmd.exe", "dest", "a", "n", 5),
		row("process_name", "CMD.EXE", "dest", "b", "n", 50),
		row("process_name", "powershell.exe", "dest", "a"),
		row("dest", "c", "n", 7),
		row("process_name", []string{"x.exe", "cmd.exe"}, "dest", "d", "n", 9),
	}
	ds := colDataset{&memDataset{name: "Endpoint.Processes", object: "Processes", rows: rows}}
	tests := []struct {
		where   string
		decided int // rows the filter rules out
	}{
		{`Processes.process_name=cmd.exe`, 2},
		{`Processes.process_name!=cmd.exe`, 4}, // != needs the field; row 4 has cmd.exe among its values
		{`NOT Processes.process_name=cmd.exe`, 3},
		{`Processes.process_name IN ("powershell.exe", "x*") Processes.dest=a`, 4},
		{`Processes.process_name=cmd.exe OR Processes.n>10`, 2},
		{`Processes.process_name=cmd.exe OR foo`, 0}, // bare term: unknown
		{`Processes.n>6 earliest=0`, 2},
	}
	for _, tc := range tests {
		x, err := spl.ParseSearch(tc.where)
		if err != nil {
			t.Fatal(err)
		}
		sc := &searchCompiler{rc: &runCtx{tz: utc}, resolve: datasetResolver(ds)}
		pred, err := sc.compile(x)
		if err != nil {
			t.Fatal(err)
		}
		f, _, err := sc.rowFilter(x, ds)
		if err != nil {
			t.Fatal(err)
		}
		decided := 0
		for i, r := range rows {
			if f(i) == triFalse {
				decided++
				if pred(r) {
					t.Errorf("%s: row %d ruled out but matches", tc.where, i)
				}
			}
			if f(i) == triTrue && !pred(r) {
				t.Errorf("%s: row %d said true but does not match", tc.where, i)
			}
		}
		if decided != tc.decided {
			t.Errorf("%s: %d rows ruled out, want %d", tc.where, decided, tc.decided)
		}
	}
}

// cheapFirst puts the terms of each AND and OR on fields with fewer
// distinct values first, keeping the order of equals.
func TestCheapFirst(t *testing.T) {
	distinct := map[string]int{"process": 200000, "process_name": 15, "dest": 400}
	cases := []struct{ in, want string }{
		{`process="*x*" process_name=a`, `process_name=a process="*x*"`},
		{`process="*x*" (dest=a OR process_name=b) process_name=c`, `process_name=c (process_name=b OR dest=a) process="*x*"`},
		{`NOT (process=a dest=b) earliest=-1d`, `earliest=-1d NOT (dest=b process=a)`},
		{`dest=a dest=b`, `dest=a dest=b`},
	}
	for _, c := range cases {
		x, err := spl.ParseSearch(c.in)
		if err != nil {
			t.Fatal(err)
		}
		want, err := spl.ParseSearch(c.want)
		if err != nil {
			t.Fatal(err)
		}
		got := cheapFirst(x, func(f string) int { return distinct[f] })
		if got.String() != want.String() {
			t.Errorf("cheapFirst(%s) = %s, want %s", c.in, got, want)
		}
	}
}
