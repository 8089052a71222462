package index

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/parquet-go/parquet-go"
)

// TestChunkReaderMatchesParquet reads every column of every row group of
// the fixtures' summaries with chunkReader and with parquet-go's pages
// (the independent path), for every row and for selections of rows: the
// same cells, nulls and entries.
func TestChunkReaderMatchesParquet(t *testing.T) {
	dir := typesFixture(t, 0)
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	chunks := 0
	for _, p := range m.Summaries {
		f, pf, err := openSummary(dir, p.Path)
		if err != nil {
			t.Fatal(err)
		}
		chunks += compareChunkReads(t, p.Path, pf, rnd)
		f.Close()
	}
	if chunks == 0 {
		t.Errorf("no chunk read")
	}
}

// manyPagesFile writes summary columns (user, process, pid and the
// summary's own) in pages of 2 KB, three row groups, with nulls in every
// column but the reading order; it returns the file and its columns.
func manyPagesFile(t testing.TB) ([]byte, int) {
	cols := summaryColumns([]string{"user", "process", "pid"}, func(n string) bool { return n != "process" }, nil, nil)
	byName := map[string]*pqColumn{}
	for _, c := range cols {
		byName[c.name] = c
	}
	var buf bytes.Buffer
	opt := sumPQ
	opt.page = 2 << 10
	f := newPQFileWith(&buf, opt, cols)
	seq := 0
	for _, rows := range []int{3000, 1000, 129} {
		for i := 0; i < rows; i += rowsAtOnce {
			for j := i; j < min(i+rowsAtOnce, rows); j++ {
				seq++
				if j%5 != 0 {
					byName[colTime].at(f.rows)
					byName[colTime].addInt(int64(seq)*1000, f)
				}
				if j%50 == 1 {
					byName[colExact].at(f.rows)
					byName[colExact].addFloat(float64(seq)+0.25, f)
				}
				byName[colSeq].addInt(int64(seq), f)
				if j%7 == 3 {
					byName[colTypes].at(f.rows)
					byName[colTypes].addString(`{"user":"m"}`, f)
				}
				for name, text := range map[string]string{"user": fmt.Sprintf("u%d", j%300),
					"process": fmt.Sprintf("%s-%d", strings.Repeat("p", j%60), seq), "pid": fmt.Sprint(seq)} {
					if (j+len(name))%11 != 0 {
						byName[name].at(f.rows)
						byName[name].addString(text, f)
					}
				}
				f.rows++
			}
			f.endFullPages()
		}
		if err := f.endRowGroup(); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), len(cols)
}

// TestChunkReaderManyPages is TestChunkReaderMatchesParquet over a file
// of summary columns in pages of 2 KB, three row groups: many pages a
// chunk (runs of them read at once or apart), nulls in every column but
// the reading order, a dictionary column and plain ones.
func TestChunkReaderManyPages(t *testing.T) {
	b, ncols := manyPagesFile(t)
	pf, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)), parquet.SkipPageIndex(true))
	if err != nil {
		t.Fatal(err)
	}
	if chunks := compareChunkReads(t, "many pages", pf, rand.New(rand.NewPCG(3, 4))); chunks != 3*ncols {
		t.Errorf("%d chunks read, want %d", chunks, 3*ncols)
	}
	oi, err := pf.RowGroups()[0].ColumnChunks()[0].OffsetIndex()
	if err != nil || oi.NumPages() < 10 {
		t.Errorf("the first chunk has %v pages (%v): want 10 or more", oi, err)
	}
}

