package index

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"github.com/klauspost/compress/zstd"
	"io"
	"math"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/delta"
	"github.com/parquet-go/parquet-go/encoding/rle"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// pqFile writes one part: a Parquet file of flat columns, row group by
// row group. It does what parquet-go's generic writer did for the event
// parts (the same types, encodings, statistics and data pages, version 2)
// with the values as they come, no parquet.Value each, and dictionaries
// of its own. Of the page index it writes the offset index (where each
// page starts), not the column index (each page's bounds); no bloom
// filters.
type pqFile struct {
	opt    pqOptions
	w      *bufio.Writer
	off    int64
	cols   []*pqColumn
	rows   int // rows of the open row group
	groups []format.RowGroup
	pageIx [][]format.OffsetIndex // each row group's, by column
	kv     []format.KeyValue
	enc    *thrift.Encoder
	hdr    bytes.Buffer
	vals   []byte // a page's encoded values, before compression
	zbuf   []byte
	zalt   []byte // a page compressed the other way, to compare (squeeze)
	lv     []byte
	lv2    []byte // a page's lengths of values, encoded
	plain  plainBufs
	dups   pageDups // the row group's pages, by content (pqOptions.dedupe)
	err    error    // the first failure to encode a page
}

// pqOptions are what differ between the files pqFile writes: the event
// parts' and the data model summaries'.
type pqOptions struct {
	root  string     // the schema's root name
	page  int        // bytes from which a column's values make a page
	codec *zstdPages // compresses the pages
	// chunked ends pages only when endFullPages is called (between rows
	// written a few at a time), counting a page's bytes as parquet-go's
	// column buffers do (levels and indexes included); else a page ends
	// as soon as its values take page bytes.
	chunked bool
	// pick compresses a column's plain pages and large dictionaries
	// with eventZstd only where that paid on its first one (squeeze).
	pick bool
	// dedupe copies a page like one compressed before in the row group
	// (pageDups).
	dedupe bool
}

// eventPQ are the event parts' options.
var eventPQ = pqOptions{root: "event", page: pageBytes, codec: zstdCodec, pick: true, dedupe: true}

// lensRoom is the room a text column's page keeps before its values for
// their lengths, encoded: a 1 MB page of 100-byte values needs about 2 KB.
const lensRoom = 16 << 10

// pqKind is what a column holds and how it is encoded.
type pqKind uint8

const (
	pqTime  pqKind = iota // required INT64 TIMESTAMP(MICROS, UTC), delta
	pqInt                 // required INT64, delta
	pqBytes               // required STRING, delta length
	pqDict                // STRING, dictionary; required or optional
	pqRef                 // optional INT64, plain
	pqFloat               // optional DOUBLE, plain
)

// pqColumn is one column: the values of its open page, the dictionary
// and the finished pages of the open row group.
type pqColumn struct {
	name     string
	kind     pqKind
	optional bool
	// exact keeps the dictionary's entries distinct (no unique probe):
	// a reader may number the column's values by their entries.
	exact bool
	// noBounds writes no least and greatest value (_raw: whole records,
	// which no search is decided by; W1's took 0.37 MB of its footers,
	// which every search reads, and comparing each record twice over
	// their common first 300 bytes).
	noBounds bool

	// The open page: a definition level per row (optional columns) and
	// the values that are not null.
	rows  int // rows of the open page; done: of the row group's pages
	done  int
	defs  []uint8
	ints  []int64
	flts  []float64
	ids   []int32
	data  []byte  // pqBytes: room for the lengths (lensRoom), then the values
	lens  []int32 // pqBytes: the values' lengths
	pageN int     // bytes the open page's values take, about

	// The row group's dictionary: its entries PLAIN-encoded, their
	// numbers by text (keys point into dict's arrays).
	dict    []byte
	byText  map[string]int32
	entries int32
	// A column whose first values in the row group are nearly all
	// distinct (record numbers, process ids, command lines) adds each
	// further value as an entry without looking it up: a value may then
	// be twice in the dictionary, which Parquet allows, for no hashing.
	looked int32
	unique bool
	plain  bool // the row group's values are written plain (plainPage)
	// better says, for plain pages and large dictionary pages, whether
	// eventZstd compresses them (squeeze): unknown until the first.
	better [2]betterZstd
	// last is the text last looked up, only within a batch of
	// records (forget): it may be a view of a mapped input.
	last     string
	lastID   int32
	haveLast bool

	// The row group's finished data pages, compressed, with headers.
	pages              []byte
	locs               []format.PageLocation // offsets from the first data page
	nPages             int
	values, nulls, unc int64
	bounded            bool
	minI, maxI         int64
	minF, maxF         float64
	minS, maxS         string
	minB, maxB         []byte // minS and maxS of a pqBytes column (bound)
}

