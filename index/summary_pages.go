package index

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/delta"
	"github.com/parquet-go/parquet-go/encoding/plain"
	"github.com/parquet-go/parquet-go/format"
)

// sumPage is one data page of a summary column as the column readers
// take it, decoded by parquet-go or by chunkReader. Its slices are the
// reader's: valid until the next page.
type sumPage struct {
	rows int
	defs []byte   // a level per row (0: null); nil: every row has a value
	dict *sumDict // the chunk's dictionary, when ids number its entries
	ids  []int32
	data []byte // byte array values: value k is data[offs[k]:offs[k+1]]
	offs []uint32
	ints []int64
	dbls []float64
}

// sumDict is a column chunk's dictionary of byte arrays.
type sumDict struct {
	data []byte
	offs []uint32
}

// chunkReader reads the pages of one summary column chunk straight from
// the file: each run of pages a read needs in one read of the file, the
// headers decoded by pqthrift's decoder, the values by parquet-go's
// encodings, into buffers kept from page to page. It serves the chunks
// whose metadata says they hold what spelunk's writer writes (data pages
// v2 and a dictionary page, zstd or uncompressed, flat columns);
// directChunk refuses the others, which parquet-go reads.
type chunkReader struct {
	r        io.ReaderAt // the file
	size     int64
	cc       metaChunk
	kind     parquet.Kind
	optional bool
	buf      *pageBufs
}

// pageBufs are a read's buffers, kept between reads.
type pageBufs struct {
	raw, unz, vals, dictData []byte
	defs                     []byte
	ids                      []int32
	offs, dictOffs           []uint32
	ints                     []int64
	dbls                     []float64
}

var pageBufPool = sync.Pool{New: func() any { return new(pageBufs) }}

// directChunk is the reader of column i of rg when chunkReader can read
// it; nil when parquet-go must.
func directChunk(rg parquet.RowGroup, i int, kind parquet.Kind) *chunkReader {
	fc, ok := rg.ColumnChunks()[i].(*parquet.FileColumnChunk)
	if !ok || fc.Column() != i {
		return nil
	}
	node := fc.Node()
	if node.Repeated() || !node.Leaf() {
		return nil
	}
	pf := fc.File()
	md := pf.Metadata()
	if md.EncryptionAlgorithm.Value != nil {
		return nil
	}
	var cc *format.ColumnChunk
	for g, x := range pf.RowGroups() {
		if x == rg && g < len(md.RowGroups) && i < len(md.RowGroups[g].Columns) {
			cc = &md.RowGroups[g].Columns[i]
		}
	}
	if cc == nil || cc.FilePath != "" || len(cc.EncryptedColumnMetadata) != 0 || !knownChunk(&cc.MetaData) {
		return nil
	}
	m := &cc.MetaData
	return &chunkReader{r: pf, size: pf.Size(), kind: kind, optional: node.Optional(),
		cc: metaChunk{dictOff: m.DictionaryPageOffset, dataOff: m.DataPageOffset, size: m.TotalCompressedSize,
			oiOff: cc.OffsetIndexOffset, oiLen: cc.OffsetIndexLength, codec: m.Codec}}
}

// knownChunk reports whether a chunk's metadata lists only the page
// types, encodings and codec chunkReader reads.
func knownChunk(m *format.ColumnMetaData) bool {
	if !knownCodec(m.Codec) || len(m.EncodingStats) == 0 {
		return false
	}
	for _, s := range m.EncodingStats {
		if !knownPages(s.PageType, s.Encoding) {
			return false
		}
	}
	return true
}

func knownCodec(c format.CompressionCodec) bool {
	return c == format.Zstd || c == format.Uncompressed
}

// knownPages reports whether chunkReader reads pages of type t and
// encoding e.
func knownPages(t format.PageType, e format.Encoding) bool {
	switch t {
	case format.DictionaryPage:
		return e == format.Plain || e == format.PlainDictionary
	case format.DataPageV2:
		return knownEncoding(int32(e))
	}
	return false
}

