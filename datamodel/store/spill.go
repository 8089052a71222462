package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// Spilling: a store given a Spill (SpillTo) holds the text of its events
// (_raw, packed or not, and the encoded fields) in memory until the
// stores sharing the Spill hold Spill.after bytes; the text of the events
// added after that goes to a temporary file while the data is read, and
// only the rest of each row (its length, its packing dictionary, its rare
// multivalues) stays in memory. When the store is sealed, the spilled
// rows are written again, partition by partition in search order, into
// segments, so that a scan reads the segments of the partitions it keeps
// one after the other, each once, with one read apiece. The text is read
// back with ReadAt into memory of its own (not mapped: the decoded values
// point into it, and a search may keep them past the file's end).
//
// A segment is a header (magic, version, payload length, CRC-32C of the
// payload) and its rows, each the uvarint length of raw, raw, the uvarint
// length of blob and blob. A row staged while reading is the same row
// followed by the CRC-32C of its bytes. A damaged file is an error.

// Spill is where stores put what they hold past a memory budget: a
// folder of its own, made in the given one, whose files are removed by
// Close (at once where the system allows an open file to be removed, so
// that nothing is left even if the process is killed).
type Spill struct {
	dir   string
	after int64
	held  atomic.Int64

	mu       sync.Mutex
	staged   *os.File
	stageEnd int64
	// pending are the staged records not yet written, from stageEnd on:
	// rows are staged one by one, and written in blocks.
	pending []byte
	segs    *os.File
	segTab  []segInfo
	err     error
	// Stats
	rows, bytes int64
}

type segInfo struct {
	off int64
	n   uint32
}

const (
	segMagic   = "SPSG"
	segVersion = 1
	segHeader  = 12 // magic, version, 3 spare, length (the CRC follows)
	// Segments hold about this much: one is read per kept partition at
	// a time, so a scan holds at most one per partition.
	segSize = 64 << 10
	// maxSegment bounds a segment's length as read: a row longer than
	// segSize makes a segment of its own.
	maxSegment = 1 << 30
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// NewSpill makes a Spill in a new folder under dir (os.TempDir() when
// empty); stores sharing it spill once they hold after bytes (0: at once).
func NewSpill(dir string, after int64) (*Spill, error) {
	if dir == "" {
		dir = os.TempDir()
	}
	d, err := os.MkdirTemp(dir, "spelunk-spill-")
	if err != nil {
		return nil, fmt.Errorf("spill folder: %w", err)
	}
	sp := &Spill{dir: d, after: after}
	if sp.staged, err = createUnlinked(d); err == nil {
		sp.segs, err = createUnlinked(d)
	}
	if err != nil {
		sp.Close()
		return nil, fmt.Errorf("spill file: %w", err)
	}
	// With both files removed (where the system allows it), so is the
	// folder: nothing is left behind whatever happens to the process.
	os.Remove(d)
	return sp, nil
}

// createUnlinked makes a file of a generated name, readable by its owner
// only (os.CreateTemp), and removes its name at once where that works.
func createUnlinked(dir string) (*os.File, error) {
	f, err := os.CreateTemp(dir, "spill-*.seg")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name())
	return f, nil
}

// Dir is the folder the Spill made.
func (sp *Spill) Dir() string { return sp.dir }

// Spilled is how many rows, and bytes of their text, went to the file.
func (sp *Spill) Spilled() (rows, bytes int64) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.rows, sp.bytes
}

// Close closes and removes the files and the folder.
func (sp *Spill) Close() error {
	if sp == nil {
		return nil
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	var errs []error
	for _, f := range []*os.File{sp.staged, sp.segs} {
		if f != nil {
			errs = append(errs, f.Close())
		}
	}
	sp.staged, sp.segs = nil, nil
	errs = append(errs, os.RemoveAll(sp.dir))
	return errors.Join(errs...)
}

// spillLoc is where a row's text is: in memory (the zero value), staged
// (pos its offset in the staging file, at the record's length) or in a
// segment (pos its number, at the row's offset in it).
type spillLoc struct {
	pos  int64
	at   uint32
	kind uint8
}

const (
	inMemory = iota
	inStaging
	inSegment
)

// appendRecord appends a row's text as a segment row.
func appendRecord(dst []byte, raw, blob string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(raw)))
	dst = append(dst, raw...)
	dst = binary.AppendUvarint(dst, uint64(len(blob)))
	return append(dst, blob...)
}

