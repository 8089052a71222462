package ingest

// Windows EVTX files, read with our own parser (no cgo; the Go EVTX
// libraries are GPL or need cgo, CIM.md §5). Each record's binary XML is
// rendered to the XML text a Splunk forwarder sends as XmlWinEventLog —
// single-quoted attributes, no whitespace between elements, & < > escaped
// in text, times as 2024-04-23T08:48:30.449376800Z — and that text goes
// through the XmlWinEventLog reader, so an EVTX file and the same events
// exported as XML give identical events.
//
// Layout (Microsoft's MS-EVEN6 binary XML and the libevtx format notes):
// a 4096-byte file header ("ElfFile\0"), then 64 KiB chunks ("ElfChnk\0",
// a 512-byte header holding string and template offset tables), each
// holding records ("**\0\0", size, record id, FILETIME, binary XML, size).
// Binary XML names and template definitions are stored once per chunk and
// referred to by chunk offset; a record is usually one template instance
// with an array of typed substitution values (binxml.go renders it).
//
// A damaged chunk or record is reported as a bad record and skipped; the
// rest of the file is still read.

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

var evtxMagic = []byte("ElfFile\x00")

const (
	evtxChunkSize = 64 << 10
	evtxFirstRec  = 512 // records start after the chunk header and tables
)

// evtxFormat is Windows EVTX files.
type evtxFormat struct{}

func (evtxFormat) about() formatAbout {
	return formatAbout{name: "evtx", doc: "EVTX binary", binary: true}
}

// detect: the file signature.
func (evtxFormat) detect(head []byte, final bool) (sourcetypeSpec, verdict) {
	switch {
	case bytes.HasPrefix(head, evtxMagic):
		return sourcetypeSpec{}, isThis
	case len(head) < len(evtxMagic) && !final:
		return sourcetypeSpec{}, needMore
	}
	return sourcetypeSpec{}, notThis
}

func (evtxFormat) cutter([]byte) func(prev, next []byte) bool { return nil }

// read also serves --sourcetype evtx, which detection did not check.
func (evtxFormat) read(w *window, rn *run, _ sourcetypeSpec) error {
	for len(w.data()) < len(evtxMagic) && w.fill() {
	}
	if !bytes.HasPrefix(w.data(), evtxMagic) {
		return fmt.Errorf("%s is not an EVTX file (no ElfFile signature)", rn.name)
	}
	return readEVTX(w, rn)
}

func readEVTX(w *window, rn *run) error {
	need := func(n int) []byte {
		for len(w.data()) < n && w.fill() {
		}
		return w.data()
	}
	hdr := need(4096)
	if len(hdr) < 128 {
		rn.bad(1, "truncated EVTX file header")
		w.advance(len(hdr))
		return nil
	}
	headerSize := int(binary.LittleEndian.Uint16(hdr[40:]))
	if headerSize < 128 || headerSize > 1<<16 {
		headerSize = 4096
	}
	w.advance(min(headerSize, len(hdr)))
	p := xmlParser{}
	for chunkNo := 0; ; chunkNo++ {
		d := need(evtxChunkSize)
		if len(d) == 0 {
			return nil
		}
		if len(d) < evtxChunkSize {
			if !allZero(d) {
				rn.bad(chunkNo+1, fmt.Sprintf("EVTX chunk %d truncated (%d of %d bytes)", chunkNo, len(d), evtxChunkSize))
			}
			w.advance(len(d))
			return nil
		}
		chunk := d[:evtxChunkSize]
		if err := readEVTXChunk(chunk, chunkNo, &p, rn); err != nil {
			return err
		}
		w.advance(evtxChunkSize)
	}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// readEVTXChunk renders and emits the records of one chunk. Problems are
// reported with the record id (or the chunk number) as the line.
func readEVTXChunk(chunk []byte, chunkNo int, p *xmlParser, rn *run) error {
	if !bytes.HasPrefix(chunk, []byte("ElfChnk\x00")) {
		if !allZero(chunk) {
			rn.bad(chunkNo+1, fmt.Sprintf("EVTX chunk %d has no ElfChnk signature", chunkNo))
		}
		return nil
	}
	free := int(binary.LittleEndian.Uint32(chunk[48:]))
	if free > len(chunk) || free < evtxFirstRec {
		free = len(chunk)
	}
	bx := &binxml{chunk: chunk, templates: map[int]int{}}
	for off := evtxFirstRec; off+28 <= free; {
		if binary.LittleEndian.Uint32(chunk[off:]) != 0x00002a2a {
			rn.bad(chunkNo+1, fmt.Sprintf("EVTX chunk %d: no record signature at offset %d; rest of chunk skipped", chunkNo, off))
			return nil
		}
		size := int(binary.LittleEndian.Uint32(chunk[off+4:]))
		recID := binary.LittleEndian.Uint64(chunk[off+8:])
		if size < 28 || off+size > len(chunk) {
			rn.bad(chunkNo+1, fmt.Sprintf("EVTX chunk %d: record %d has a bad size %d; rest of chunk skipped", chunkNo, recID, size))
			return nil
		}
		raw, err := bx.render(off+24, off+size-4)
		if err != nil {
			rn.bad(int(recID), fmt.Sprintf("EVTX record %d: %v", recID, err))
		} else if err := rn.emit(p.event(raw, rn, int(recID))); err != nil {
			return err
		}
		off += size
	}
	return nil
}
