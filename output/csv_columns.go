package output

import (
	"math"
	"strconv"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// columnCells writes a result read by columns (engine.ColumnarRows) as
// appendCSVRow writes its rows: each distinct text's cell is formatted
// once, numbers in place.
type columnCells struct {
	cols []cellColumn
}

type cellColumn struct {
	ids  []int32
	cell []byte   // the texts' cells, one after another
	offs []uint32 // text k's cell is cell[offs[k]:offs[k+1]]
	nums []float64
}

// newColumnCells formats the texts of a result read by columns, or is
// nil when the result is not one or has a _time column (formatted as a
// time, with the zone).
func newColumnCells(res *engine.Result) *columnCells {
	cr, ok := res.Compact.(engine.ColumnarRows)
	if !ok {
		return nil
	}
	cc := &columnCells{cols: make([]cellColumn, len(res.Columns))}
	for k, name := range res.Columns {
		if name == "_time" {
			return nil
		}
		col := cr.Column(k)
		if col.Texts == nil {
			cc.cols[k] = cellColumn{nums: col.Nums}
			continue
		}
		c := cellColumn{ids: col.IDs, offs: make([]uint32, 1, len(col.Texts)+1)}
		for _, s := range col.Texts {
			c.cell = appendCSVField(c.cell, s)
			c.offs = append(c.offs, uint32(len(c.cell)))
		}
		cc.cols[k] = c
	}
	return cc
}

// appendRows appends rows from to to (appendResultRows).
func (cc *columnCells) appendRows(buf []byte, from, to int) []byte {
	for i := from; i < to; i++ {
		// A number equal to the last one written in the row (the first
		// and last time of a group of one row) is copied, not formatted.
		last, lastAt, lastEnd := math.NaN(), 0, 0
		for k := range cc.cols {
			c := &cc.cols[k]
			if k > 0 {
				buf = append(buf, ',')
			}
			if c.nums == nil {
				if id := c.ids[i]; id >= 0 {
					buf = append(buf, c.cell[c.offs[id]:c.offs[id+1]]...)
				}
				continue
			}
			f := c.nums[i]
			if f != f {
				continue // null: an empty cell
			}
			if f == last && math.Signbit(f) == math.Signbit(last) {
				buf = append(buf, buf[lastAt:lastEnd]...)
				continue
			}
			at := len(buf)
			buf = appendNumberCell(buf, f)
			last, lastAt, lastEnd = f, at, len(buf)
		}
		buf = append(buf, '\n')
	}
	return buf
}

// appendNumberCell appends a number's cell as appendCSVRow writes it.
func appendNumberCell(buf []byte, f float64) []byte {
	if math.IsInf(f, 0) {
		return appendCSVField(buf, value.Num(f).String())
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 && f != 0 {
		return strconv.AppendInt(buf, int64(f), 10)
	}
	if out, ok := appendMicros(buf, f); ok {
		return out
	}
	prec := -1
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		prec = 0
	}
	return strconv.AppendFloat(buf, f, 'f', prec, 64)
}

// appendMicros appends a positive number below 2^32 that is a whole
// number of microseconds (a time read from a summary) as its integer
// part and up to six decimals, trailing zeros left out, which is
// strconv's shortest text for it: the float nearest that decimal is f
// (us/1e6 is rounded once, as parsing it is), and no decimal with fewer
// digits is, since below 2^32 floats are less than 1e-6 apart. False
// when f is not such a number.
func appendMicros(buf []byte, f float64) ([]byte, bool) {
	if !(f > 0 && f < 1<<32) {
		return buf, false
	}
	us := math.Round(f * 1e6)
	if us/1e6 != f {
		return buf, false
	}
	n := int64(us)
	buf = strconv.AppendInt(buf, n/1e6, 10)
	frac := n % 1e6
	if frac == 0 {
		return buf, true
	}
	var d [7]byte
	d[0] = '.'
	for i := 6; i > 0; i-- {
		d[i] = byte('0' + frac%10)
		frac /= 10
	}
	end := 7
	for d[end-1] == '0' {
		end--
	}
	return append(buf, d[:end]...), true
}