// stage writes c's text to the staging file.
func (sp *Spill) stage(c *crow) (spillLoc, error) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.err != nil {
		return spillLoc{}, sp.err
	}
	if sp.staged == nil {
		return spillLoc{}, errors.New("spill: closed")
	}
	at := len(sp.pending)
	sp.pending = appendRecord(sp.pending, c.raw, c.blob)
	sp.pending = binary.LittleEndian.AppendUint32(sp.pending, crc32.Checksum(sp.pending[at:], crcTable))
	loc := spillLoc{pos: sp.stageEnd + int64(at), at: uint32(len(sp.pending) - at), kind: inStaging}
	sp.rows++
	sp.bytes += int64(len(c.raw) + len(c.blob))
	if len(sp.pending) >= stageBlock {
		if err := sp.flushStaged(); err != nil {
			return spillLoc{}, err
		}
	}
	return loc, nil
}

// stageBlock is how many bytes of staged records are written at once:
// one write per row cost a system call per row.
const stageBlock = 256 << 10

// flush writes the pending staged records.
func (sp *Spill) flush() error {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.err != nil {
		return sp.err
	}
	return sp.flushStaged()
}

// flushStaged writes the pending staged records; sp.mu is held.
func (sp *Spill) flushStaged() error {
	if len(sp.pending) == 0 {
		return nil
	}
	if sp.staged == nil {
		return errors.New("spill: closed")
	}
	if _, err := sp.staged.WriteAt(sp.pending, sp.stageEnd); err != nil {
		sp.err = fmt.Errorf("spill: %w", err)
		return sp.err
	}
	sp.stageEnd += int64(len(sp.pending))
	sp.pending = sp.pending[:0]
	return nil
}

// readStaged reads a staged row's record, checking it.
func (sp *Spill) readStaged(loc spillLoc) ([]byte, error) {
	sp.mu.Lock()
	err := sp.flushStaged()
	sp.mu.Unlock()
	if err != nil {
		return nil, err
	}
	// A block of the record's own length: rows are read one by one
	// from the staging file only before the store is sealed.
	blk := stagedBlock{off: loc.pos, b: make([]byte, loc.at)}
	if loc.at < 4 {
		return nil, errors.New("spill: damaged staging record")
	}
	if _, err := sp.staged.ReadAt(blk.b, loc.pos); err != nil {
		return nil, fmt.Errorf("spill: reading a staged row: %w", err)
	}
	return blk.read(sp.staged, loc)
}

// stagedBlock reads staged records through a block of the staging file:
// the rows of a partition are read back in search order, which is mostly
// the order they were staged in or its reverse, so that most are found
// in the block read for an earlier one.
type stagedBlock struct {
	off int64
	b   []byte
}

// read reads the record at loc, checking it; the pending records are
// written (flushStaged) before.
func (blk *stagedBlock) read(f *os.File, loc spillLoc) ([]byte, error) {
	if loc.at < 4 {
		return nil, errors.New("spill: damaged staging record")
	}
	end := loc.pos + int64(loc.at)
	if loc.pos < blk.off || end > blk.off+int64(len(blk.b)) {
		// A block around the record: it ends past it by half, so that
		// records read forwards or backwards both find it.
		size := max(int64(stageBlock), int64(loc.at))
		start := max(0, min(loc.pos, end-size/2))
		if cap(blk.b) < int(size) {
			blk.b = make([]byte, size)
		}
		n, err := f.ReadAt(blk.b[:size], start)
		if n < int(end-start) {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			blk.b = blk.b[:0]
			return nil, fmt.Errorf("spill: reading a staged row: %w", err)
		}
		blk.off, blk.b = start, blk.b[:n]
	}
	b := blk.b[loc.pos-blk.off : end-blk.off]
	n := len(b) - 4
	if crc32.Checksum(b[:n], crcTable) != binary.LittleEndian.Uint32(b[n:]) {
		return nil, fmt.Errorf("spill: staged row at %d is damaged (checksum)", loc.pos)
	}
	return b[:n], nil
}

