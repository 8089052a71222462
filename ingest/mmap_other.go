//go:build !linux

package ingest

import "os"

// mapRange maps nothing here: chunks are read.
func mapRange(f *os.File, start, end int64) (b []byte, drop func(n int), unmap func(), ok bool) {
	return nil, nil, nil, false
}
