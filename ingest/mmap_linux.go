package ingest

import (
	"os"
	"syscall"
)

// mapping is a byte range of a file mapped read-only, for a chunk read
// straight from the page cache: reading it copied every byte into the
// window first. Pages come in as they are touched (the kernel maps the
// pages around a fault too), so that memory follows the reading.
type mapping struct {
	m       []byte // the mapping, from a page boundary
	skip    int    // where the range starts in m
	dropped int    // m's bytes let go of
}

// mapRange maps bytes [start, end) of f. ok is false when the range cannot
// be mapped (the caller reads it instead).
func mapRange(f *os.File, start, end int64) (mp *mapping, ok bool) {
	page := int64(os.Getpagesize())
	at := start / page * page
	n := end - at
	if end <= start || n > 1<<30 || int64(int(n)) != n {
		return nil, false
	}
	m, err := syscall.Mmap(int(f.Fd()), at, int(n), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, false
	}
	return &mapping{m: m, skip: int(start - at)}, true
}

// bytes are the range's bytes.
func (mp *mapping) bytes() []byte { return mp.m[mp.skip:] }

// drop lets the process's memory go of the pages wholly before bytes()[n]
// (they stay in the page cache, and read back in if touched again), so
// that a chunk read costs a few MB of memory, not its size.
func (mp *mapping) drop(n int) {
	page := os.Getpagesize()
	upTo := (mp.skip + n) / page * page
	if upTo > mp.dropped {
		syscall.Madvise(mp.m[mp.dropped:upTo], syscall.MADV_DONTNEED)
		mp.dropped = upTo
	}
}

// dropAgain lets go of the pages let go of before and touched since.
func (mp *mapping) dropAgain() {
	if mp.dropped > 0 {
		syscall.Madvise(mp.m[:mp.dropped], syscall.MADV_DONTNEED)
	}
}

// unmap releases the mapping; nothing may hold a slice of it then.
func (mp *mapping) unmap() { syscall.Munmap(mp.m) }