// metaChunk is where a column chunk lies in its file, what its offset
// index is and how it is compressed, with what allNull and knownChunk
// read.
type metaChunk struct {
	dictOff, dataOff, size int64 // dictOff 0: no dictionary page
	oiOff                  int64
	oiLen                  int32
	codec                  format.CompressionCodec
	values, nulls          int64
	stats, known           bool // stats: its page kinds are listed, all known
	// min and max are the statistics' least and greatest values (a view
	// of the footer; nil: none).
	min, max []byte
}

func knownEncoding(e int32) bool {
	switch e {
	case encPlain, encPlainDict, encRLEDict, encDeltaBinary, encDeltaLengthBin:
		return true
	}
	return false
}

// span is the chunk's bytes in the file.
func (r *chunkReader) span() (int64, int64, error) {
	c := &r.cc
	start := c.dataOff
	if c.dictOff > 0 {
		start = c.dictOff
	}
	if start < 0 || c.size < 0 || start > r.size || c.size > r.size-start {
		return 0, 0, fmt.Errorf("a column chunk lies outside the file")
	}
	return start, start + c.size, nil
}

// read reads the file's bytes [lo, hi) into buf.
func (r *chunkReader) read(buf []byte, lo, hi int64) ([]byte, error) {
	if hi < lo || hi-lo > math.MaxInt32 {
		return buf, fmt.Errorf("a read of %d bytes", hi-lo)
	}
	buf = grow(buf, int(hi-lo))
	if hi > r.size {
		return buf, io.ErrUnexpectedEOF
	}
	if _, err := r.r.ReadAt(buf, lo); err != nil {
		return buf, fmt.Errorf("reading a column chunk: %w", err)
	}
	return buf, nil
}

// locs are the chunk's pages from its offset index, each checked to lie
// in the chunk and to start a row of n after the last; nil without one.
func (r *chunkReader) locs(n int) []pageLoc {
	lo, hi, err := r.span()
	if err != nil || r.cc.oiLen <= 0 || r.cc.oiOff <= 0 {
		return nil
	}
	if r.buf.raw, err = r.read(r.buf.raw, r.cc.oiOff, r.cc.oiOff+int64(r.cc.oiLen)); err != nil {
		return nil
	}
	locs, err := readOffsetIndex(r.buf.raw)
	if err != nil || len(locs) == 0 {
		return nil
	}
	for k, l := range locs {
		if l.off < lo || l.size <= 0 || int64(l.size) > hi-l.off || l.first < 0 || l.first >= int64(n) ||
			(k == 0 && l.first != 0) || (k > 0 && (l.first <= locs[k-1].first || l.off < locs[k-1].off+int64(locs[k-1].size))) {
			return nil
		}
	}
	return locs
}

// each calls fn as eachSummaryPage does, with the pages of the rows of
// sel (nil: every page).
func (r *chunkReader) each(i, n int, sel []int32, fn func(p *sumPage, first int, at []int32, slot int) error) error {
	r.buf = pageBufPool.Get().(*pageBufs)
	defer pageBufPool.Put(r.buf)
	var dict *sumDict
	if sel != nil {
		if locs := r.locs(n); locs != nil {
			return r.eachSelected(locs, n, sel, fn)
		}
	}
	lo, hi, err := r.span()
	if err != nil {
		return err
	}
	b := r.buf
	if b.raw, err = r.read(b.raw, lo, hi); err != nil {
		return err
	}
	chunk := b.raw
	j := 0
	for at := 0; at < n; {
		if len(chunk) == 0 {
			return fmt.Errorf("column %d holds %d values for %d rows", i, at, n)
		}
		var p *sumPage
		var size int
		if p, size, err = r.page(chunk, &dict); err != nil {
			return err
		}
		chunk = chunk[size:]
		if p == nil {
			continue
		}
		lo := j
		var in []int32
		if sel != nil {
			for j < len(sel) && int(sel[j]) < at+p.rows {
				j++
			}
			in = sel[lo:j]
		} else {
			lo = at
		}
		if err := fn(p, at, in, lo); err != nil {
			return err
		}
		at += p.rows
	}
	return nil
}

