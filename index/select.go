package index

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/format"

	"github.com/spelunk-dev/spelunk/value"
)

// colTest is a test of one column's cells, made before any other column
// of a row group is read: a cell passes when it holds every piece
// (ASCII case ignored, as engine.IndexFoldASCII); a null cell fails. A cell that
// may be a multivalue's JSON array (it starts with '[') passes: its
// values are tested once the event is made.
type colTest struct {
	col    string
	pieces []string
	// match, when set, tests a cell's value instead of pieces (a hunt's
	// FieldTest, named key).
	key   string
	match func() func(value.Value) bool
	// id numbers the test among a hunt's (narrowPlan.ids).
	id int
}

// partTests are the tests that apply to a part with the columns cols:
// none is the answer that no row of the part can pass (a tested field has
// no column: no event of the part has it). A field some rows keep as its
// place in _raw is not tested on its column.
func partTests(tests []colTest, cols map[string]int) (out []colTest, none bool) {
	for k, t := range tests {
		skip := false
		if f, ok := columnField(t.col); ok {
			_, skip = cols[refPrefix+f]
		}
		if _, ok := cols[t.col]; !ok && !skip {
			return nil, true
		}
		switch {
		case skip && out == nil:
			out = append(make([]colTest, 0, len(tests)), tests[:k]...)
		case !skip && out != nil:
			out = append(out, t)
		}
	}
	if out == nil {
		return tests, false // every test applies: tests itself
	}
	return out, false
}

// timeSpan is a range of _time, in seconds: lo <= _time < hi.
type timeSpan struct{ lo, hi float64 }

// allTime bounds nothing.
var allTime = timeSpan{math.Inf(-1), math.Inf(1)}

func (ts timeSpan) bounded() bool { return !math.IsInf(ts.lo, -1) || !math.IsInf(ts.hi, 1) }

// overlaps reports whether events of times in [min, max] may lie in ts.
// _time is kept in microseconds (rounded; the exact time when that does
// not give it back is in another column): a microsecond of slack.
func (ts timeSpan) overlaps(min, max float64) bool {
	return max >= ts.lo-1e-6 && min < ts.hi+1e-6
}

// selectRows lists the rows of row group g that pass every test and whose
// _time may lie in span, reading only the tested columns; all is set when
// there is nothing to test (every row). A row group whose statistics or
// dictionary leave no value that could pass is answered without reading
// its pages.
func selectRows(pf *parquet.File, cols map[string]int, g int, tests []colTest, span timeSpan) (sel []int32, all bool, err error) {
	if len(tests) == 0 && !span.bounded() {
		return nil, true, nil
	}
	rg := pf.RowGroups()[g]
	n := int(rg.NumRows())
	pass := make([]bool, n)
	for i := range pass {
		pass[i] = true
	}
	if span.bounded() {
		left, err := testTimes(rg, cols, n, span, pass)
		if err != nil {
			return nil, false, err
		}
		if !left {
			return []int32{}, false, nil
		}
	}
	for _, t := range tests {
		i, ok := cols[t.col]
		if !ok {
			return []int32{}, false, nil
		}
		left, err := testColumn(pf, g, i, n, t.pieces, pass)
		if err != nil {
			return nil, false, fmt.Errorf("column %s: %w", t.col, err)
		}
		if !left {
			return []int32{}, false, nil
		}
	}
	sel = []int32{}
	for r, ok := range pass {
		if ok {
			sel = append(sel, int32(r))
		}
	}
	return sel, false, nil
}

