package store

import (
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/pierrec/lz4/v4"

	"github.com/spelunk-dev/spelunk/value"
)

// Packing _raw (for a hunt): realdata's _raw is 1.22 GB of the 1.56 GB
// a hunt keeps, and the events of one kind (sourcetype and EventCode)
// repeat most of their text: the XML elements and attribute names, the
// provider's name and GUID, the channel, the computer. Each event is
// compressed on its own, in the LZ4 block format, against a dictionary:
// the first event of its kind, kept as it is. On realdata that keeps
// _raw in about two fifths of the space (events one by one without a
// dictionary: two thirds). Events stay independent, so a search that reads
// a few events of a partition unpacks those and no others.
//
// The encoder is ours because github.com/pierrec/lz4/v4 (pure Go, with an
// assembly decoder on amd64 and arm64) decodes with a dictionary but does
// not encode with one; decoding is the library's, so what we write is
// checked by an independent reader of the format (TestPackRoundTrip,
// FuzzPack).

// packDict is a dictionary: the first event's _raw of a kind, and the
// positions of its 4-byte sequences.
type packDict struct {
	text []byte
	tab  [packHashSize]int32 // position+1 of the last occurrence of a hash
}

const (
	packHashLog  = 12
	packHashSize = 1 << packHashLog
	// Matches reach 64 KB back (16-bit offsets), into the dictionary
	// after the record's own text: 32 KB of it stays in reach of most
	// of a record.
	maxDictLen = 32 << 10
	// Shorter records are kept as they are: too little to gain.
	minPackLen = 96
	// A dictionary takes up to 48 KB (its text and table); realdata has
	// about 250 kinds.
	maxDicts = 1024
	// LZ4 block rules: a match is at least 4 bytes, the last 5 bytes of
	// a block are literals and the last match starts at least 12 bytes
	// before its end.
	minMatch   = 4
	lastLits   = 5
	matchLimit = 12
	maxOffset  = 65535
)

func newPackDict(text string) *packDict {
	d := &packDict{text: []byte(text[:min(len(text), maxDictLen)])}
	for i := 0; i+minMatch <= len(d.text); i++ {
		d.tab[packHash(binary.LittleEndian.Uint32(d.text[i:]))] = int32(i + 1)
	}
	return d
}

func packHash(x uint32) uint32 { return (x * 2654435761) >> (32 - packHashLog) }

// packTable holds a store's dictionaries by kind. Encoders on several
// goroutines share it; a dictionary never changes once made.
type packTable struct {
	mu    sync.Mutex
	dicts map[string]*packDict
	// after is how many bytes of _raw are kept as they are before
	// packing starts; seen counts them.
	after int64
	seen  atomic.Int64
}

func newPackTable() *packTable { return &packTable{dicts: map[string]*packDict{}} }

// dict is the dictionary for kind, and whether raw became it (the first
// event of its kind, which is then kept as it is). nil when there are too
// many kinds.
func (t *packTable) dict(kind string, raw string) (*packDict, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if d, ok := t.dicts[kind]; ok {
		return d, false
	}
	if len(t.dicts) >= maxDicts {
		return nil, false
	}
	d := newPackDict(raw)
	t.dicts[kind] = d
	return d, true
}

// packer encodes for one goroutine: its hash table of the record being
// packed, made empty per record by a generation count instead of clearing.
type packer struct {
	tab [packHashSize]int32
	gen [packHashSize]uint32
	cur uint32
}

// pack appends src compressed against d to dst, in the LZ4 block format
// (lz4.UncompressBlockWithDict reads it).
func (p *packer) pack(dst []byte, d *packDict, src string) []byte {
	p.cur++
	if p.cur == 0 {
		p.gen = [packHashSize]uint32{}
		p.cur = 1
	}
	dict := d.text
	anchor := 0
	end := len(src) - lastLits // matches end by here
	for i := 0; i < len(src)-matchLimit; {
		x := load32(src, i)
		h := packHash(x)
		bestOff, bestLen := 0, 0
		if p.gen[h] == p.cur {
			if c := int(p.tab[h]); i-c <= maxOffset && load32(src, c) == x {
				n := minMatch
				for i+n < end && src[c+n] == src[i+n] {
					n++
				}
				bestOff, bestLen = i-c, n
			}
		}
		p.tab[h], p.gen[h] = int32(i), p.cur
		if c := int(d.tab[h]) - 1; c >= 0 {
			off := i + len(dict) - c
			if off <= maxOffset && c+minMatch <= len(dict) && binary.LittleEndian.Uint32(dict[c:]) == x {
				// A match from the dictionary stops at its end.
				n := minMatch
				for i+n < end && c+n < len(dict) && dict[c+n] == src[i+n] {
					n++
				}
				if n > bestLen {
					bestOff, bestLen = off, n
				}
			}
		}
		if bestLen < minMatch || i+bestLen > end {
			i++
			continue
		}
		dst = appendSequence(dst, src[anchor:i], bestOff, bestLen)
		i += bestLen
		anchor = i
	}
	return appendSequence(dst, src[anchor:], 0, 0)
}

func load32(s string, i int) uint32 {
	_ = s[i+3]
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
}

