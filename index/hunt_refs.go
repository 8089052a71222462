package index

import (
	"github.com/parquet-go/parquet-go"
)

// A hunt's test of a field that some rows of a part keep as its place in
// _raw (a hash, a GUID, a long value: TargetObject, ScriptBlockText) is
// made on both: on the field's column, by entries, for the rows that
// have it there, and on the text of _raw at its place for the others,
// as _raw's pages are decoded. Rows lacking the field fail, as they do
// where no row keeps it in _raw.

// colSet numbers the columns a hunt's column tests read, so that which
// a part has is known once per part.
type colSet struct {
	ids   map[string]int32
	names []string
}

// id is name's number.
func (cs *colSet) id(name string) int32 {
	id, ok := cs.ids[name]
	if !ok {
		if cs.ids == nil {
			cs.ids = map[string]int32{}
		}
		id = int32(len(cs.names))
		cs.ids[name], cs.names = id, append(cs.names, name)
	}
	return id
}

// of numbers, by test, its column and the column of the places in _raw
// of the field it tests (-1: it tests no field).
func (cs *colSet) of(tests []colTest) (cols, refs []int32) {
	cols, refs = make([]int32, len(tests)), make([]int32, len(tests))
	for k, t := range tests {
		cols[k], refs[k] = cs.id(t.col), -1
		if f, ok := columnField(t.col); ok {
			refs[k] = cs.id(refPrefix + f)
		}
	}
	return cols, refs
}

// has says, by number, which of the columns cols has.
func (cs *colSet) has(cols map[string]int) []bool {
	out := make([]bool, len(cs.names))
	for id, name := range cs.names {
		_, out[id] = cols[name]
	}
	return out
}

// applies reports whether a prefilter whose tests' columns are cols,
// and the columns of the places in _raw of their fields refs
// (colSet.of), may pass a row of a part having the columns has says: it
// has, for each test, its column or that of its field's places.
func applies(cols, refs []int32, has []bool) bool {
	for k, c := range cols {
		if !has[c] && (refs[k] < 0 || !has[refs[k]]) {
			return false
		}
	}
	return true
}

// refColumns names, by test of list j, the column of the places in _raw
// of its field when the part has it ("": the test is of its column
// alone), or nil when no test's field is kept in _raw.
func (pn *partNarrow) refColumns(j int) []string {
	var out []string
	for k, id := range pn.refs[j] {
		if id >= 0 && pn.has[id] {
			if out == nil {
				out = make([]string, len(pn.refs[j]))
			}
			out[k] = pn.names[id]
		}
	}
	return out
}

// refCheck is a field of one row group some rows keep as its place in
// _raw: its column by entries, and each row's place (has: the row has
// one).
type refCheck struct {
	f   *testCol
	at  []int64
	has []bool
}

// named is the column name of cols by entries; every row null when the
// part has no such column (every row that has the field keeps it in
// _raw).
func (tc *testCache) named(cols map[string]int, name string) (*testCol, error) {
	if i, ok := cols[name]; ok {
		return tc.col(i, false)
	}
	if tc.none == nil {
		tc.none = &testCol{rowEntry: make([]int32, tc.rg.rows())}
		for r := range tc.none.rowEntry {
			tc.none.rowEntry[r] = -1
		}
	}
	return tc.none, nil
}

// refCheck is the field of column f whose places are column i, read
// once per row group.
func (tc *testCache) refCheck(i int, f *testCol) (*refCheck, error) {
	if rc := tc.refs[i]; rc != nil {
		return rc, nil
	}
	c, err := readColumn(tc.rg, i, parquet.Int64, nil)
	if err != nil {
		return nil, err
	}
	rc := &refCheck{f: f, at: c.ints, has: c.present}
	if tc.refs == nil {
		tc.refs = map[int]*refCheck{}
	}
	tc.refs[i] = rc
	return rc, nil
}

// pending reports whether row r's value is its place in _raw, to be
// tested there: a row with a cell in the column too is not (it passed
// on it).
func (rc *refCheck) pending(r int32) bool { return rc.has[r] && rc.f.rowEntry[r] < 0 }

// cell is row r's value, from raw, its _raw cell; false when it is not
// pending, or lies out of raw (the read of the row reports that).
func (rc *refCheck) cell(r int, raw string) (string, bool) {
	if !rc.pending(int32(r)) {
		return "", false
	}
	off, n := rc.at[r]>>32, rc.at[r]&(1<<32-1)
	if off < 0 || off+n > int64(len(raw)) {
		return "", false
	}
	return raw[off : off+n], true
}

// rowsPassing lists the rows whose cell passes, and those with a place
// in _raw (tested later), in no set order.
func (rc *refCheck) rowsPassing(pass func(int32) bool) []int32 {
	var out []int32
	for _, r := range rc.f.rowsPassing(pass) {
		if !rc.has[r] {
			out = append(out, r)
		}
	}
	for r, ok := range rc.has {
		if ok {
			out = append(out, int32(r))
		}
	}
	return out
}

// keepPassing lists the rows of rows whose cell passes or that have a
// place in _raw.
func (rc *refCheck) keepPassing(rows []int32, pass func(int32) bool) []int32 {
	out := make([]int32, 0, len(rows))
	for _, r := range rows {
		if e := rc.f.rowEntry[r]; rc.has[r] || e >= 0 && pass(e) {
			out = append(out, r)
		}
	}
	return out
}

// passWithoutRaw sets mask for the rows of rows no test of _raw is left
// for (the prefilter's tests there are of places in it, refs, and the
// row's values are in their columns), and returns the others.
func passWithoutRaw(rows []int32, refs []*refCheck, mask []bool) []int32 {
	for _, rc := range refs {
		if rc == nil {
			return rows // a test of _raw itself: every row is tested there
		}
	}
	out := rows[:0]
	for _, r := range rows {
		pending := false
		for _, rc := range refs {
			if rc.pending(r) {
				pending = true
				break
			}
		}
		if pending {
			out = append(out, r)
		} else {
			mask[r] = true
		}
	}
	return out
}
