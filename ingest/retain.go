package ingest

import (
	"errors"
	"sync"
)

// Retained keeps the mappings of a read with Options.Retain until
// Release: their records' texts are views of them. A file cut short
// while such a text is still to be read faults where it is read; a
// caller reading texts outside its callback guards that (FaultError).
type Retained struct {
	mu    sync.Mutex
	maps  []*mapping
	since int // bytes read since the last sweep
}

// retainLag is how far behind the reading a retained mapping lets go of
// its pages: the records staged meanwhile (a batch, a few hundred KB)
// are read again while still in memory. Pages let go of are read back
// from the page cache when touched.
const retainLag = 4 << 20

// sweepEvery (a var for tests) is how many bytes are read between sweeps of the mappings
// kept: a text kept long after its record (a previous value compared
// with the next, a row group's last) brings its pages back, and they
// would otherwise stay until Release (about 4% of W1 by its end).
var sweepEvery = 256 << 20

// maxRetained (a var for tests) bounds the mappings kept: each is one of the process's
// memory maps, of which Linux allows about 65,000 (vm.max_map_count).
// Past it (some 128 GB of input read in 16 MB chunks), chunks are read
// with copies, as without Retain.
var maxRetained = 8192

// room reports whether one more mapping may be kept. A read that keeps
// its mapping calls keep after; reads running at once may take a few past
// the bound.
func (r *Retained) room() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.maps) < maxRetained
}

// keep takes a mapping read to its end: its pages go, and every
// sweepEvery bytes, those of all the mappings kept that came back.
func (r *Retained) keep(mp *mapping) {
	b := mp.bytes()
	mp.drop(len(b))
	r.mu.Lock()
	defer r.mu.Unlock()
	r.maps = append(r.maps, mp)
	if r.since += len(b); r.since >= sweepEvery {
		r.since = 0
		for _, m := range r.maps {
			m.dropAgain()
		}
	}
}

// Release unmaps what the read kept; nothing may read an event's text
// after.
func (r *Retained) Release() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, mp := range r.maps {
		mp.unmap()
	}
	r.maps = nil
}

// ErrCutShort is the error FaultError gives.
var ErrCutShort = errors.New("an input file was cut short while it was read")

// FaultError, deferred by a goroutine that set debug.SetPanicOnFault and
// reads texts of retained mappings, makes a fault there (a file cut short
// meanwhile) ErrCutShort in *err rather than a crash.
func FaultError(err *error) {
	if r := recover(); r != nil {
		if _, fault := r.(interface{ Addr() uintptr }); !fault {
			panic(r)
		}
		*err = ErrCutShort
	}
}