var (
	levelCodec = &rle.Encoding{BitWidth: 1}
	dictCodec  = &rle.DictionaryEncoding{}
	deltaCodec = &delta.BinaryPackedEncoding{}
)

// newPQFile starts a file of the given columns on w; what goes wrong
// writing is told when a row group or the file ends.
func newPQFile(w io.Writer, cols []*pqColumn, kv ...format.KeyValue) *pqFile {
	return newPQFileWith(w, eventPQ, cols, kv...)
}

// newPQFileWith is newPQFile with the given options.
func newPQFileWith(w io.Writer, opt pqOptions, cols []*pqColumn, kv ...format.KeyValue) *pqFile {
	f := &pqFile{opt: opt, w: bufio.NewWriterSize(w, min(256<<10, max(16<<10, 4*opt.page))), cols: cols, kv: kv}
	f.enc = thrift.NewEncoder(new(thrift.CompactProtocol).NewWriter(&f.hdr))
	for _, c := range cols {
		if c.kind == pqDict {
			c.byText = map[string]int32{}
		}
		if c.kind == pqBytes {
			c.data = make([]byte, lensRoom, lensRoom+opt.page+opt.page/4)
		}
	}
	f.write([]byte("PAR1"))
	return f
}

// at makes room for row r of the row group in c: nulls for the rows c
// missed.
func (c *pqColumn) at(r int) {
	for ; c.done+c.rows < r; c.rows++ {
		c.defs = append(c.defs, 0)
	}
}

func (c *pqColumn) present() {
	if c.optional {
		c.defs = append(c.defs, 1)
	}
	c.rows++
}

// full ends the open page when it has grown to a page's size.
func (c *pqColumn) full(f *pqFile) {
	if c.pageN >= f.opt.page && !f.opt.chunked {
		f.page(c)
	}
}

// endFullPages ends, in a chunked file, the open page of each column
// that has grown to a page's size, as parquet-go's writer does after
// each write of rows: its column buffers count 4 bytes a row and a
// level byte for an optional column besides the values, and it starts a
// page at 98% of the page size.
func (f *pqFile) endFullPages() {
	limit := f.opt.page * 98 / 100
	for _, c := range f.cols {
		c.at(f.rows)
		n := c.pageN
		if c.optional {
			n += 5 * c.rows
		}
		if n >= limit {
			f.page(c)
		}
	}
}

func (c *pqColumn) addInt(v int64, f *pqFile) {
	c.present()
	c.ints = append(c.ints, v)
	c.pageN += 8
	if !c.bounded {
		c.minI, c.maxI, c.bounded = v, v, true
	} else if v < c.minI {
		c.minI = v
	} else if v > c.maxI {
		c.maxI = v
	}
	c.full(f)
}

func (c *pqColumn) addFloat(v float64, f *pqFile) {
	c.present()
	c.flts = append(c.flts, v)
	c.pageN += 8
	if !math.IsNaN(v) {
		if !c.bounded {
			c.minF, c.maxF, c.bounded = v, v, true
		} else {
			c.minF, c.maxF = min(c.minF, v), max(c.maxF, v)
		}
	}
	c.full(f)
}