// withDictionary calls fn with the chunk's dictionary (nil: it has none),
// valid during the call.
func (r *chunkReader) withDictionary(fn func(d *sumDict) error) error {
	r.buf = pageBufPool.Get().(*pageBufs)
	defer pageBufPool.Put(r.buf)
	m := &r.cc
	if m.dictOff <= 0 {
		return fn(nil)
	}
	lo, hi, err := r.span()
	if err != nil {
		return err
	}
	if m.dataOff > lo && m.dataOff <= hi {
		hi = m.dataOff
	}
	dict, err := r.dictionaryPage(lo, hi)
	if err != nil {
		return err
	}
	return fn(dict)
}

// dictionaryPage reads the chunk's dictionary page, the file's bytes
// [lo, hi).
func (r *chunkReader) dictionaryPage(lo, hi int64) (*sumDict, error) {
	var err error
	if r.buf.raw, err = r.read(r.buf.raw, lo, hi); err != nil {
		return nil, err
	}
	return r.dictionary(r.buf.raw)
}

// dictionary decodes the dictionary page b holds.
func (r *chunkReader) dictionary(b []byte) (*sumDict, error) {
	var dict *sumDict
	if p, _, err := r.page(b, &dict); err != nil || p != nil || dict == nil {
		return nil, fmt.Errorf("the dictionary page: %v", err)
	}
	return dict, nil
}

// eachSelected reads the pages of locs holding rows of sel, and the
// dictionary page first, coalescing pages next to each other (or close:
// a read of the file costs more than copying a few pages more) into one
// read.
func (r *chunkReader) eachSelected(locs []pageLoc, n int, sel []int32, fn func(p *sumPage, first int, at []int32, slot int) error) error {
	type want struct {
		k, j, hi int
	}
	var wants []want
	j := 0
	for k := range locs {
		last := n
		if k+1 < len(locs) {
			last = int(locs[k+1].first)
		}
		hi := j
		for hi < len(sel) && int(sel[hi]) < last {
			hi++
		}
		if hi > j {
			wants = append(wants, want{k, j, hi})
		}
		j = hi
	}
	if len(wants) == 0 {
		return nil
	}
	b := r.buf
	lo, _, err := r.span()
	if err != nil {
		return err
	}
	// The dictionary page, read with the first run of pages wanted when
	// they follow it closely.
	var dict *sumDict
	withDict := r.cc.dictOff > 0 && lo < locs[0].off
	if withDict && locs[wants[0].k].off-locs[0].off > coalesceGap {
		if dict, err = r.dictionaryPage(lo, locs[0].off); err != nil {
			return err
		}
		withDict = false
	}
	// Runs of wanted pages read at once: [from, to) of wants.
	for from := 0; from < len(wants); {
		to := from + 1
		for to < len(wants) && locs[wants[to].k].off-(locs[wants[to-1].k].off+int64(locs[wants[to-1].k].size)) <= coalesceGap {
			to++
		}
		start := locs[wants[from].k].off
		if withDict {
			start = lo
		}
		last := locs[wants[to-1].k]
		if b.raw, err = r.read(b.raw, start, last.off+int64(last.size)); err != nil {
			return err
		}
		if withDict {
			if dict, err = r.dictionary(b.raw[:locs[0].off-lo]); err != nil {
				return err
			}
			withDict = false
		}
		for _, w := range wants[from:to] {
			l := locs[w.k]
			at := l.off - start
			p, _, err := r.page(b.raw[at:at+int64(l.size)], &dict)
			if err != nil {
				return err
			}
			if p == nil || int64(p.rows) != pageRows(locs, w.k, n) {
				return fmt.Errorf("a page's rows do not match its offset index")
			}
			if err := fn(p, int(l.first), sel[w.j:w.hi], w.j); err != nil {
				return err
			}
		}
		from = to
	}
	return nil
}

