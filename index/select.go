package index

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/format"
)

// colTest is a test of one column's cells, made before any other column
// of a row group is read: a cell passes when it holds every piece
// (ASCII case ignored, as containsFold); a null cell fails. A cell that
// may be a multivalue's JSON array (it starts with '[') passes: its
// values are tested once the event is made.
type colTest struct {
	col    string
	pieces []string
}

// partTests are the tests that apply to a part with the columns cols:
// none is the answer that no row of the part can pass (a tested field has
// no column: no event of the part has it). A field some rows keep as its
// place in _raw is not tested on its column.
func partTests(tests []colTest, cols map[string]int) (out []colTest, none bool) {
	for _, t := range tests {
		if f, ok := columnField(t.col); ok {
			if _, ref := cols[refPrefix+f]; ref {
				continue
			}
		}
		if _, ok := cols[t.col]; !ok {
			return nil, true
		}
		out = append(out, t)
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
	if span.bounded() && !inexactTimes(rg, cols, n) {
		i, ok := cols[colTime]
		if !ok {
			return nil, false, fmt.Errorf("no column %s", colTime)
		}
		left, err := testTime(rg.ColumnChunks()[i], n, span, pass)
		if err != nil {
			return nil, false, fmt.Errorf("column %s: %w", colTime, err)
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

// inexactTimes reports whether some row of the row group keeps its exact
// time apart (_spelunk_time: one microseconds do not give back, which may
// be far out of their range): its _time column is not tested then.
func inexactTimes(rg parquet.RowGroup, cols map[string]int, n int) bool {
	i, ok := cols[colExact]
	if !ok {
		return false
	}
	fc, ok := rg.ColumnChunks()[i].(*parquet.FileColumnChunk)
	return !ok || fc.NullCount() != int64(n)
}

// testTime clears pass[r] for each row r whose _time (microseconds)
// cannot lie in span, and reports whether any row is left; the chunk's
// statistics may answer for every row.
func testTime(chunk parquet.ColumnChunk, n int, span timeSpan, pass []bool) (bool, error) {
	if chunk.Type().Kind() != parquet.Int64 {
		return false, fmt.Errorf("holds %s, not int64", chunk.Type().Kind())
	}
	in := func(us int64) bool { t := float64(us) / 1e6; return span.overlaps(t, t) }
	if fc, ok := chunk.(*parquet.FileColumnChunk); ok && fc.NullCount() == 0 {
		if lo, hi, ok := fc.Bounds(); ok && !lo.IsNull() && !hi.IsNull() {
			if !span.overlaps(float64(lo.Int64())/1e6, float64(hi.Int64())/1e6) {
				clear(pass)
				return false, nil
			}
			if in(lo.Int64()) && in(hi.Int64()) {
				return anyTrue(pass), nil // every row lies in it
			}
		}
	}
	pages := chunk.Pages()
	defer pages.Close()
	err := eachPage(pages, n, func(p parquet.Page, row int, levels []byte, data encoding.Values) error {
		if levels != nil {
			return fmt.Errorf("_time has nulls")
		}
		us := data.Int64()
		if len(us) != int(p.NumRows()) {
			return fmt.Errorf("a page holds %d values for %d rows", len(us), p.NumRows())
		}
		for r, v := range us {
			if !in(v) {
				pass[row+r] = false
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return anyTrue(pass), nil
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