func (c *pqColumn) addString(s string, f *pqFile) {
	c.present()
	if c.kind == pqBytes {
		c.data = append(c.data, s...)
		c.lens = append(c.lens, int32(len(s)))
		c.pageN += len(s) + 4
		// The bounds are copies: the events' texts may be views of a
		// mapped input, whose pages are let go of as it is read (a
		// bound read later would bring them back).
		switch {
		case c.noBounds:
		case !c.bounded:
			c.minS, c.maxS, c.bounded = bound(&c.minB, s), bound(&c.maxB, s), true
		case s < c.minS:
			c.minS = bound(&c.minB, s)
		case s > c.maxS:
			c.maxS = bound(&c.maxB, s)
		}
		c.full(f)
		return
	}
	id, ok := c.lastID, c.haveLast && s == c.last
	if !ok {
		c.looked++
		switch {
		case c.unique && !c.exact:
			id = c.intern(s, false)
		default:
			if id, ok = c.byText[s]; !ok {
				id = c.intern(s, true)
			}
			c.unique = c.looked == uniqueProbe && 10*c.entries > 9*c.looked
		}
		c.last, c.lastID, c.haveLast = s, id, true
	}
	c.ids = append(c.ids, id)
	c.pageN += 4
	c.full(f)
}

// forget lets go of the text last looked up: the next batch's records
// may outlive its mapped pages.
func (c *pqColumn) forget() { c.last, c.haveLast = "", false }

// bound copies s into buf, the room of a bound, and returns the copy.
func bound(buf *[]byte, s string) string {
	*buf = append((*buf)[:0], s...)
	return unsafe.String(unsafe.SliceData(*buf), len(s))
}

// uniqueProbe is how many values of a row group a column looks up
// before it decides whether they are mostly distinct.
const uniqueProbe = 512

// intern adds s to the row group's dictionary, and to its index when
// looked up.
func (c *pqColumn) intern(s string, looked bool) int32 {
	c.dict = binary.LittleEndian.AppendUint32(c.dict, uint32(len(s)))
	at := len(c.dict)
	c.dict = append(c.dict, s...)
	// The key is the copy in dict: the event's text is not kept. An
	// array dict outgrows stays as it was while keys point into it.
	key := unsafe.String(unsafe.SliceData(c.dict[at:]), len(s))
	if len(s) == 0 {
		key = ""
	}
	id := c.entries
	if looked {
		c.byText[key] = id
	}
	c.entries++
	// The greatest first: record numbers and times as text come in order,
	// and one comparison settles them (each was a long common prefix).
	switch {
	case !c.bounded:
		c.minS, c.maxS, c.bounded = key, key, true
	case key > c.maxS:
		c.maxS = key
	case key < c.minS:
		c.minS = key
	}
	return id
}

// page encodes and compresses c's open page and adds it to the row
// group's pages.
func (f *pqFile) page(c *pqColumn) {
	if c.rows == 0 || f.err != nil {
		return
	}
	if err := f.encodePage(c); err != nil {
		f.err = fmt.Errorf("%s: %w", c.name, err)
	}
}