// appendSequence appends one LZ4 sequence: literals, then a match of
// length n at offset off back (n == 0: the last sequence, literals only).
func appendSequence(dst []byte, lits string, off, n int) []byte {
	tok := min(len(lits), 15) << 4
	if n > 0 {
		tok |= min(n-minMatch, 15)
	}
	dst = append(dst, byte(tok))
	if len(lits) >= 15 {
		dst = appendLength(dst, len(lits)-15)
	}
	dst = append(dst, lits...)
	if n == 0 {
		return dst
	}
	dst = append(dst, byte(off), byte(off>>8))
	if n-minMatch >= 15 {
		dst = appendLength(dst, n-minMatch-15)
	}
	return dst
}

func appendLength(dst []byte, n int) []byte {
	for n >= 255 {
		dst = append(dst, 255)
		n -= 255
	}
	return append(dst, byte(n))
}

// unpack is the text packed into src against d, n bytes long, in a new
// allocation: rows decoded from it may be kept by searches.
func unpack(src string, d *packDict, n int) (string, error) {
	s, _, err := unpackInto(nil, src, d, n)
	return s, err
}

// unpackInto is unpack into dst when it is large enough; it returns the
// text and the buffer, for the next.
func unpackInto(dst []byte, src string, d *packDict, n int) (string, []byte, error) {
	if n == 0 {
		return "", dst, nil
	}
	out := dst[:0]
	if cap(out) < n {
		out = make([]byte, n)
	}
	out = out[:n]
	got, err := lz4.UncompressBlockWithDict(unsafe.Slice(unsafe.StringData(src), len(src)), out, d.text)
	if err == nil && got != n {
		err = fmt.Errorf("%d bytes instead of %d", got, n)
	}
	if err != nil {
		return "", out, err
	}
	return unsafe.String(&out[0], n), out, nil
}

// keepRaw is an event row's _raw as the row keeps it: a copy in the slab,
// packed against the dictionary of the event's kind when the encoder
// packs and that saves an eighth or more.
func (e *rowEncoder) keepRaw(row value.Fields, raw string) crow {
	if e.packs == nil || len(raw) < minPackLen || e.packs.seen.Add(int64(len(raw))) <= e.packs.after {
		return crow{raw: keep(e, raw)}
	}
	e.kind = e.kind[:0]
	for _, f := range row {
		if f.Name == "sourcetype" || f.Name == "EventCode" {
			e.kind = append(e.kind, f.Name...)
			e.kind = append(e.kind, 0)
			e.kind = append(e.kind, f.Value.String()...)
			e.kind = append(e.kind, 0)
		}
	}
	d, ok := e.dicts[string(e.kind)]
	if !ok {
		var first bool
		d, first = e.packs.dict(string(e.kind), raw)
		e.dicts[string(e.kind)] = d
		if first && len(d.text) == len(raw) {
			// The first event of its kind is the dictionary.
			return crow{raw: unsafe.String(&d.text[0], len(d.text))}
		}
	}
	if d == nil {
		return crow{raw: keep(e, raw)}
	}
	if e.packer == nil {
		e.packer = &packer{}
	}
	e.packed = e.packer.pack(e.packed[:0], d, raw)
	if len(e.packed) > len(raw)-len(raw)/8 {
		return crow{raw: keep(e, raw)}
	}
	return crow{raw: keep(e, e.packed), pk: d, plen: uint32(len(raw))}
}

// packWith makes e pack events' _raw with t's dictionaries (t nil: not).
func (e *rowEncoder) packWith(t *packTable) *rowEncoder {
	e.packs = t
	if t != nil {
		e.dicts = map[string]*packDict{}
	}
	return e
}

// PackRaw makes the store keep the _raw of the events added from now on
// packed: about 40% of the memory for realdata, for an unpacking of an
// event's _raw each time a search reads it (a microsecond or two). The
// hunt packs; results are the same either way.
func (s *Store) PackRaw() { s.PackRawAfter(0) }

// PackRawAfter is PackRaw once the _raw of the events added holds more
// than n bytes: data that fits in memory as it is is read without
// unpacking (a data model build over packed events spends a third of its
// time unpacking).
func (s *Store) PackRawAfter(n int64) {
	if s.packs == nil {
		s.packs = newPackTable()
		s.packs.after = n
		s.enc.packWith(s.packs)
	}
}

// encodeDetached encodes a dataset row whose event's _raw is packed: its
// values are kept in the row (short ones interned) rather than as offsets
// into the event's text, so that reading the dataset (most detections
// read nothing else) unpacks nothing and kept values keep no unpacked
// text alive. row is scratch and may be changed.
func (e *rowEncoder) encodeDetached(row value.Fields, raw string) crow {
	for i, f := range row {
		if f.Value.Kind() == value.KindMulti {
			row[i].Value = cloneInside(f.Value, raw)
		}
	}
	return e.encodeIn(row, "", &crow{})
}

// encodeOnFields encodes a dataset row of ev, an event held without _raw
// (a data model's, with only the fields its datasets read): the row's
// values are mostly ev's, copied into ev's blob, so the row keeps them as
// offsets into that blob, as a row of an event with _raw keeps offsets
// into it, rather than a second copy (a sixth of a hunt's data model
// text).
func (e *rowEncoder) encodeOnFields(row value.Fields, ev *crow) crow {
	return e.encodeIn(row, ev.blob, &crow{raw: ev.blob})
}
