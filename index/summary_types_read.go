package index

import (
	"encoding/json"

	"github.com/parquet-go/parquet-go"
)

// readTypes reads the types column (colTypes, column i) of a row group of
// n rows for the rows of sel, as readSumColumn does, unless its
// dictionary shows that no row's cell concerns the scan: none names _time
// or a field of want (nil: every field). Then its data pages are left
// unread and every slot says "no types", which makes the same rows: a
// row's cell is consulted only for _time and the fields read. A cell that
// does not parse, or a column without a dictionary, is read as before.
func readTypes(rg sumRG, i, n int, sel []int32, want map[string]bool) (*sumColumn, error) {
	if want != nil && !typesConcern(rg, i, want) {
		c := &sumColumn{ids: make([]int32, slots(n, sel))}
		for k := range c.ids {
			c.ids[k] = -1
		}
		return c, nil
	}
	return readSumColumn(rg, i, n, sel)
}

// typesConcern reports whether some entry of the dictionary of types
// column i may change _time or a field of want; true when that cannot be
// known from the dictionary alone.
func typesConcern(rg sumRG, i int, want map[string]bool) bool {
	if r := rg.direct(i, parquet.ByteArray); r != nil && (!pqPagesOnly || rg.pq == nil) {
		concern := true
		err := r.withDictionary(func(d *sumDict) error {
			concern = d == nil || cellsConcern(d.data, d.offs, want)
			return nil
		})
		return err != nil || concern
	}
	pages := rg.pq.ColumnChunks()[i].Pages()
	defer pages.Close()
	dr, ok := pages.(interface {
		ReadDictionary() (parquet.Dictionary, error)
	})
	if !ok {
		return true
	}
	d, err := dr.ReadDictionary()
	if err != nil || d == nil || d.Type().Kind() != parquet.ByteArray {
		return true
	}
	vals := d.Page().Data()
	data, offs := vals.ByteArray()
	return cellsConcern(data, offs, want)
}

// cellsConcern reports whether some types cell of a dictionary (entry k
// is data[offs[k]:offs[k+1]]) names _time or a field of want, or does
// not parse.
func cellsConcern(data []byte, offs []uint32, want map[string]bool) bool {
	if len(offs) == 0 || checkOffsets(offs, len(data)) != nil {
		return true
	}
	for k := 0; k+1 < len(offs); k++ {
		var cell map[string]json.RawMessage
		if json.Unmarshal(data[offs[k]:offs[k+1]], &cell) != nil {
			return true
		}
		for name := range cell {
			if name == "_time" || want[name] {
				return true
			}
		}
	}
	return false
}