func (f *pqFile) encodePage(c *pqColumn) error {
	var err error
	var levels []byte
	if c.optional {
		if f.lv, err = levelCodec.EncodeLevels(f.lv[:0], c.defs); err != nil {
			return err
		}
		levels = f.lv
	}
	enc := format.Plain
	vals := f.vals[:0]
	own := false // vals is c.data, not f.vals
	switch c.kind {
	case pqTime, pqInt:
		enc = format.DeltaBinaryPacked
		vals, err = deltaCodec.EncodeInt64(vals, c.ints)
	case pqBytes:
		enc = format.DeltaLengthByteArray
		// The lengths go in the room left before the values, saving a
		// copy of the page; in a copy when there is not room enough.
		if f.lv2, err = deltaCodec.EncodeInt32(f.lv2, c.lens); err == nil {
			if at := lensRoom - len(f.lv2); at >= 0 {
				copy(c.data[at:], f.lv2)
				vals, own = c.data[at:], true
			} else {
				vals = append(append(vals, f.lv2...), c.data[lensRoom:]...)
			}
		}
	case pqDict:
		enc = format.RLEDictionary
		vals, err = dictCodec.EncodeInt32(vals, c.ids)
	case pqRef:
		for _, v := range c.ints {
			vals = binary.LittleEndian.AppendUint64(vals, uint64(v))
		}
	case pqFloat:
		for _, v := range c.flts {
			vals = binary.LittleEndian.AppendUint64(vals, math.Float64bits(v))
		}
	}
	if err != nil {
		return err
	}
	if !own {
		f.vals = vals
	}
	kind := -1
	if c.plain {
		kind = plainPages
	}
	if f.zbuf, err = f.compress(c, kind, vals); err != nil {
		return err
	}
	nonNull := len(c.ints) + len(c.flts) + len(c.ids) + len(c.lens)
	h := format.PageHeader{Type: format.DataPageV2, UncompressedPageSize: int32(len(levels) + len(vals)),
		CompressedPageSize: int32(len(levels) + len(f.zbuf)),
		DataPageHeaderV2: thrift.New(format.DataPageHeaderV2{NumValues: int32(c.rows),
			NumNulls: int32(c.rows - nonNull), NumRows: int32(c.rows), Encoding: enc,
			DefinitionLevelsByteLength: int32(len(levels)), IsCompressed: thrift.New(true)})}
	if err := f.header(&h); err != nil {
		return err
	}
	c.locs = append(c.locs, format.PageLocation{Offset: int64(len(c.pages)),
		CompressedPageSize: int32(f.hdr.Len() + int(h.CompressedPageSize)), FirstRowIndex: int64(c.done)})
	c.pages = append(c.pages, f.hdr.Bytes()...)
	c.pages = append(c.pages, levels...)
	c.pages = append(c.pages, f.zbuf...)
	c.unc += int64(f.hdr.Len()) + int64(h.UncompressedPageSize)
	c.nPages++
	c.values += int64(c.rows)
	c.nulls += int64(c.rows - nonNull)
	c.done += c.rows
	c.rows, c.pageN = 0, 0
	c.defs, c.ints, c.flts, c.ids, c.lens = c.defs[:0], c.ints[:0], c.flts[:0], c.ids[:0], c.lens[:0]
	if c.kind == pqBytes {
		c.data = c.data[:lensRoom]
	}
	return nil
}

func (f *pqFile) header(h *format.PageHeader) error {
	f.hdr.Reset()
	return f.enc.Encode(h)
}

// endRowGroup writes the rows added since the last one as a row group:
// each column's dictionary page, then its data pages.
func (f *pqFile) endRowGroup() error {
	if f.rows == 0 || f.err != nil {
		return f.err
	}
	rg := format.RowGroup{NumRows: int64(f.rows), FileOffset: f.off, Ordinal: int16(len(f.groups))}
	f.pageIx = append(f.pageIx, make([]format.OffsetIndex, 0, len(f.cols)))
	for _, c := range f.cols {
		c.at(f.rows)
		f.plainPage(c)
		if f.page(c); f.err != nil {
			return f.err
		}
		cc, err := f.chunk(c)
		if err != nil {
			return err
		}
		rg.Columns = append(rg.Columns, cc)
		rg.TotalByteSize += cc.MetaData.TotalUncompressedSize
		rg.TotalCompressedSize += cc.MetaData.TotalCompressedSize
	}
	f.groups = append(f.groups, rg)
	f.rows = 0
	f.dups.reset()
	return nil
}

// bigDict is the size from which a dictionary page is compressed with
// eventZstd, not the file's fastest codec.
const bigDict = 64 << 10

// eventZstd compresses columns written plain (identifiers, command
// lines, users) and dictionary pages of bigDict or more: at zstd's
// default level, with the literals of blocks without matches (hex,
// digits) entropy-coded too. In the event parts only where it pays
// (squeeze). One codec for both, so that its encoders (a few MB each)
// serve both.
var eventZstd = &zstdPages{level: zstd.SpeedDefault, allLit: true}

// betterZstd is what squeeze found for a kind of page of a column.
type betterZstd uint8

const (
	betterUnknown betterZstd = iota
	betterNo                 // the file's codec
	betterYes                // eventZstd
)

// The kinds of page squeeze decides for, each on its own.
const (
	plainPages = iota
	dictPages
)

