package index

import (
	"os"
	"syscall"
)

// mapFile maps the size bytes of f read-only; ok is false when it cannot.
func mapFile(f *os.File, size int64) (b []byte, unmap func(), ok bool) {
	if size <= 0 || size > 1<<40 || int64(int(size)) != size {
		return nil, nil, false
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	return m, func() { syscall.Munmap(m) }, true
}