// testColumn clears pass[r] for each row r whose cell in column i of row
// group g fails the pieces, and reports whether any row is left.
func testColumn(pf *parquet.File, g, i, n int, pieces []string, pass []bool) (bool, error) {
	chunk := pf.RowGroups()[g].ColumnChunks()[i]
	if chunk.Type().Kind() != parquet.ByteArray {
		return false, fmt.Errorf("holds %s, not text", chunk.Type().Kind())
	}
	none := func() (bool, error) {
		clear(pass)
		return false, nil
	}
	if fc, ok := chunk.(*parquet.FileColumnChunk); ok {
		nulls := fc.NullCount()
		if nulls == int64(n) {
			return none()
		}
		if lo, hi, ok := fc.Bounds(); ok && nulls == 0 && !lo.IsNull() && parquet.Equal(lo, hi) {
			if !cellPasses(lo.ByteArray(), pieces) {
				return none()
			}
			return anyTrue(pass), nil
		}
	}
	var dictPass []bool
	var dict parquet.Dictionary
	pages := chunk.Pages()
	defer pages.Close()
	if fp, ok := pages.(*parquet.FilePages); ok {
		d, err := fp.ReadDictionary()
		if err != nil {
			return false, err
		}
		if d != nil {
			dict, dictPass = d, dictPasses(d, pieces)
			if !anyTrue(dictPass) && onlyDictionaryPages(pf, g, i) {
				return none()
			}
		}
	}
	err := eachPage(pages, n, func(p parquet.Page, row int, levels []byte, data encoding.Values) error {
		m := int(p.NumRows())
		d := p.Dictionary()
		var idx []int32
		var bytes []byte
		var offs []uint32
		if d != nil {
			if d != dict {
				dict, dictPass = d, dictPasses(d, pieces)
			}
			idx = data.Int32()
		} else {
			bytes, offs = data.ByteArray()
		}
		k := 0
		for r := 0; r < m; r++ {
			if levels != nil && levels[r] == 0 {
				pass[row+r] = false
				continue
			}
			at := k
			k++
			if !pass[row+r] {
				continue
			}
			if d != nil {
				if at >= len(idx) || idx[at] < 0 || int(idx[at]) >= len(dictPass) {
					return fmt.Errorf("row %d: dictionary index out of range", row+r)
				}
				pass[row+r] = dictPass[idx[at]]
				continue
			}
			if at+1 >= len(offs) || offs[at] > offs[at+1] || int(offs[at+1]) > len(bytes) {
				return fmt.Errorf("row %d: value out of range", row+r)
			}
			pass[row+r] = cellPasses(bytes[offs[at]:offs[at+1]], pieces)
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return anyTrue(pass), nil
}

// testTimes clears pass[r] for each row r whose time cannot lie in span,
// and reports whether any row is left. A row's time is its _time
// (microseconds), or its _spelunk_time when that column keeps it
// exactly; the columns' statistics may answer for every row.
func testTimes(rg parquet.RowGroup, cols map[string]int, n int, span timeSpan, pass []bool) (bool, error) {
	ti, ok := cols[colTime]
	xi, ok2 := cols[colExact]
	if !ok || !ok2 {
		return false, fmt.Errorf("no column %s or %s", colTime, colExact)
	}
	lo, hi, ok := timeBounds(rg.ColumnChunks()[ti], rg.ColumnChunks()[xi], n)
	if ok && !span.overlaps(lo, hi) {
		clear(pass)
		return false, nil
	}
	if ok && span.overlaps(lo, lo) && span.overlaps(hi, hi) {
		return anyTrue(pass), nil // every row lies in it
	}
	us, err := readColumn(sumRG{pq: rg}, ti, parquet.Int64, nil)
	if err != nil {
		return false, fmt.Errorf("column %s: %w", colTime, err)
	}
	exact, err := readColumn(sumRG{pq: rg}, xi, parquet.Double, nil)
	if err != nil {
		return false, fmt.Errorf("column %s: %w", colExact, err)
	}
	for r := range n {
		t := float64(us.ints[r]) / 1e6
		if exact.present[r] {
			t = exact.floats[r]
		}
		if !span.overlaps(t, t) {
			pass[r] = false
		}
	}
	return anyTrue(pass), nil
}

// timeBounds are the least and greatest time of a row group by its
// columns' statistics, when they tell: _time's, widened by the exact
// times kept apart.
func timeBounds(times, exact parquet.ColumnChunk, n int) (lo, hi float64, ok bool) {
	tc, ok1 := times.(*parquet.FileColumnChunk)
	xc, ok2 := exact.(*parquet.FileColumnChunk)
	if !ok1 || !ok2 || tc.NullCount() != 0 {
		return 0, 0, false
	}
	tlo, thi, ok := tc.Bounds()
	if !ok || tlo.IsNull() || thi.IsNull() {
		return 0, 0, false
	}
	lo, hi = float64(tlo.Int64())/1e6, float64(thi.Int64())/1e6
	if xc.NullCount() == int64(n) {
		return lo, hi, true
	}
	xlo, xhi, ok := xc.Bounds()
	if !ok || xlo.IsNull() || xhi.IsNull() {
		return 0, 0, false
	}
	l, h := xlo.Double(), xhi.Double()
	if math.IsNaN(l) || math.IsNaN(h) {
		return 0, 0, false
	}
	return math.Min(lo, l), math.Max(hi, h), true
}

// dictPasses tests each entry of a dictionary.
func dictPasses(d parquet.Dictionary, pieces []string) []bool {
	out := make([]bool, d.Len())
	for k := range out {
		out[k] = cellPasses(d.Index(int32(k)).ByteArray(), pieces)
	}
	return out
}

// onlyDictionaryPages reports whether every data page of column i of row
// group g is dictionary-encoded (the writer may fall back to plain pages
// when a dictionary grows too large): then a dictionary without a
// passing entry answers for the whole chunk.
func onlyDictionaryPages(pf *parquet.File, g, i int) bool {
	md := pf.Metadata()
	if g >= len(md.RowGroups) || i >= len(md.RowGroups[g].Columns) {
		return false
	}
	stats := md.RowGroups[g].Columns[i].MetaData.EncodingStats
	if len(stats) == 0 {
		return false
	}
	for _, s := range stats {
		if s.PageType != format.DataPage && s.PageType != format.DataPageV2 {
			continue
		}
		if s.Encoding != format.RLEDictionary && s.Encoding != format.PlainDictionary {
			return false
		}
	}
	return true
}

// cellPasses tests a cell: it holds every piece, or may be a multivalue's
// JSON array (left to the test of the event).
func cellPasses(b []byte, pieces []string) bool {
	if len(b) == 0 {
		return holdsAll("", pieces)
	}
	if b[0] == '[' {
		return true
	}
	return holdsAll(unsafe.String(&b[0], len(b)), pieces)
}

func anyTrue(b []bool) bool {
	for _, x := range b {
		if x {
			return true
		}
	}
	return false
}