// compareChunkReads reads every column chunk of pf with chunkReader, from
// parquet-go's metadata and from readSumMeta's, and with parquet-go's
// pages, for the selections of rows of its row group, and returns how
// many chunks it read.
func compareChunkReads(t *testing.T, name string, pf *parquet.File, rnd *rand.Rand) int {
	t.Helper()
	m, err := readSumMeta(pf, pf.Size())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var cols []string
	for _, path := range pf.Schema().Columns() {
		cols = append(cols, path[0])
	}
	kv := map[string]string{}
	for _, e := range pf.Metadata().KeyValueMetadata {
		kv[e.Key] = e.Value
	}
	if d := cmp.Diff([]any{cols, kv}, []any{m.cols, m.kv}, cmpopts.EquateEmpty()); d != "" {
		t.Fatalf("%s: columns and metadata (-parquet-go +readSumMeta):\n%s", name, d)
	}
	chunks := 0
	for g, rg := range pf.RowGroups() {
		n := int(rg.NumRows())
		pq, own := sumRG{pq: rg, g: g}, sumRG{meta: m, g: g}
		if own.rows() != n {
			t.Fatalf("%s row group %d: %d rows, want %d", name, g, own.rows(), n)
		}
		for i, chunk := range rg.ColumnChunks() {
			kind := chunk.Type().Kind()
			if directChunk(rg, i, kind) == nil || own.kind(i) != kind || own.allNull(i, n) != pq.allNull(i, n) {
				t.Fatalf("%s row group %d column %d: chunkReader does not read it as parquet-go", name, g, i)
			}
			chunks++
			for _, sel := range selections(n, rnd) {
				pqPagesOnly = true
				want, err := readAny(pq, i, n, sel, kind)
				pqPagesOnly = false
				if err != nil {
					t.Fatalf("%s row group %d column %d, parquet-go: %v", name, g, i, err)
				}
				for _, rg := range []sumRG{pq, own} {
					got, err := readAny(rg, i, n, sel, kind)
					if err != nil {
						t.Fatalf("%s row group %d column %d: %v", name, g, i, err)
					}
					if d := cmp.Diff(want, got, cmp.AllowUnexported(sumColumn{}), cmpopts.EquateEmpty(),
						cmpopts.IgnoreFields(sumColumn{}, "scratch", "shared"), cmpopts.EquateNaNs()); d != "" {
						t.Fatalf("%s row group %d column %d (footer read by parquet-go: %t), rows %v (-parquet-go +chunkReader):\n%s",
							name, g, i, rg.pq != nil, sel, d)
					}
				}
			}
		}
	}
	return chunks
}

// selections are rows of a row group of n rows to read: all, each, every
// third, every 97th, the first, the last, none and two random sets.
func selections(n int, rnd *rand.Rand) [][]int32 {
	out := [][]int32{nil}
	every := func(k int) []int32 {
		var s []int32
		for r := 0; r < n; r += k {
			s = append(s, int32(r))
		}
		return s
	}
	out = append(out, every(1), every(3), every(97), []int32{0}, []int32{int32(n - 1)}, []int32{})
	for range 2 {
		var s []int32
		for r := range n {
			if rnd.IntN(10) == 0 {
				s = append(s, int32(r))
			}
		}
		out = append(out, s)
	}
	return out
}

// readAny reads column i as the summary's readers read its kind.
func readAny(rg sumRG, i, n int, sel []int32, kind parquet.Kind) (any, error) {
	switch kind {
	case parquet.ByteArray:
		return readSumColumn(rg, i, n, sel)
	case parquet.Int64:
		ints, has, err := readInts(rg, i, n, sel)
		return []any{ints, has}, err
	default:
		return readDoubles(rg, i, n, sel)
	}
}

// FuzzPQThrift decodes damaged page headers, offset indexes and footers
// (manyPagesFile's, bytes changed): an error or a value, never a panic
// nor a read past the bytes. TestPQThriftDamaged runs it on 2,000
// random damages.
func FuzzPQThrift(f *testing.F) {
	part, _ := manyPagesFile(f)
	f.Add(part, 4)
	f.Add(part, len(part)-200)
	f.Fuzz(func(t *testing.T, b []byte, at int) { decodeDamaged(t, b, at) })
}

func TestPQThriftDamaged(t *testing.T) {
	part, _ := manyPagesFile(t)
	rnd := rand.New(rand.NewPCG(5, 6))
	decoded := 0
	for range 2000 {
		b := append([]byte(nil), part...)
		for range 1 + rnd.IntN(4) {
			// Most damage goes to the footer, which every decoding reads.
			at := len(b) - 1 - rnd.IntN(min(len(b), 4<<10))
			if rnd.IntN(4) == 0 {
				at = rnd.IntN(len(b))
			}
			b[at] = byte(rnd.Uint32())
		}
		if decodeDamaged(t, b, rnd.IntN(len(b))) {
			decoded++
		}
	}
	if decoded < 100 || decoded > 1900 {
		t.Errorf("%d damaged parts of 2,000 opened from their footer: want some, not all", decoded)
	}
}

// decodeDamaged decodes b as a page header and an offset index at at, and
// as a part, reading every column of every row group when its footer
// decodes (then true). The reads run under guard, as a scan's do:
// parquet-go's decoders of values may panic on damaged bytes.
func decodeDamaged(t *testing.T, b []byte, at int) bool {
	if at >= 0 && at < len(b) {
		readPageHead(b[at:])
		readOffsetIndex(b[at:])
	}
	m, err := readSumMeta(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return false
	}
	for g := range m.groups {
		rg := sumRG{meta: m, g: g}
		for i := range m.cols {
			for _, sel := range [][]int32{nil, {0, int32(rg.rows() - 1)}} {
				guard("damaged", func() (any, error) { return readAny(rg, i, rg.rows(), sel, rg.kind(i)) })
			}
		}
	}
	return true
}
