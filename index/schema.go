package index

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// The columns every part has. An event's own fields are columns named as
// the fields, except those starting with internalPrefix, which get
// fieldPrefix in front (their names would clash with internal columns).
const (
	colTime     = "_time"
	colRaw      = "_raw"
	colHost     = "host"
	colSource   = "source"
	colST       = "sourcetype"
	colIndex    = "index"
	colSeq      = "_spelunk_seq"
	colLayout   = "_spelunk_layout"
	colDateZone = "_spelunk_datezone"
	colExact    = "_spelunk_time"

	internalPrefix = "_spelunk_"
	fieldPrefix    = "_spelunk_f_"
	refPrefix      = "_spelunk_ref_"
)

// refMin is the length from which a field whose value is text of _raw
// (the XML reader's EventData_Xml: a block of the record) is kept as its
// place in _raw (a _spelunk_ref_<name> column: offset << 32 | length)
// rather than again as text.
const refMin = 256

// defaultNames are fields every event row has from its own columns: a
// format field of the same name never reaches the row (the shaper keeps
// the default), so the index does not keep it.
var defaultNames = map[string]bool{"_time": true, "_raw": true, "host": true, "source": true,
	"sourcetype": true, "index": true, "linecount": true}

// fieldColumn is the column name of an event field.
func fieldColumn(name string) string {
	if name == "" || strings.HasPrefix(name, internalPrefix) {
		return fieldPrefix + name
	}
	return name
}

// record is one event waiting to be written.
type record struct {
	t                         float64
	seq                       int64
	raw, host, source, st, ix string
	zone                      string
	fields                    value.Fields
	// refs holds, for each field kept as its place in raw, offset << 32
	// | length; -1 for the others.
	refs []int64
}

// size estimates what a record holds in memory, to bound the buffers.
func (r *record) size() int {
	n := len(r.raw) + 160
	for _, f := range r.fields {
		n += 56 + len(f.Name) + len(f.Value.String())
	}
	return n
}

// newRecord takes what the index keeps of an event: its fields in order,
// each name once (the shaper reads the first of a name), without the
// default fields. Only text and multivalues of text are kept, as formats
// yield them.
func newRecord(ev *ingest.Event, seq int64) (*record, error) {
	r := &record{t: ev.Time, seq: seq, raw: ev.Raw, host: ev.Host, source: ev.Source, st: ev.Sourcetype,
		ix: ev.Index, zone: ev.DateZone}
	r.fields = make(value.Fields, 0, len(ev.Fields))
	for _, f := range ev.Fields {
		if defaultNames[f.Name] || r.fields.Index(f.Name) >= 0 {
			continue
		}
		switch f.Value.Kind() {
		case value.KindString:
		case value.KindMulti:
			for _, v := range f.Value.Values() {
				if v.Kind() != value.KindString {
					return nil, fmt.Errorf("%s:%d: field %q holds a %s; the index keeps text", ev.File, ev.Line, f.Name, v.Kind())
				}
			}
		default:
			return nil, fmt.Errorf("%s:%d: field %q holds a %s; the index keeps text", ev.File, ev.Line, f.Name, f.Value.Kind())
		}
		r.fields = append(r.fields, f)
		ref := int64(-1)
		if s := f.Value.String(); !f.Value.IsMulti() && len(s) >= refMin && len(ev.Raw) < 1<<31 {
			if off := strings.Index(ev.Raw, s); off >= 0 {
				ref = int64(off)<<32 | int64(len(s))
			}
		}
		r.refs = append(r.refs, ref)
	}
	return r, nil
}

// layoutOf is an event's layout column: a JSON array of its field names in
// order, a multivalue field's name in an array of its own (["name"]), a
// field kept as its place in _raw as ["name","r"].
func layoutOf(r *record) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, f := range r.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(f.Name)
		switch {
		case f.Value.IsMulti():
			b.WriteByte('[')
			b.Write(name)
			b.WriteByte(']')
		case r.refs[i] >= 0:
			b.WriteByte('[')
			b.Write(name)
			b.WriteString(`,"r"]`)
		default:
			b.Write(name)
		}
	}
	b.WriteByte(']')
	return b.String()
}

// layoutField is one entry of a parsed layout.
type layoutField struct {
	name       string
	multi, ref bool
}

// parseLayout reads a layout column's value.
func parseLayout(s string) ([]layoutField, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("bad layout: %w", err)
	}
	out := make([]layoutField, len(raw))
	for i, m := range raw {
		if len(m) > 0 && m[0] == '[' {
			var one []string
			err := json.Unmarshal(m, &one)
			switch {
			case err == nil && len(one) == 1:
				out[i] = layoutField{name: one[0], multi: true}
			case err == nil && len(one) == 2 && one[1] == "r":
				out[i] = layoutField{name: one[0], ref: true}
			default:
				return nil, fmt.Errorf("bad layout entry %s", m)
			}
			continue
		}
		if err := json.Unmarshal(m, &out[i].name); err != nil {
			return nil, fmt.Errorf("bad layout entry %s", m)
		}
	}
	return out, nil
}

// cellOf is a field's cell: the text, or a multivalue's texts as a JSON
// array.
func cellOf(v value.Value) string {
	if !v.IsMulti() {
		return v.String()
	}
	b, _ := json.Marshal(v.Strings())
	return string(b)
}

