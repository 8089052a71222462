package index

import (
	"encoding/binary"

	"github.com/parquet-go/parquet-go/format"
)

// plainPage writes the row group of a text column whose values are
// mostly distinct (unique: its dictionary holds each value as it came)
// as the values themselves, DELTA_LENGTH_BYTE_ARRAY, when they are all
// still in its open page: the dictionary would hold the same bytes and
// its numbers cost a dictionary page's entry count in bits a row besides
// (W1: ProcessId, User, LogonId, UtcTime: a third to a half smaller).
// The row group's statistics are the dictionary's, kept as before.
func (f *pqFile) plainPage(c *pqColumn) {
	if c.kind != pqDict || !c.unique || c.done != 0 || c.rows == 0 || f.err != nil {
		return
	}
	// The buffers are the file's, kept from column to column and row
	// group to row group: made anew they were 7% of what indexing W1
	// allocated.
	starts := f.plain.starts[:0]
	for at := 0; at+4 <= len(c.dict); {
		starts = append(starts, at+4)
		at += 4 + int(binary.LittleEndian.Uint32(c.dict[at:]))
	}
	if f.plain.starts = starts; len(starts) != int(c.entries) {
		return
	}
	starts = append(starts, len(c.dict)+4)
	data := append(f.plain.data[:0], make([]byte, lensRoom)...)
	lens := f.plain.lens[:0]
	for _, id := range c.ids {
		v := c.dict[starts[id] : starts[id+1]-4]
		data = append(data, v...)
		lens = append(lens, int32(len(v)))
	}
	c.kind, c.data, c.lens, c.ids, c.plain = pqBytes, data, lens, c.ids[:0], true
	f.page(c)
	f.plain.starts, f.plain.data, f.plain.lens = starts, c.data, c.lens
	if cap(data) > 4<<20 {
		f.plain.data = nil // long texts: do not hold the largest page
	}
	c.kind, c.data, c.lens = pqDict, nil, nil
}

// plainBufs are the buffers plainPage builds a page in.
type plainBufs struct {
	starts []int
	data   []byte
	lens   []int32
}

// plainEncodings are the encodings of a column chunk plainPage wrote.
func plainEncodings(optional bool) []format.Encoding {
	if optional {
		return []format.Encoding{format.RLE, format.DeltaLengthByteArray}
	}
	return []format.Encoding{format.DeltaLengthByteArray}
}
