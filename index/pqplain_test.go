package index

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
)

// TestPlainPageReadsBack writes a text column whose values are mostly
// distinct (written plain) beside one that repeats (a dictionary), with
// nulls, an empty text and a repeated value, in two row groups, and
// reads them back with parquet-go's reader and with readColumn at chosen
// rows: the values, the encodings and the statistics.
func TestPlainPageReadsBack(t *testing.T) {
	cols := []*pqColumn{
		{name: "id", kind: pqDict, optional: true},
		{name: "kind", kind: pqDict},
	}
	var buf bytes.Buffer
	f := newPQFile(&buf, cols)
	var want [][2]string // "" id: null
	for g := range 2 {
		for r := range uniqueProbe + 100 {
			id := fmt.Sprintf("%d-%05d", g, r*7919%100000)
			switch {
			case r%50 == 3:
				id = "" // null
			case r == 600:
				id = "0-same"
			case r == 601:
				id = "0-same"
			}
			kind := []string{"a", "b", "c"}[r%3]
			if id != "" {
				cols[0].at(f.rows)
				cols[0].addString(id, f)
			}
			cols[1].addString(kind, f)
			f.rows++
			want = append(want, [2]string{id, kind})
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
	var got [][2]string
	for _, rg := range pf.RowGroups() {
		for i := range rg.ColumnChunks() {
			encs := fmt.Sprint(pf.Metadata().RowGroups[0].Columns[i].MetaData.Encoding)
			if wantPlain := i == 0; (encs == "[RLE DELTA_LENGTH_BYTE_ARRAY]") != wantPlain {
				t.Errorf("column %d: encodings %s", i, encs)
			}
		}
		rows := rg.Rows()
		buf := make([]parquet.Row, 64)
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				var r [2]string
				for _, v := range row {
					if !v.IsNull() {
						r[v.Column()] = v.String()
					}
				}
				got = append(got, r)
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
	// The reader's own path, at some rows of the second row group.
	rg := pf.RowGroups()[1]
	sel := []int32{0, 3, 600, 601, int32(uniqueProbe + 99)}
	c, err := readColumn(sumRG{pq: rg}, 0, parquet.ByteArray, sel)
	if err != nil {
		t.Fatal(err)
	}
	n := uniqueProbe + 100
	for k, r := range sel {
		w := want[n+int(r)][0]
		if c.present[k] != (w != "") || (w != "" && c.cells[k] != w) {
			t.Errorf("row %d: got %q (present %v), want %q", r, c.cells[k], c.present[k], w)
		}
	}
	least, most := "", ""
	for _, w := range want[n:] {
		if w[0] != "" && (least == "" || w[0] < least) {
			least = w[0]
		}
		most = max(most, w[0])
	}
	lo, hi, ok := rg.ColumnChunks()[0].(*parquet.FileColumnChunk).Bounds()
	if !ok || lo.String() != least || hi.String() != most {
		t.Errorf("statistics: %v %v %v, want %s %s", lo, hi, ok, least, most)
	}
	// Damaged: every single byte flipped in the plain chunk's pages gives
	// values or an error, never a panic.
	good := buf.Bytes()
	for at := 4; at < len(good)/2; at += 97 {
		bad := append([]byte(nil), good...)
		bad[at] ^= 0x5a
		_, _ = guard("damaged.parquet", func() (*column, error) {
			pf, err := parquet.OpenFile(bytes.NewReader(bad), int64(len(bad)))
			if err != nil {
				return nil, err
			}
			return readColumn(sumRG{pq: pf.RowGroups()[0]}, 0, parquet.ByteArray, nil)
		})
	}
}
