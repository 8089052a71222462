package index

import (
	"bytes"

	"github.com/zeebo/xxh3"
)

// pageDups remembers the pages a file compressed in its open row group,
// by content, so that a page of the same bytes is copied rather than
// compressed again. Columns that repeat another one (W1: ParentUser is
// User, EventRecordID is RecordNumber, Computer's indexes are host's) make
// the same pages; compressing them took 5% of the event parts' zstd time,
// User's at zstd's default level (squeeze).
type pageDups struct {
	at   map[dupKey]dupPage
	buf  []byte // the pages' bytes, plain and compressed
	hits int    // pages copied, for tests
}

type dupKey struct {
	sum uint64
	n   int
}

// dupPage is where a page's plain and compressed bytes lie in buf.
type dupPage struct{ at, z, end int }

// maxDupBytes bounds what pageDups holds for a row group: past it, pages
// are compressed as they come. W1's row groups take about 0.8 MB (all
// but _raw's pages, plain and compressed).
const maxDupBytes = 2 << 20

// find is the compressed bytes of a page of src's content, if there is
// one, and the key to add it by.
func (d *pageDups) find(src []byte) ([]byte, dupKey) {
	k := dupKey{sum: xxh3.Hash(src), n: len(src)}
	if p, ok := d.at[k]; ok && bytes.Equal(d.buf[p.at:p.z], src) {
		return d.buf[p.z:p.end], k
	}
	return nil, k
}

// add remembers that src compresses to z.
func (d *pageDups) add(k dupKey, src, z []byte) {
	if len(d.buf)+len(src)+len(z) > maxDupBytes {
		return
	}
	if d.at == nil {
		d.at = map[dupKey]dupPage{}
	}
	p := dupPage{at: len(d.buf)}
	d.buf = append(d.buf, src...)
	p.z = len(d.buf)
	d.buf = append(d.buf, z...)
	p.end = len(d.buf)
	d.at[k] = p
}

// reset forgets the row group's pages.
func (d *pageDups) reset() {
	clear(d.at)
	d.buf = d.buf[:0]
}

// compress compresses a page of c: with squeeze for the kinds of page it
// decides for (plainPages, dictPages), else with the file's codec; a page
// like one compressed before in the row group is copied instead (not
// _raw's: its pages are large and never repeat).
func (f *pqFile) compress(c *pqColumn, kind int, src []byte) ([]byte, error) {
	enc := func() ([]byte, error) {
		if kind >= 0 {
			return f.squeeze(c, kind, src)
		}
		return f.opt.codec.Encode(f.zbuf[:0], src)
	}
	if !f.opt.dedupe || c.kind == pqBytes && !c.plain {
		return enc()
	}
	z, k := f.dups.find(src)
	if z != nil {
		f.dups.hits++
		return append(f.zbuf[:0], z...), nil
	}
	z, err := enc()
	if err == nil {
		f.dups.add(k, src, z)
	}
	return z, err
}