// squeeze compresses a page of c that eventZstd is for (plain values, a
// large dictionary). In a file that picks (the event parts) the first
// such page of the column is compressed both ways, and eventZstd kept
// for the next ones only when it made that page at least a tenth
// smaller. On W1 the default level's larger tables cost twice the
// fastest's CPU for 2-7% smaller pages (directories, command lines,
// ids); it stays for the users (a tenth smaller) and the record
// numbers (a quarter of the bytes).
func (f *pqFile) squeeze(c *pqColumn, kind int, src []byte) ([]byte, error) {
	choice := &c.better[kind]
	switch {
	case !f.opt.pick || *choice == betterYes:
		return eventZstd.Encode(f.zbuf[:0], src)
	case *choice == betterNo:
		return f.opt.codec.Encode(f.zbuf[:0], src)
	}
	out, err := f.opt.codec.Encode(f.zbuf[:0], src)
	if err != nil {
		return nil, err
	}
	if f.zalt, err = eventZstd.Encode(f.zalt[:0], src); err != nil {
		return nil, err
	}
	*choice = betterNo
	if 10*len(f.zalt) <= 9*len(out) {
		*choice = betterYes
		out = append(out[:0], f.zalt...)
	}
	return out, nil
}

// chunk writes c's column chunk of the row group and starts the next.
func (f *pqFile) chunk(c *pqColumn) (format.ColumnChunk, error) {
	start := f.off
	m := format.ColumnMetaData{PathInSchema: []string{c.name}, Codec: format.Zstd, NumValues: c.values}
	var unc int64
	if c.kind == pqDict && !c.plain {
		kind := -1
		if len(c.dict) >= bigDict {
			kind = dictPages
		}
		z, err := f.compress(c, kind, c.dict)
		if err != nil {
			return format.ColumnChunk{}, err
		}
		f.zbuf = z
		h := format.PageHeader{Type: format.DictionaryPage, UncompressedPageSize: int32(len(c.dict)),
			CompressedPageSize:   int32(len(z)),
			DictionaryPageHeader: thrift.New(format.DictionaryPageHeader{NumValues: c.entries, Encoding: format.Plain})}
		if err := f.header(&h); err != nil {
			return format.ColumnChunk{}, err
		}
		unc = int64(f.hdr.Len() + len(c.dict))
		if err := f.write(f.hdr.Bytes(), z); err != nil {
			return format.ColumnChunk{}, err
		}
		m.DictionaryPageOffset = start
		m.EncodingStats = []format.PageEncodingStats{{PageType: format.DictionaryPage, Encoding: format.Plain, Count: 1}}
	}
	m.DataPageOffset = f.off
	for i := range c.locs {
		c.locs[i].Offset += f.off
	}
	f.pageIx[len(f.pageIx)-1] = append(f.pageIx[len(f.pageIx)-1], format.OffsetIndex{PageLocations: c.locs})
	c.locs = nil
	if err := f.write(c.pages); err != nil {
		return format.ColumnChunk{}, err
	}
	m.TotalUncompressedSize = unc + c.unc
	m.TotalCompressedSize = f.off - start
	m.Statistics = c.stats()
	switch c.kind {
	case pqTime, pqInt:
		m.Type, m.Encoding = format.Int64, []format.Encoding{format.DeltaBinaryPacked}
		if c.optional {
			m.Encoding = []format.Encoding{format.RLE, format.DeltaBinaryPacked}
		}
	case pqBytes:
		m.Type, m.Encoding = format.ByteArray, []format.Encoding{format.DeltaLengthByteArray}
		if c.optional {
			m.Encoding = []format.Encoding{format.RLE, format.DeltaLengthByteArray}
		}
	case pqDict:
		m.Type, m.Encoding = format.ByteArray, []format.Encoding{format.Plain, format.RLEDictionary}
		if c.optional {
			m.Encoding = []format.Encoding{format.Plain, format.RLE, format.RLEDictionary}
		}
		if c.plain {
			m.Encoding = plainEncodings(c.optional)
		}
	case pqRef:
		m.Type, m.Encoding = format.Int64, []format.Encoding{format.Plain, format.RLE}
	case pqFloat:
		m.Type, m.Encoding = format.Double, []format.Encoding{format.Plain, format.RLE}
	}
	data := m.Encoding[len(m.Encoding)-1]
	if c.kind == pqRef || c.kind == pqFloat {
		data = format.Plain // RLE is the levels'
	}
	m.EncodingStats = append(m.EncodingStats, format.PageEncodingStats{PageType: format.DataPageV2,
		Encoding: data, Count: int32(c.nPages)})
	if c.kind == pqDict {
		clear(c.byText)
		c.dict, c.entries, c.looked, c.unique, c.plain = c.dict[:0], 0, 0, false, false
		c.forget()
	}
	c.minS, c.maxS = "", ""
	c.pages, c.nPages, c.values, c.nulls, c.unc, c.bounded, c.done = c.pages[:0], 0, 0, 0, 0, false, 0
	if cap(c.pages) > max(4*f.opt.page, 4<<20) {
		c.pages = nil // a column of long texts: do not hold its largest chunk
	}
	return format.ColumnChunk{MetaData: m}, nil
}

