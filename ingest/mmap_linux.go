package ingest

import (
	"os"
	"syscall"
)

// mapRange maps bytes [start, end) of f read-only, for a chunk read
// straight from the page cache: reading it copied every byte into the
// window first. Pages come in as they are touched (the kernel maps the
// pages around a fault too), so that memory follows the reading. drop(n) lets the
// process's memory go of the pages wholly before b[n] (they stay in the
// page cache, and read back in if touched again), so that a chunk read
// costs a few MB of memory, not its size. unmap releases the mapping;
// nothing may hold a slice of it then. ok is false when the range cannot
// be mapped (the caller reads it instead).
func mapRange(f *os.File, start, end int64) (b []byte, drop func(n int), unmap func(), ok bool) {
	page := int64(os.Getpagesize())
	at := start / page * page
	n := end - at
	if end <= start || n > 1<<30 || int64(int(n)) != n {
		return nil, nil, nil, false
	}
	m, err := syscall.Mmap(int(f.Fd()), at, int(n), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil, nil, false
	}
	skip := int(start - at)
	dropped := 0
	drop = func(n int) {
		upTo := (skip + n) / int(page) * int(page)
		if upTo > dropped {
			syscall.Madvise(m[dropped:upTo], syscall.MADV_DONTNEED)
			dropped = upTo
		}
	}
	return m[skip:], drop, func() { syscall.Munmap(m) }, true
}
