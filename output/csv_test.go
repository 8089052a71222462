package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// CSV formats many rows in blocks on several goroutines: its bytes must
// be those of writing every row in turn through one encoding/csv Writer
// with Cell's values joined by newlines, for text that needs quoting,
// multivalues, nulls, numbers and _time, for a row count that ends a
// block exactly, just past one, and inside the first.
func TestCSVBlocksSameAsOneWriter(t *testing.T) {
	cols := []string{"_time", "dest", "count", "mv", "odd"}
	odd := []string{"", "a,b", `say "hi"`, "two\nlines", " lead", "\t", "é", `\.`}
	row := func(i int) value.Fields {
		r := value.Fields{
			{Name: "_time", Value: value.Num(1704155938.68981 + float64(i))},
			{Name: "dest", Value: value.Str(fmt.Sprintf("WS-%04d", i%400))},
			{Name: "count", Value: value.Num(float64(i))},
		}
		if i%3 == 0 {
			r = append(r, value.Field{Name: "mv", Value: value.Multi(value.Str("x"), value.Str(fmt.Sprint(i)))})
		}
		if i%5 != 0 {
			r = append(r, value.Field{Name: "odd", Value: value.Str(odd[i%len(odd)])})
		}
		return r
	}
	for _, n := range []int{1, 100, csvBlock, csvBlock + 1, 3*csvBlock + 17} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			res := &engine.Result{Columns: cols}
			for i := range n {
				res.Rows = append(res.Rows, row(i))
			}
			var want bytes.Buffer
			cw := csv.NewWriter(&want)
			cw.Write(cols)
			rec := make([]string, len(cols))
			for _, r := range res.Rows {
				for i, c := range cols {
					rec[i] = strings.Join(Cell(c, r.Get(c), time.UTC), "\n")
				}
				cw.Write(rec)
			}
			cw.Flush()
			var got bytes.Buffer
			if err := CSV(&got, res, time.UTC); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), got.String()); diff != "" {
				t.Errorf("(-one writer +CSV):\n%s", diff)
			}
		})
	}
}

// failWriter fails every write after the first.
type failWriter struct{ n int }

func (w *failWriter) Write(b []byte) (int, error) {
	w.n++
	if w.n > 1 {
		return 0, fmt.Errorf("disk full")
	}
	return len(b), nil
}

// A write that fails stops CSV with its error, whatever the blocks still
// being formatted.
func TestCSVWriteError(t *testing.T) {
	res := &engine.Result{Columns: []string{"a"}}
	for i := range 5 * csvBlock {
		res.Rows = append(res.Rows, value.Fields{{Name: "a", Value: value.Num(float64(i))}})
	}
	if err := CSV(&failWriter{}, res, time.UTC); err == nil || err.Error() != "disk full" {
		t.Errorf("got %v, want disk full", err)
	}
}

// Numbers are formatted straight into the CSV; every kind of value must
// still come out as encoding/csv writes Cell's text: whole and fractional
// numbers, negative, huge, NaN and infinities, numbers read from text
// (which keep their written precision), booleans, and text that starts
// with a Unicode space or holds only quotes.
func TestCSVCellsSameAsOneWriter(t *testing.T) {
	vals := []value.Value{
		value.Num(0), value.Num(-0.5), value.Num(1704155938.68981), value.Num(1e21), value.Num(-1e22), value.Num(123456789012345678),
		value.Num(math.NaN()), value.Num(math.Inf(1)), value.Num(math.Inf(-1)), value.Num(1e-7),
		value.NumPrec(1.5, 3, 2), value.NumPrec(7, 1, 0), value.NumPrec(-3, 4, 3), value.Bool(true), {},
		value.Str("\u00a0x"), value.Str(`""`), value.Str("a\rb"), value.Str("plain"),
	}
	cols := []string{"v", "_time"}
	res := &engine.Result{Columns: cols}
	for _, v := range vals {
		res.Rows = append(res.Rows, value.Fields{{Name: "v", Value: v}, {Name: "_time", Value: v}})
	}
	var want bytes.Buffer
	cw := csv.NewWriter(&want)
	cw.Write(cols)
	for _, r := range res.Rows {
		var rec []string
		for _, c := range cols {
			rec = append(rec, strings.Join(Cell(c, r.Get(c), time.UTC), "\n"))
		}
		cw.Write(rec)
	}
	cw.Flush()
	var got bytes.Buffer
	if err := CSV(&got, res, time.UTC); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("CSV (-encoding/csv +CSV):\n%s", diff)
	}
}
