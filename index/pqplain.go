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
	starts := make([]int, 0, c.entries+1)
	for at := 0; at+4 <= len(c.dict); {
		starts = append(starts, at+4)
		at += 4 + int(binary.LittleEndian.Uint32(c.dict[at:]))
	}
	if len(starts) != int(c.entries) {
		return
	}
	starts = append(starts, len(c.dict)+4)
	data := make([]byte, lensRoom, lensRoom+len(c.dict))
	lens := make([]int32, len(c.ids))
	for k, id := range c.ids {
		v := c.dict[starts[id] : starts[id+1]-4]
		data = append(data, v...)
		lens[k] = int32(len(v))
	}
	c.kind, c.data, c.lens, c.ids, c.plain = pqBytes, data, lens, c.ids[:0], true
	f.page(c)
	c.kind, c.data, c.lens = pqDict, nil, nil
}

// codec compresses c's pages: the values plainPage writes (numbers, hex
// identifiers) with their literals entropy-coded, which zstd's fastest
// level leaves raw in blocks without matches; others with the file's.
func (c *pqColumn) codec(file *zstdPages) *zstdPages {
	if c.plain {
		return eventZstd
	}
	return file
}

// plainEncodings are the encodings of a column chunk plainPage wrote.
func plainEncodings(optional bool) []format.Encoding {
	if optional {
		return []format.Encoding{format.RLE, format.DeltaLengthByteArray}
	}
	return []format.Encoding{format.DeltaLengthByteArray}
}