// writeSegment appends payload as a segment and returns its number.
func (sp *Spill) writeSegment(payload []byte) (int64, error) {
	hdr := make([]byte, segHeader+4, segHeader+4+len(payload))
	copy(hdr, segMagic)
	hdr[4] = segVersion
	binary.LittleEndian.PutUint32(hdr[8:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(hdr[12:], crc32.Checksum(payload, crcTable))
	off := int64(0)
	if n := len(sp.segTab); n > 0 {
		last := sp.segTab[n-1]
		off = last.off + segHeader + 4 + int64(last.n)
	}
	if _, err := sp.segs.WriteAt(append(hdr, payload...), off); err != nil {
		return 0, fmt.Errorf("spill: %w", err)
	}
	sp.segTab = append(sp.segTab, segInfo{off: off, n: uint32(len(payload))})
	return int64(len(sp.segTab) - 1), nil
}

// readSegment reads segment k's payload, checking it.
func (sp *Spill) readSegment(k int64) ([]byte, error) {
	payload, _, err := sp.readSegmentInto(k, nil)
	return payload, err
}

// readSegmentInto is readSegment reading into buf when it is large
// enough; it returns the payload and the buffer read into, for the next.
func (sp *Spill) readSegmentInto(k int64, buf []byte) ([]byte, []byte, error) {
	sp.mu.Lock()
	if k < 0 || k >= int64(len(sp.segTab)) || sp.segs == nil {
		sp.mu.Unlock()
		return nil, nil, fmt.Errorf("spill: no segment %d", k)
	}
	info, f := sp.segTab[k], sp.segs
	sp.mu.Unlock()
	n := segHeader + 4 + int(info.n)
	b := buf[:0]
	if cap(b) < n {
		b = make([]byte, n)
	}
	b = b[:n]
	if _, err := f.ReadAt(b, info.off); err != nil && !(errors.Is(err, io.EOF) && info.n == 0) {
		return nil, nil, fmt.Errorf("spill: reading segment %d: %w", k, err)
	}
	payload, err := parseSegment(b)
	if err != nil {
		return nil, nil, fmt.Errorf("spill: segment %d: %w", k, err)
	}
	if len(payload) != int(info.n) {
		return nil, nil, fmt.Errorf("spill: segment %d: %d bytes instead of %d", k, len(payload), info.n)
	}
	return payload, b, nil
}

// parseSegment checks a segment (header and payload) and returns its
// payload.
func parseSegment(b []byte) ([]byte, error) {
	if len(b) < segHeader+4 {
		return nil, errors.New("shorter than its header")
	}
	if string(b[:4]) != segMagic {
		return nil, errors.New("not a segment (magic)")
	}
	if b[4] != segVersion {
		return nil, fmt.Errorf("version %d, not %d", b[4], segVersion)
	}
	n := binary.LittleEndian.Uint32(b[8:])
	if n > maxSegment || int(n) != len(b)-segHeader-4 {
		return nil, fmt.Errorf("length %d does not match its %d bytes", n, len(b)-segHeader-4)
	}
	payload := b[segHeader+4:]
	if crc32.Checksum(payload, crcTable) != binary.LittleEndian.Uint32(b[12:]) {
		return nil, errors.New("damaged (checksum)")
	}
	return payload, nil
}

// parseRecord reads the row at payload[at:]: its raw and blob, and where
// the next row starts.
func parseRecord(payload []byte, at int) (raw, blob []byte, next int, err error) {
	raw, at, err = parsePart(payload, at)
	if err != nil {
		return nil, nil, 0, err
	}
	blob, at, err = parsePart(payload, at)
	if err != nil {
		return nil, nil, 0, err
	}
	return raw, blob, at, nil
}

func parsePart(b []byte, at int) ([]byte, int, error) {
	if at < 0 || at > len(b) {
		return nil, 0, fmt.Errorf("row at %d is past the end", at)
	}
	n, k := binary.Uvarint(b[at:])
	if k <= 0 {
		return nil, 0, fmt.Errorf("bad length at %d", at)
	}
	at += k
	if n > uint64(len(b)-at) {
		return nil, 0, fmt.Errorf("length %d at %d runs past the end", n, at)
	}
	return b[at : at+int(n)], at + int(n), nil
}

// over reports whether the stores sharing sp hold their share, so that
// the next row is staged.
func (sp *Spill) over() bool { return sp.held.Load() >= sp.after }

// count adds n bytes to what the stores hold in memory.
func (sp *Spill) count(n int) { sp.held.Add(int64(n)) }
