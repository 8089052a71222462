package runner

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
)

// GCPacer sets GOGC so that the collector lets the heap grow by about a
// headroom over the live heap, instead of a fixed share of it: a search
// or hunt that holds much data doubles its memory at the default GOGC of
// 100, while one that holds little and makes much garbage wastes CPU on
// collection. GOGC stays between 10 and max. A GOGC set by the user wins
// (the pacer is then nil and does nothing).
type GCPacer struct {
	mu       sync.Mutex
	n        atomic.Int64
	headroom uint64
	// Past a live heap of tightAt bytes (0: never) the headroom is
	// tight instead (TightenPast).
	tightAt, tight uint64
	max            int
	gogc           int
	prev           int
	sample         []metrics.Sample
	freed          time.Time // when FreeOSMemory was last called
}

// NewGCPacer makes a pacer for the given headroom (bytes) and highest
// GOGC; it is nil when the user set GOGC.
func NewGCPacer(headroom int64, max int) *GCPacer {
	if os.Getenv("GOGC") != "" {
		return nil
	}
	return &GCPacer{headroom: uint64(headroom), max: max, gogc: -1, prev: -2, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/free:bytes"}}}
}

// Tick is called once per event read, from any goroutine; it adjusts
// every 16384 events, as the heap grows.
func (p *GCPacer) Tick() {
	if p == nil || p.n.Add(1)%16384 != 0 {
		return
	}
	p.Adjust()
}

// Adjust sets GOGC from the live heap of the last collection.
func (p *GCPacer) Adjust() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	metrics.Read(p.sample)
	if p.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := p.sample[0].Value.Uint64()
	var free uint64
	if p.sample[1].Value.Kind() == metrics.KindUint64 {
		free = p.sample[1].Value.Uint64()
	}
	if p.freeNow(live, free, time.Since(p.freed)) {
		debug.FreeOSMemory()
		p.freed = time.Now()
	}
	g := p.gogcFor(live)
	if g != p.gogc {
		old := debug.SetGCPercent(g)
		if p.prev == -2 {
			p.prev = old
		}
		p.gogc = g
	}
}

// TightenPast makes the headroom tight bytes once the live heap is past
// live bytes, and gives free heap pages past tight bytes back to the
// system at once (at most once a second) rather than leaving them to the
// runtime's background scavenger, which falls behind a heap that churns:
// a hunt whose held data outgrows half its memory budget spends
// collector time to keep its peak near what it holds, rather than a
// headroom sized for a heap of little data. It must be called before the
// pacer is used.
func (p *GCPacer) TightenPast(live, tight int64) {
	if p == nil {
		return
	}
	p.tightAt, p.tight = uint64(max(live, 0)), uint64(max(tight, 0))
}

// gogcFor is the GOGC that lets a heap of live bytes grow by the
// headroom, between 10 and max.
func (p *GCPacer) gogcFor(live uint64) int {
	if live == 0 {
		return p.max
	}
	h := p.headroom
	if p.tightAt > 0 && live > p.tightAt {
		h = min(h, p.tight)
	}
	return int(min(uint64(p.max), max(10, h*100/live)))
}

// freeNow says whether Adjust gives the free heap pages back to the
// system, with live and free bytes and the time since it last did.
func (p *GCPacer) freeNow(live, free uint64, since time.Duration) bool {
	return p.tightAt > 0 && live > p.tightAt && free > p.tight && since >= time.Second
}

// Stop restores the GOGC from before the pacer changed it.
func (p *GCPacer) Stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.prev != -2 {
		debug.SetGCPercent(p.prev)
	}
}
