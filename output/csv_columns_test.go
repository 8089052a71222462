package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// columnar is a result kept by column, as engine's grouping by ids keeps
// one.
type columnar struct {
	names []string
	cols  []engine.ResultColumn
	n     int
}

func (c *columnar) Len() int                         { return c.n }
func (c *columnar) Column(k int) engine.ResultColumn { return c.cols[k] }
func (c *columnar) Rows() []value.Fields {
	rows := make([]value.Fields, c.n)
	for i := range rows {
		rows[i] = c.Row(i, nil)
	}
	return rows
}

func (c *columnar) Row(i int, buf value.Fields) value.Fields {
	buf = buf[:0]
	for k, col := range c.cols {
		v := value.Null
		switch {
		case col.Texts != nil && col.IDs[i] >= 0:
			v = value.Str(col.Texts[col.IDs[i]])
		case col.Texts == nil && !math.IsNaN(col.Nums[i]):
			v = value.Num(col.Nums[i])
		}
		buf = append(buf, value.Field{Name: c.names[k], Value: v})
	}
	return buf
}

// CSV writes a result kept by column (each text's cell formatted once,
// numbers in place, a number equal to the one before copied) as an
// encoding/csv Writer writes its rows with Cell's values: text that needs
// quoting, nulls, integers, fractions, the same time twice in a row,
// negative zero, infinities and numbers past 2^53 and 1e21; a _time
// column is formatted as a time, through the rows.
func TestCSVColumnsSameAsOneWriter(t *testing.T) {
	texts := []string{"", "a,b", `say "hi"`, "two\nlines", " lead", "\t", "é", `\.`, "WS-0001", "CORP\\alice"}
	nums := []float64{0, 1, 42, -7, 1704155938.68981, 1704155938.002676, 0.1, math.NaN(), math.Copysign(0, -1),
		math.Inf(1), math.Inf(-1), 1 << 53, 1<<53 + 2, 1e21, 1e22, 123456789012345678, 2.5e-7}
	for _, timeCol := range []bool{false, true} {
		for _, n := range []int{1, 100, csvBlock + 1, 3*csvBlock + 17} {
			t.Run(fmt.Sprint(n, timeCol), func(t *testing.T) {
				c := &columnar{names: []string{"dest", "count", "firstTime", "lastTime", "user"}, n: n}
				if timeCol {
					c.names[2] = "_time"
				}
				ids := func(step int) []int32 {
					out := make([]int32, n)
					for i := range out {
						out[i] = int32((i*step)%(len(texts)+1)) - 1 // -1: null
					}
					return out
				}
				num := func(step int) []float64 {
					out := make([]float64, n)
					for i := range out {
						out[i] = nums[(i*step)%len(nums)]
					}
					return out
				}
				first := num(3)
				last := num(5)
				for i := range last {
					if i%2 == 0 {
						last[i] = first[i] // a group of one row
					}
				}
				c.cols = []engine.ResultColumn{{Texts: texts, IDs: ids(1)}, {Nums: num(1)}, {Nums: first}, {Nums: last}, {Texts: texts, IDs: ids(7)}}
				res := &engine.Result{Columns: c.names, Compact: c}
				var want bytes.Buffer
				cw := csv.NewWriter(&want)
				cw.Write(c.names)
				rec := make([]string, len(c.names))
				for i := range n {
					r := c.Row(i, nil)
					for k, name := range c.names {
						rec[k] = strings.Join(Cell(name, r.Get(name), time.UTC), "\n")
					}
					cw.Write(rec)
				}
				cw.Flush()
				var got bytes.Buffer
				if err := CSV(&got, res, time.UTC); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want.String(), got.String()); diff != "" {
					t.Errorf("(-one writer +CSV by columns):\n%s", diff)
				}
			})
		}
	}
}

// A time of whole microseconds is written as strconv writes its shortest
// text; other numbers are left to strconv.
func TestAppendMicros(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		var f float64
		switch r.IntN(4) {
		case 0:
			f = float64(r.Int64N(1<<32*1e6)) / 1e6 // whole microseconds
		case 1:
			f = float64(1704067200e6+r.Int64N(366*86400e6)) / 1e6
		case 2:
			f = r.Float64() * (1 << 33)
		default:
			f = float64(r.Int64N(1e6)) / 1e6
		}
		want := strconv.AppendFloat(nil, f, 'f', -1, 64)
		if got, ok := appendMicros(nil, f); ok && string(got) != string(want) {
			t.Fatalf("%v: %s, want %s", f, got, want)
		}
	}
	for _, f := range []float64{0, -1.5, 1 << 32, 4294967295.999999, 1e-7, 1704160638.002676, 1704160638.1, 1704160638} {
		want := strconv.AppendFloat(nil, f, 'f', -1, 64)
		if got, ok := appendMicros(nil, f); ok && string(got) != string(want) {
			t.Errorf("%v: %s, want %s", f, got, want)
		}
	}
}