// coalesceGap is the most bytes of pages not wanted read between two
// wanted ones rather than reading the file twice.
const coalesceGap = 8 << 10

// pageRows is the number of rows of page k of locs, of a chunk of n rows.
func pageRows(locs []pageLoc, k, n int) int64 {
	if k+1 < len(locs) {
		return locs[k+1].first - locs[k].first
	}
	return int64(n) - locs[k].first
}

// page decodes the page at the start of b: a data page (nil for the
// dictionary page, kept in *dict) and the bytes it takes.
func (r *chunkReader) page(b []byte, dict **sumDict) (*sumPage, int, error) {
	h, err := readPageHead(b)
	if err != nil {
		return nil, 0, fmt.Errorf("a page header: %w", err)
	}
	if h.comp < 0 || h.unc < 0 || int(h.comp) > len(b)-h.hlen {
		return nil, 0, fmt.Errorf("a page of %d bytes past its chunk", h.comp)
	}
	size := h.hlen + int(h.comp)
	body := b[h.hlen:size]
	switch {
	case h.typ == pageDictionary && h.dict:
		if *dict == nil {
			d, err := r.decodeDictionary(&h, body)
			*dict = d
			return nil, size, err
		}
		return nil, size, nil
	case h.typ == pageDataV2 && h.v2:
		p, err := r.dataPage(&h, body, *dict)
		return p, size, err
	}
	return nil, 0, fmt.Errorf("a page of type %d", h.typ)
}

// values decompresses a page's values when the chunk and the page say
// they are compressed.
func (r *chunkReader) values(body []byte, compressed bool, unc int) ([]byte, error) {
	if !compressed || r.cc.codec == format.Uncompressed {
		return body, nil
	}
	var err error
	r.buf.unz, err = zstdCodec.Decode(r.buf.unz[:0], body)
	if err != nil {
		return nil, fmt.Errorf("decompressing a page: %w", err)
	}
	if len(r.buf.unz) != unc {
		return nil, fmt.Errorf("a page of %d bytes decompressed to %d", unc, len(r.buf.unz))
	}
	return r.buf.unz, nil
}

func (r *chunkReader) decodeDictionary(h *pageHead, body []byte) (*sumDict, error) {
	if r.kind != parquet.ByteArray || (h.dictEnc != encPlain && h.dictEnc != encPlainDict) || h.dictN < 0 {
		return nil, fmt.Errorf("a dictionary page of encoding %d", h.dictEnc)
	}
	vals, err := r.values(body, true, int(h.unc))
	if err != nil {
		return nil, err
	}
	b := r.buf
	b.dictData, b.dictOffs, err = (&plain.Encoding{}).DecodeByteArray(b.dictData[:0], vals, b.dictOffs[:0])
	if err != nil {
		return nil, fmt.Errorf("decoding a dictionary: %w", err)
	}
	if len(b.dictOffs) == 0 {
		b.dictOffs = append(b.dictOffs, 0)
	}
	if len(b.dictOffs)-1 != int(h.dictN) {
		return nil, fmt.Errorf("a dictionary of %d entries holds %d", h.dictN, len(b.dictOffs)-1)
	}
	return &sumDict{data: b.dictData, offs: b.dictOffs}, nil
}

