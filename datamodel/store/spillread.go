package store

import (
	"errors"
	"unsafe"

	"github.com/spelunk-dev/spelunk/value"
)

// SpillTo makes the store spill the text of the events it is given by
// AddPaths and AddPathsSieved once the stores sharing sp hold their share
// (NewSpill). Events given by Add stay in memory.
func (s *Store) SpillTo(sp *Spill) { s.spill = sp }

// rowReader reads a store's rows, spilled or not, for one goroutine. It
// keeps the last segment read for each lane (the rows' partitions), so
// that a pass over the rows in search order reads each segment once.
type rowReader struct {
	rows  []crow
	locs  []spillLoc // nil: every row in memory
	lanes []uint16   // nil: one lane
	sp    *Spill
	cur   map[uint16]loadedSeg
	c     crow
	// scratch is set on a reader whose caller copies what it keeps of a
	// row before reading the next: each lane's segment buffer is then
	// read into again, and packed text unpacked into unpacked.
	scratch  bool
	unpacked []byte
}

type loadedSeg struct {
	k   int64
	b   []byte
	buf []byte // what b was read into (a scratch reader reads into it again)
}

// reader reads the store's rows as they are now. Sealing makes new
// slices, so the reader goes on reading the rows it was made for.
func (s *Store) reader() *rowReader {
	return &rowReader{rows: s.rows, locs: s.locs, lanes: s.partOf, sp: s.spill}
}

// spilled reports whether row i's text is read from the file.
func (r *rowReader) spilled(i int) bool { return r.locs != nil && r.locs[i].kind != inMemory }

// row is row i with its text: the store's own, or one read back from the
// spill file (valid until the next call).
func (r *rowReader) row(i int) (*crow, error) {
	if !r.spilled(i) {
		return &r.rows[i], nil
	}
	loc := r.locs[i]
	var payload []byte
	at := 0
	switch loc.kind {
	case inStaging:
		b, err := r.sp.readStaged(loc)
		if err != nil {
			return nil, err
		}
		payload = b
	case inSegment:
		var lane uint16
		if r.lanes != nil {
			lane = r.lanes[i]
		}
		ls, ok := r.cur[lane]
		if !ok || ls.k != loc.pos {
			var reuse []byte
			if r.scratch {
				reuse = ls.buf
			}
			b, buf, err := r.sp.readSegmentInto(loc.pos, reuse)
			if err != nil {
				return nil, err
			}
			if r.cur == nil {
				r.cur = map[uint16]loadedSeg{}
			}
			ls = loadedSeg{k: loc.pos, b: b, buf: buf}
			r.cur[lane] = ls
		}
		payload, at = ls.b, int(loc.at)
	default:
		return nil, errors.New("spill: unknown row location")
	}
	raw, blob, _, err := parseRecord(payload, at)
	if err != nil {
		return nil, err
	}
	c := r.rows[i]
	if int(c.split) > len(blob) || c.pk == nil && c.plen != 0 {
		return nil, errors.New("spill: a row read back does not match the one written")
	}
	// The buffers read are never written again.
	c.raw, c.blob = bytesString(raw), bytesString(blob)
	r.c = c
	return &r.c, nil
}

func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// holdRow encodes row for the store: in memory with enc, or, when the
// store spills and the stores sharing its Spill hold their share, with
// scratch (whose text is reused) and staged in the file.
func (s *Store) holdRow(enc, scratch *rowEncoder, row value.Fields) (encodedRow, error) {
	sp := s.spill
	if sp == nil || !sp.over() {
		r := encodeRow(enc, row)
		if sp != nil {
			sp.count(len(r.c.raw) + len(r.c.blob))
		}
		return r, nil
	}
	scratch.slab = scratch.slab[:0]
	r := encodeRow(scratch, row)
	s.metaMu.Lock()
	if _, ok := s.spillMeta[r.key]; !ok {
		// The partition's values are taken before the text goes.
		meta := s.partitionMeta(&r.c)
		for i := range meta {
			meta[i].Value = meta[i].Value.Detach()
		}
		if s.spillMeta == nil {
			s.spillMeta = map[string]value.Fields{}
		}
		s.spillMeta[r.key] = meta
	}
	s.metaMu.Unlock()
	loc, err := sp.stage(&r.c)
	if err != nil {
		return r, err
	}
	r.c.raw, r.c.blob, r.loc = "", "", loc
	return r, nil
}

// respill writes the staged rows again, partition by partition in search
// order, into segments (spill.go).
func (s *Store) respill() error {
	sp := s.spill
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.err != nil {
		return sp.err
	}
	if sp.segs == nil {
		return errors.New("spill: closed")
	}
	if err := sp.flushStaged(); err != nil {
		return err
	}
	var blk stagedBlock
	var buf []byte
	var pending []int32
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		k, err := sp.writeSegment(buf)
		if err != nil {
			return err
		}
		for _, i := range pending {
			s.locs[i].pos = k
		}
		buf, pending = buf[:0], pending[:0]
		return nil
	}
	for _, p := range s.parts {
		for _, i := range p.events {
			loc := s.locs[i]
			if loc.kind != inStaging {
				continue
			}
			rec, err := blk.read(sp.staged, loc)
			if err != nil {
				return err
			}
			if len(buf) > 0 && len(buf)+len(rec) > segSize {
				if err := flush(); err != nil {
					return err
				}
			}
			s.locs[i] = spillLoc{kind: inSegment, at: uint32(len(buf))}
			buf = append(buf, rec...)
			pending = append(pending, i)
		}
		if err := flush(); err != nil {
			return err
		}
	}
	return nil
}

// newScratchEncoder is an encoder for the rows a store spills: its slab
// is reused for each row, whose text is written out before the next.
func newScratchEncoder(t *nameTable, packs *packTable) *rowEncoder {
	e := newRowEncoder(t).packWith(packs)
	e.scratch = true
	return e
}