// valueOf reads a cell back.
func valueOf(cell string, multi bool) (value.Value, error) {
	if !multi {
		return value.Str(cell), nil
	}
	var ss []string
	if err := json.Unmarshal([]byte(cell), &ss); err != nil || len(ss) < 2 {
		return value.Null, fmt.Errorf("bad multivalue cell %.40q", cell)
	}
	return value.Strs(ss...), nil
}

// micros is _time in microseconds, and whether that gives t back exactly.
func micros(t float64) (int64, bool) {
	if math.IsNaN(t) || math.IsInf(t, 0) || math.Abs(t) > 9e12 {
		return 0, false
	}
	us := int64(math.Round(t * 1e6))
	return us, float64(us)/1e6 == t
}

// zstdCodec compresses the columns; _raw, most of the bytes, is worth a
// slower level (zstdRaw).
var (
	zstdCodec = &zstd.Codec{Level: zstd.SpeedFastest}
	zstdRaw   = &zstd.Codec{Level: zstd.SpeedDefault}
)

// schemaFor is the schema of a part holding events with the given field
// names, and the column number of each column name.
func schemaFor(fields, refs []string) (*parquet.Schema, map[string]int) {
	dict := func(n parquet.Node) parquet.Node { return parquet.Encoded(n, &parquet.RLEDictionary) }
	g := parquet.Group{
		colTime:     parquet.Timestamp(parquet.Microsecond),
		colRaw:      parquet.Compressed(parquet.String(), zstdRaw),
		colHost:     dict(parquet.String()),
		colSource:   dict(parquet.String()),
		colST:       dict(parquet.String()),
		colIndex:    dict(parquet.String()),
		colSeq:      parquet.Int(64),
		colLayout:   dict(parquet.String()),
		colDateZone: dict(parquet.String()),
		colExact:    parquet.Optional(parquet.Leaf(parquet.DoubleType)),
	}
	for _, f := range fields {
		g[fieldColumn(f)] = parquet.Optional(dict(parquet.String()))
	}
	for _, f := range refs {
		g[refPrefix+f] = parquet.Optional(parquet.Int(64))
	}
	s := parquet.NewSchema("event", g)
	cols := map[string]int{}
	for i, path := range s.Columns() {
		cols[path[0]] = i
	}
	return s, cols
}

// sortedNames lists a set's names in order.
func sortedNames(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// rowMaker makes the Parquet rows of a part; it remembers the last
// layout, which the events of a sourcetype mostly share.
type rowMaker struct {
	cols   map[string]int
	names  []string
	refs   []bool
	layout string
	fcols  []int // column of each field of the last layout
}

// same reports whether r has the last layout.
func (m *rowMaker) same(r *record) bool {
	if len(r.fields) != len(m.names) || m.names == nil {
		return false
	}
	for i, f := range r.fields {
		if f.Name != m.names[i] || (r.refs[i] >= 0) != m.refs[i] || f.Value.IsMulti() {
			return false
		}
	}
	return true
}

// row makes a record's row in buf's space.
func (m *rowMaker) row(r *record, buf parquet.Row) parquet.Row {
	if !m.same(r) {
		m.names, m.refs, m.fcols = m.names[:0], m.refs[:0], m.fcols[:0]
		for i, f := range r.fields {
			m.names = append(m.names, f.Name)
			m.refs = append(m.refs, r.refs[i] >= 0)
			if r.refs[i] >= 0 {
				m.fcols = append(m.fcols, m.cols[refPrefix+f.Name])
			} else {
				m.fcols = append(m.fcols, m.cols[fieldColumn(f.Name)])
			}
		}
		m.layout = layoutOf(r)
	}
	cols := m.cols
	n := len(cols)
	if cap(buf) < n {
		buf = make(parquet.Row, n)
	}
	row := buf[:n]
	for i := range row {
		row[i] = parquet.NullValue().Level(0, 0, i)
	}
	str := func(col, s string) {
		i := cols[col]
		row[i] = parquet.ByteArrayValue(unsafeBytes(s)).Level(0, 0, i)
	}
	us, exact := micros(r.t)
	row[cols[colTime]] = parquet.Int64Value(us).Level(0, 0, cols[colTime])
	if !exact {
		i := cols[colExact]
		row[i] = parquet.DoubleValue(r.t).Level(0, 1, i)
	}
	row[cols[colSeq]] = parquet.Int64Value(r.seq).Level(0, 0, cols[colSeq])
	str(colRaw, r.raw)
	str(colHost, r.host)
	str(colSource, r.source)
	str(colST, r.st)
	str(colIndex, r.ix)
	str(colLayout, m.layout)
	str(colDateZone, r.zone)
	for k, f := range r.fields {
		i := m.fcols[k]
		if r.refs[k] >= 0 {
			row[i] = parquet.Int64Value(r.refs[k]).Level(0, 1, i)
			continue
		}
		row[i] = parquet.ByteArrayValue(unsafeBytes(cellOf(f.Value))).Level(0, 1, i)
	}
	return row
}

// unsafeBytes is s as bytes without a copy: the writer copies what it is
// given into its own buffers and never changes it.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
