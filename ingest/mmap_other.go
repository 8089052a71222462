//go:build !linux

package ingest

import "os"

// mapping is never made here: chunks are read.
type mapping struct{}

// mapRange maps nothing here.
func mapRange(f *os.File, start, end int64) (mp *mapping, ok bool) { return nil, false }

func (mp *mapping) bytes() []byte { return nil }
func (mp *mapping) drop(n int)    {}
func (mp *mapping) dropAgain()    {}
func (mp *mapping) unmap()        {}
