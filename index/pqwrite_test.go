package index

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
)

// TestPQFileReadsBack writes rows through pqFile and reads them back with
// parquet-go's own reader, an independent path: the values, the nulls,
// the schema's types and each row group's statistics. The rows cross
// pages (texts longer than a page) and row groups, and have a column
// that is null in a whole row group, empty texts and a NaN.
func TestPQFileReadsBack(t *testing.T) {
	type row struct {
		t, seq   int64
		raw, cmd string
		hasCmd   bool
		ref      int64
		hasRef   bool
		exact    float64
		hasExact bool
	}
	long := strings.Repeat("x", pageBytes/2+7)
	groups := [][]row{
		{
			{t: 5, seq: 1, raw: "b", cmd: "whoami", hasCmd: true},
			{t: 3, seq: 2, raw: "a" + long, ref: 7 << 32, hasRef: true},
			{t: 9, seq: 3, raw: "c" + long, cmd: "", hasCmd: true, exact: 1.5, hasExact: true},
			{t: 4, seq: 4, raw: "", cmd: "whoami", hasCmd: true, ref: 3, hasRef: true},
		},
		{
			{t: -2, seq: 5, raw: "z" + long, ref: 1, hasRef: true},
			{t: 8, seq: 6, raw: "y" + long + long, exact: 2.5, hasExact: true},
		},
	}
	cols := []*pqColumn{
		{name: "_raw", kind: pqBytes},
		{name: "_spelunk_ref_X", kind: pqRef, optional: true},
		{name: "_spelunk_seq", kind: pqInt},
		{name: "_spelunk_time", kind: pqFloat, optional: true},
		{name: "_time", kind: pqTime},
		{name: "cmd", kind: pqDict, optional: true},
	}
	var buf bytes.Buffer
	f := newPQFile(&buf, cols)
	for _, g := range groups {
		for _, r := range g {
			cols[4].addInt(r.t, f)
			cols[2].addInt(r.seq, f)
			cols[0].addString(r.raw, f)
			if r.hasRef {
				cols[1].at(f.rows)
				cols[1].addInt(r.ref, f)
			}
			if r.hasExact {
				cols[3].at(f.rows)
				cols[3].addFloat(r.exact, f)
			}
			if r.hasCmd {
				cols[5].at(f.rows)
				cols[5].addString(r.cmd, f)
			}
			f.rows++
		}
		if err := f.endRowGroup(); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.close(); err != nil {
		t.Fatal(err)
	}

	pf, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	wantSchema := parquet.NewSchema("event", parquet.Group{
		"_raw":           parquet.String(),
		"_spelunk_ref_X": parquet.Optional(parquet.Int(64)),
		"_spelunk_seq":   parquet.Int(64),
		"_spelunk_time":  parquet.Optional(parquet.Leaf(parquet.DoubleType)),
		"_time":          parquet.Timestamp(parquet.Microsecond),
		"cmd":            parquet.Optional(parquet.String()),
	})
	if diff := cmp.Diff(wantSchema.String(), pf.Schema().String()); diff != "" {
		t.Errorf("schema (-want +got):\n%s", diff)
	}
	cell := func(v parquet.Value) string {
		switch {
		case v.IsNull():
			return "null"
		case v.Kind() == parquet.ByteArray:
			s := v.String()
			if len(s) > 12 {
				return fmt.Sprintf("%s..%d", s[:2], len(s))
			}
			return fmt.Sprintf("%q", s)
		}
		return v.String()
	}
	var want, got []string
	for _, g := range groups {
		for _, r := range g {
			w := parquet.Row{parquet.ByteArrayValue([]byte(r.raw)), parquet.NullValue(), parquet.Int64Value(r.seq),
				parquet.NullValue(), parquet.Int64Value(r.t), parquet.NullValue()}
			if r.hasRef {
				w[1] = parquet.Int64Value(r.ref)
			}
			if r.hasExact {
				w[3] = parquet.DoubleValue(r.exact)
			}
			if r.hasCmd {
				w[5] = parquet.ByteArrayValue([]byte(r.cmd))
			}
			want = append(want, rowText(w, cell))
		}
	}
	rd := parquet.NewReader(pf)
	rows := make([]parquet.Row, 10)
	n, _ := rd.ReadRows(rows)
	for _, r := range rows[:n] {
		got = append(got, rowText(r, cell))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}

	// Statistics: nulls, least and greatest of each column chunk.
	wantStats := [][]string{
		{`"" cx..524296 0`, "3 30064771072 2", "1 4 0", "1.5 1.5 3", "3 9 0", `"" "whoami" 1`},
		{"yx..1048591 zx..524296 0", "1 1 1", "5 6 0", "2.5 2.5 1", "-2 8 0", "null null 2"},
	}
	for g, rg := range pf.RowGroups() {
		var stats []string
		for _, cc := range rg.ColumnChunks() {
			lo, hi, _ := cc.(*parquet.FileColumnChunk).Bounds()
			stats = append(stats, fmt.Sprintf("%s %s %d", cell(lo), cell(hi), cc.(*parquet.FileColumnChunk).NullCount()))
		}
		if diff := cmp.Diff(wantStats[g], stats); diff != "" {
			t.Errorf("row group %d statistics (-want +got):\n%s", g, diff)
		}
	}

	// The offset index: the first row of each data page (a page ends
	// once its values take a page's bytes), the first at the chunk's
	// first data page.
	wantPages := [][][]int64{
		{{0, 3}, {0}, {0}, {0}, {0}, {0}},
		{{0}, {0}, {0}, {0}, {0}, {0}},
	}
	md := pf.Metadata()
	for g, rg := range pf.RowGroups() {
		var pages [][]int64
		for i, cc := range rg.ColumnChunks() {
			oi, err := cc.(*parquet.FileColumnChunk).OffsetIndex()
			if err != nil {
				t.Fatal(err)
			}
			var firsts []int64
			for p := range oi.NumPages() {
				firsts = append(firsts, oi.FirstRowIndex(p))
			}
			pages = append(pages, firsts)
			if got, want := oi.Offset(0), md.RowGroups[g].Columns[i].MetaData.DataPageOffset; got != want {
				t.Errorf("row group %d column %d: first page at %d, data pages start at %d", g, i, got, want)
			}
		}
		if diff := cmp.Diff(wantPages[g], pages); diff != "" {
			t.Errorf("row group %d pages (-want +got):\n%s", g, diff)
		}
	}
}

func rowText(r parquet.Row, cell func(parquet.Value) string) string {
	var parts []string
	for _, v := range r {
		parts = append(parts, cell(v))
	}
	return strings.Join(parts, " ")
}

// TestPQFileDistinctValues writes a text column whose values are all
// distinct at first (so that further values are added to the dictionary
// without being looked up) and then repeat: every row reads back as
// written, and the bounds are those of the values.
func TestPQFileDistinctValues(t *testing.T) {
	col := &pqColumn{name: "v", kind: pqDict, optional: true}
	var buf bytes.Buffer
	f := newPQFile(&buf, []*pqColumn{col})
	var want []string
	for i := range 1500 {
		if i%7 != 3 {
			v := fmt.Sprintf("v%04d", i%1000)
			col.at(f.rows)
			col.addString(v, f)
			want = append(want, v)
		} else {
			want = append(want, "null")
		}
		f.rows++
	}
	pf := closedFile(t, f, &buf)
	rows := make([]parquet.Row, 2000)
	n, _ := parquet.NewReader(pf).ReadRows(rows)
	var got []string
	for _, r := range rows[:n] {
		if r[0].IsNull() {
			got = append(got, "null")
		} else {
			got = append(got, r[0].String())
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	cc := pf.RowGroups()[0].ColumnChunks()[0].(*parquet.FileColumnChunk)
	lo, hi, _ := cc.Bounds()
	if diff := cmp.Diff([]string{"v0000", "v0999", "214"}, []string{lo.String(), hi.String(), fmt.Sprint(cc.NullCount())}); diff != "" {
		t.Errorf("bounds and nulls (-want +got):\n%s", diff)
	}
}

// TestPQFileManyShortTexts writes a page of so many short texts of
// varied lengths that their lengths, encoded, do not fit the room kept
// for them before the values: they read back as written.
func TestPQFileManyShortTexts(t *testing.T) {
	col := &pqColumn{name: "_raw", kind: pqBytes}
	var buf bytes.Buffer
	f := newPQFile(&buf, []*pqColumn{col})
	var want []int
	for i := range 30000 {
		n := i * 7919 % 61
		col.addString(strings.Repeat("x", n), f)
		f.rows++
		want = append(want, n)
	}
	if err := f.close(); err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]parquet.Row, 40000)
	n, _ := parquet.NewReader(pf).ReadRows(rows)
	var got []int
	for _, r := range rows[:n] {
		got = append(got, len(r[0].ByteArray()))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lengths (-want +got):\n%s", diff)
	}
}

// TestPQFileSummaryColumns writes summary columns the way a summary part
// does (sumPQ: small pages ended between writes of rowsAtOnce rows) and
// reads them back with parquet-go: the schema is the one parquet-go builds
// from the summary's column types, the rows read back as written, a
// dictionary column's entries are distinct even when its first values
// are (a reader numbers the values by entry), and the plain column's
// values span several pages.
func TestPQFileSummaryColumns(t *testing.T) {
	cols := summaryColumns([]string{"user", "_spelunk_x", "process"}, func(n string) bool { return n == "user" }, nil, nil)
	byName := map[string]*pqColumn{}
	for _, c := range cols {
		byName[c.name] = c
	}
	var buf bytes.Buffer
	f := newPQFileWith(&buf, sumPQ, cols)
	var want []string
	const rows = 3000
	for i := 0; i < rows; i += rowsAtOnce {
		for j := i; j < min(i+rowsAtOnce, rows); j++ {
			user := fmt.Sprintf("u%d", j%700) // distinct for 700 rows, then repeating
			proc := fmt.Sprintf("%s-%d", strings.Repeat("p", 40), j)
			// The columns by name: _spelunk_f__spelunk_x, _spelunk_seq,
			// _spelunk_time, _spelunk_types, _time, process, user.
			row := []string{"null", fmt.Sprint(j), "null", "null", "null", "null", "null"}
			if j%5 != 0 {
				byName["_time"].at(f.rows)
				byName["_time"].addInt(int64(j)*1000, f)
				row[4] = fmt.Sprint(int64(j) * 1000)
			}
			byName["_spelunk_seq"].addInt(int64(j), f)
			if j%3 != 0 {
				byName["user"].at(f.rows)
				byName["user"].addString(user, f)
				row[6] = user
			}
			byName["process"].at(f.rows)
			byName["process"].addString(proc, f)
			row[5] = proc
			if j == 7 {
				byName["_spelunk_f__spelunk_x"].at(f.rows)
				byName["_spelunk_f__spelunk_x"].addString("x", f)
				row[0] = "x"
			}
			want = append(want, strings.Join(row, " "))
			f.rows++
		}
		f.endFullPages()
	}
	if err := f.endRowGroup(); err != nil {
		t.Fatal(err)
	}
	if err := f.close(); err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	dict := func(n parquet.Node) parquet.Node { return parquet.Encoded(n, &parquet.RLEDictionary) }
	delta := func(n parquet.Node) parquet.Node { return parquet.Encoded(n, &parquet.DeltaBinaryPacked) }
	wantSchema := parquet.NewSchema("summary", parquet.Group{
		colTime:                 parquet.Optional(delta(parquet.Timestamp(parquet.Microsecond))),
		colExact:                parquet.Optional(parquet.Leaf(parquet.DoubleType)),
		colSeq:                  delta(parquet.Int(64)),
		colTypes:                parquet.Optional(dict(parquet.String())),
		"_spelunk_f__spelunk_x": parquet.Optional(parquet.String()),
		"process":               parquet.Optional(parquet.String()),
		"user":                  parquet.Optional(dict(parquet.String())),
	})
	if diff := cmp.Diff(wantSchema.String(), pf.Schema().String()); diff != "" {
		t.Errorf("schema (-want +got):\n%s", diff)
	}
	var got []string
	buffer := make([]parquet.Row, rows+10)
	n, _ := parquet.NewReader(pf).ReadRows(buffer)
	for _, r := range buffer[:n] {
		var cells []string
		for _, v := range r {
			if v.IsNull() {
				cells = append(cells, "null")
			} else {
				cells = append(cells, v.String())
			}
		}
		got = append(got, strings.Join(cells, " "))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	chunks := pf.RowGroups()[0].ColumnChunks()
	for i, c := range pf.Schema().Columns() {
		cc := chunks[i].(*parquet.FileColumnChunk)
		oi, err := cc.OffsetIndex()
		if err != nil {
			t.Fatal(err)
		}
		switch c[0] {
		case "user":
			p, err := cc.Pages().ReadPage()
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Dictionary().Len(); got != 700 {
				t.Errorf("user: %d dictionary entries, want 700", got)
			}
		case "process":
			// About 50 bytes a row: a 16 KB page ends after a write of
			// 128 rows once it holds 16 KB.
			if got := oi.NumPages(); got < 5 || got > 12 {
				t.Errorf("process: %d pages, want 5 to 12", got)
			}
		}
	}
}

// TestSqueezePicks writes two columns of distinct values (written plain)
// in two row groups: six-digit record numbers in order, which zstd's
// default level makes much smaller than its fastest does (W1's
// EventRecordID: 120 KB against 475 KB), and random letters, which
// neither compresses much more than the other. The first row group decides each column's codec;
// both read back as written.
func TestSqueezePicks(t *testing.T) {
	cols := []*pqColumn{
		{name: "n", kind: pqDict},
		{name: "w", kind: pqDict},
	}
	var buf bytes.Buffer
	f := newPQFile(&buf, cols)
	rnd := rand.New(rand.NewPCG(1, 2))
	var want [][2]string
	for range 2 {
		for range 4000 {
			n := fmt.Sprint(100_000 + len(want))
			w := make([]byte, 12)
			for i := range w {
				w[i] = 'a' + byte(rnd.IntN(26))
			}
			cols[0].addString(n, f)
			cols[1].addString(string(w), f)
			f.rows++
			want = append(want, [2]string{n, string(w)})
		}
		if err := f.endRowGroup(); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.close(); err != nil {
		t.Fatal(err)
	}
	if got := [2]betterZstd{cols[0].better[plainPages], cols[1].better[plainPages]}; got != [2]betterZstd{betterYes, betterNo} {
		t.Errorf("codecs picked %v, want [%v %v]", got, betterYes, betterNo)
	}
	pf, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		rb := make([]parquet.Row, 64)
		for {
			n, err := rows.ReadRows(rb)
			for _, row := range rb[:n] {
				got = append(got, [2]string{row[0].String(), row[1].String()})
			}
			if err != nil {
				break
			}
		}
		rows.Close()
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("rows (-want +got):\n%s", d)
	}
}

// TestRawHasNoBounds writes event parts' columns (schemaFor) and reads
// their statistics with parquet-go: _raw's chunk has no least and
// greatest value, the others theirs.
func TestRawHasNoBounds(t *testing.T) {
	list, cols := schemaFor(map[string]uint8{"User": asText})
	var buf bytes.Buffer
	f := newPQFile(&buf, list)
	for i, raw := range []string{"<Event>b</Event>", "<Event>a</Event>"} {
		r := &record{t: float64(1000 + i), seq: int64(i), raw: raw, host: "h", st: "st", ix: "main",
			fs: []keptField{{name: "User", cell: fmt.Sprint("u", i), ref: textCell}}}
		cols.add(f, r)
		f.rows++
	}
	pf := closedFile(t, f, &buf)
	got := map[string]string{}
	for i, cc := range pf.RowGroups()[0].ColumnChunks() {
		lo, hi, ok := cc.(*parquet.FileColumnChunk).Bounds()
		if name := list[i].name; name == colRaw || name == "User" {
			got[name] = "none"
			if ok {
				got[name] = fmt.Sprintf("%s %s", lo, hi)
			}
		}
	}
	want := map[string]string{colRaw: "none", "User": "u0 u1"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("bounds (-want +got):\n%s", d)
	}
}

// closedFile closes f, written to buf, and opens it with parquet-go.
func closedFile(t *testing.T, f *pqFile, buf *bytes.Buffer) *parquet.File {
	t.Helper()
	if err := f.close(); err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return pf
}