// stats are the column chunk's statistics: nulls, and the least and
// greatest value (as parquet-go orders them) when there is one.
func (c *pqColumn) stats() format.Statistics {
	s := format.Statistics{NullCount: c.nulls}
	if !c.bounded {
		return s
	}
	switch c.kind {
	case pqTime, pqInt, pqRef:
		s.MinValue = binary.LittleEndian.AppendUint64(nil, uint64(c.minI))
		s.MaxValue = binary.LittleEndian.AppendUint64(nil, uint64(c.maxI))
	case pqFloat:
		s.MinValue = binary.LittleEndian.AppendUint64(nil, math.Float64bits(c.minF))
		s.MaxValue = binary.LittleEndian.AppendUint64(nil, math.Float64bits(c.maxF))
	default:
		s.MinValue, s.MaxValue = []byte(c.minS), []byte(c.maxS)
	}
	return s
}

func (f *pqFile) write(bs ...[]byte) error {
	for _, b := range bs {
		n, err := f.w.Write(b)
		f.off += int64(n)
		if err != nil {
			return err
		}
	}
	return nil
}

// close ends the open row group and writes the footer.
func (f *pqFile) close() error {
	if err := f.endRowGroup(); err != nil {
		return err
	}
	// The offset index (where each data page starts), all together
	// before the footer, as readers of the page index expect it.
	for g := range f.groups {
		for i := range f.groups[g].Columns {
			f.hdr.Reset()
			if err := f.enc.Encode(&f.pageIx[g][i]); err != nil {
				return err
			}
			cc := &f.groups[g].Columns[i]
			cc.OffsetIndexOffset, cc.OffsetIndexLength = f.off, int32(f.hdr.Len())
			if err := f.write(f.hdr.Bytes()); err != nil {
				return err
			}
		}
	}
	md := format.FileMetaData{Version: 2, RowGroups: f.groups, KeyValueMetadata: f.kv,
		CreatedBy: "spelunk (github.com/spelunk-dev/spelunk)"}
	md.Schema = append(md.Schema, format.SchemaElement{Name: f.opt.root, NumChildren: thrift.New(int32(len(f.cols)))})
	for _, c := range f.cols {
		md.Schema = append(md.Schema, c.element())
		md.ColumnOrders = append(md.ColumnOrders, format.ColumnOrder{Value: &format.TypeDefinedOrder{}})
	}
	for _, g := range f.groups {
		md.NumRows += g.NumRows
	}
	f.hdr.Reset()
	if err := f.enc.Encode(&md); err != nil {
		return err
	}
	n := f.hdr.Len()
	if err := f.write(f.hdr.Bytes(), binary.LittleEndian.AppendUint32(nil, uint32(n)), []byte("PAR1")); err != nil {
		return err
	}
	return f.w.Flush()
}

// element is c's schema element, typed as parquet-go types it.
func (c *pqColumn) element() format.SchemaElement {
	var t parquet.Type
	switch c.kind {
	case pqTime:
		t = parquet.Timestamp(parquet.Microsecond).Type()
	case pqInt, pqRef:
		t = parquet.Int(64).Type()
	case pqFloat:
		t = parquet.DoubleType
	default:
		t = parquet.String().Type()
	}
	rep := format.Required
	if c.optional {
		rep = format.Optional
	}
	e := format.SchemaElement{Name: c.name, Type: thrift.New(format.Type(t.Kind())), RepetitionType: thrift.New(rep)}
	if ct := t.ConvertedType(); ct != nil {
		e.ConvertedType = thrift.New(*ct)
	}
	if lt := t.LogicalType(); lt != nil {
		e.LogicalType = *lt
	}
	return e
}