func (r *chunkReader) dataPage(h *pageHead, body []byte, dict *sumDict) (*sumPage, error) {
	if h.values != h.rows || h.nulls < 0 || h.nulls > h.rows || h.rows <= 0 || h.repLen != 0 || h.defLen < 0 ||
		int(h.defLen) > len(body) || int(h.unc) < int(h.defLen) {
		return nil, fmt.Errorf("a page of %d rows, %d values, %d nulls", h.rows, h.values, h.nulls)
	}
	b := r.buf
	p := &sumPage{rows: int(h.rows)}
	nvals := int(h.rows - h.nulls)
	if r.optional {
		var err error
		if b.defs, err = levelCodec.DecodeLevels(b.defs[:0], body[:h.defLen]); err != nil || len(b.defs) < p.rows {
			return nil, fmt.Errorf("decoding a page's levels: %v (%d for %d rows)", err, len(b.defs), p.rows)
		}
		p.defs = b.defs[:p.rows]
	}
	vals, err := r.values(body[h.defLen:], h.compressed, int(h.unc-h.defLen))
	if err != nil {
		return nil, err
	}
	switch {
	case h.enc == encRLEDict || h.enc == encPlainDict:
		if dict == nil || r.kind != parquet.ByteArray {
			return nil, fmt.Errorf("dictionary numbers without a dictionary")
		}
		b.ids, err = dictCodec.DecodeInt32(b.ids[:0], vals)
		p.dict, p.ids = dict, b.ids[:min(len(b.ids), nvals)]
	case (h.enc == encDeltaLengthBin || h.enc == encPlain) && r.kind == parquet.ByteArray:
		var dec byteArrays = &plain.Encoding{}
		if h.enc == encDeltaLengthBin {
			dec = &delta.LengthByteArrayEncoding{}
		}
		b.vals, b.offs, err = dec.DecodeByteArray(b.vals[:0], vals, b.offs[:0])
		p.data, p.offs = b.vals, b.offs
	case h.enc == encDeltaBinary && r.kind == parquet.Int64:
		b.ints, err = deltaCodec.DecodeInt64(b.ints[:0], vals)
		p.ints = b.ints
	case h.enc == encPlain && r.kind == parquet.Int64:
		b.ints, err = plain8(b.ints[:0], vals, func(u uint64) int64 { return int64(u) })
		p.ints = b.ints
	case h.enc == encPlain && r.kind == parquet.Double:
		b.dbls, err = plain8(b.dbls[:0], vals, math.Float64frombits)
		p.dbls = b.dbls
	default:
		return nil, fmt.Errorf("a page of encoding %d", h.enc)
	}
	return p, err
}

// byteArrays decodes a page's byte arrays (PLAIN or DELTA_LENGTH_BYTE_ARRAY).
type byteArrays interface {
	DecodeByteArray(dst, src []byte, offsets []uint32) ([]byte, []uint32, error)
}

// plain8 appends the PLAIN values of 8 bytes each of vals to dst.
func plain8[T any](dst []T, vals []byte, conv func(uint64) T) ([]T, error) {
	if len(vals)%8 != 0 {
		return dst, fmt.Errorf("a page of 8-byte values of %d bytes", len(vals))
	}
	for k := 0; k < len(vals); k += 8 {
		dst = append(dst, conv(binary.LittleEndian.Uint64(vals[k:])))
	}
	return dst, nil
}

// grow is buf resized to n bytes, its contents not kept.
func grow(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, n)
	}
	return buf[:n]
}

// pqPage is a page parquet-go read, as a sumPage; dicts keeps the
// chunk's dictionary as the sumDict made of it, so that a second
// dictionary is seen as one.
func pqPage(p parquet.Page, kind parquet.Kind, dicts *pqDicts) *sumPage {
	sp := &sumPage{rows: int(p.NumRows()), defs: p.DefinitionLevels()}
	vals := p.Data()
	if d := p.Dictionary(); d != nil {
		if d != dicts.pq {
			dv := d.Page().Data()
			data, offs := dv.ByteArray()
			dicts.pq, dicts.d = d, &sumDict{data: data, offs: offs}
		}
		sp.dict, sp.ids = dicts.d, vals.Int32()
		return sp
	}
	switch kind {
	case parquet.ByteArray:
		sp.data, sp.offs = vals.ByteArray()
	case parquet.Int64:
		sp.ints = vals.Int64()
	case parquet.Double:
		sp.dbls = vals.Double()
	}
	return sp
}

// pqDicts is the last dictionary pqPage met.
type pqDicts struct {
	pq parquet.Dictionary
	d  *sumDict
}

// pqPagesOnly makes every summary read go through parquet-go's pages:
// the tests compare chunkReader's reads with them.
var pqPagesOnly = false
