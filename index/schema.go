package index

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

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
)

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
	}
	return r, nil
}

// layoutOf is an event's layout column: a JSON array of its field names in
// order, a multivalue field's name in an array of its own (["name"]).
func layoutOf(fs value.Fields) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(f.Name)
		if f.Value.IsMulti() {
			b.WriteByte('[')
			b.Write(name)
			b.WriteByte(']')
		} else {
			b.Write(name)
		}
	}
	b.WriteByte(']')
	return b.String()
}

// layoutField is one entry of a parsed layout.
type layoutField struct {
	name  string
	multi bool
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
			if err := json.Unmarshal(m, &one); err != nil || len(one) != 1 {
				return nil, fmt.Errorf("bad layout entry %s", m)
			}
			out[i] = layoutField{name: one[0], multi: true}
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

var zstdCodec = &zstd.Codec{Level: zstd.SpeedFastest}

// schemaFor is the schema of a part holding events with the given field
// names, and the column number of each column name.
func schemaFor(fields []string) (*parquet.Schema, map[string]int) {
	dict := func(n parquet.Node) parquet.Node { return parquet.Encoded(n, &parquet.RLEDictionary) }
	g := parquet.Group{
		colTime:     parquet.Timestamp(parquet.Microsecond),
		colRaw:      parquet.String(),
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

// rowOf makes a record's Parquet row for a part whose columns are cols,
// in buf's space.
func rowOf(r *record, cols map[string]int, buf parquet.Row) parquet.Row {
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
		row[i] = parquet.ByteArrayValue([]byte(s)).Level(0, 0, i)
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
	str(colLayout, layoutOf(r.fields))
	str(colDateZone, r.zone)
	for _, f := range r.fields {
		i := cols[fieldColumn(f.Name)]
		row[i] = parquet.ByteArrayValue([]byte(cellOf(f.Value))).Level(0, 1, i)
	}
	return row
}
