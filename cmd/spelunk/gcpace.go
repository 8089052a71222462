package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// gcHeadroom is how far the heap may grow past what the last collection
// kept before the next one, while the hunt holds the data in memory.
const gcHeadroom = 256 << 20

// gcPacer sets GOGC so that the collector lets the heap grow by about
// gcHeadroom over the live heap (GOGC 10 to 100), instead of doubling
// it. The store keeps its events as text without pointers
// (datamodel's encoded rows), so a collection costs little however much
// data there is, while the default GOGC of 100 turns realdata's 1.7 GB
// of live data into a 4 GB peak RSS. Small data keeps GOGC 100: there, doubling
// costs little memory and collecting more often would cost CPU. A GOGC
// set by the user wins (the pacer is then nil and does nothing).
type gcPacer struct {
	mu     sync.Mutex
	n      atomic.Int64
	gogc   int
	prev   int
	sample []metrics.Sample
}

func newGCPacer() *gcPacer {
	if os.Getenv("GOGC") != "" {
		return nil
	}
	return &gcPacer{gogc: 100, prev: -2, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
}

// tick is called once per event loaded; it adjusts every 16384 events,
// as the heap grows.
func (p *gcPacer) tick() {
	if p == nil || p.n.Add(1)%16384 != 0 {
		return
	}
	p.adjust()
}

// adjust sets GOGC from the live heap of the last collection.
func (p *gcPacer) adjust() {
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
	g := 100
	if live > 0 {
		g = int(min(100, max(10, uint64(gcHeadroom)*100/live)))
	}
	if g != p.gogc {
		old := debug.SetGCPercent(g)
		if p.prev == -2 {
			p.prev = old
		}
		p.gogc = g
	}
}

// stop restores the GOGC from before the pacer changed it.
func (p *gcPacer) stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.prev != -2 {
		debug.SetGCPercent(p.prev)
	}
}
