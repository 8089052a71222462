package index

import (
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// sumArena hands out the space of rows' texts from blocks, so that a
// row costs no allocation of its own; a block lives until the last row
// in it is written. Blocks grow from 1 K to arenaBlock bytes (and its
// sixteenth of texts), so that a dataset with few rows holds little.
// Blocks of full size come from the pool when it has one, and those left
// behind are handed to the writer with the rows that read them (left).
type sumArena struct {
	bytes []byte
	strs  []string
	cps   []sumCopy
	pool  *arenaPool // nil: blocks are only made
	left  arenaBlocks
}

const arenaBlock = 64 << 10

// arenaGrow is the size of the block after one of n, at least least:
// twice n, from 1 K to most.
func arenaGrow(n, least, most int) int { return max(least, min(most, 2*n), 1<<10) }

// arenaBlocks are full-size blocks of an arena.
type arenaBlocks struct {
	bytes [][]byte
	strs  [][]string
	cps   [][]sumCopy
}

func (b *arenaBlocks) empty() bool { return len(b.bytes)+len(b.strs)+len(b.cps) == 0 }

func (b *arenaBlocks) addAll(o arenaBlocks) {
	b.bytes = append(b.bytes, o.bytes...)
	b.strs = append(b.strs, o.strs...)
	b.cps = append(b.cps, o.cps...)
}

// arenaPool keeps the arenas' full-size blocks whose rows are written,
// for the rows made next: W1's 200,000 rows made 210 MB of blocks, half
// of what indexing it allocated, and so half of its collections.
type arenaPool struct {
	mu   sync.Mutex
	free arenaBlocks
}

// arenaReused counts the blocks arenas took from a pool, for the tests.
var arenaReused atomic.Int64

// poolKeeps bounds the blocks of each kind the pool keeps: past it they
// are left to the collector, so that a burst holds no memory after.
const poolKeeps = 256

// put takes back blocks no row reads any more.
func (p *arenaPool) put(b arenaBlocks) {
	if p == nil || b.empty() {
		return
	}
	p.mu.Lock()
	p.free.bytes = keepSome(p.free.bytes, b.bytes)
	p.free.strs = keepSome(p.free.strs, b.strs)
	p.free.cps = keepSome(p.free.cps, b.cps)
	p.mu.Unlock()
}

func keepSome[T any](free, add [][]T) [][]T {
	return append(free, add[:min(len(add), max(0, poolKeeps-len(free)))]...)
}

// nextBlock is the block after cur with room for at least least, of at
// most most: a free one of the pool when of full size. cur, when of full
// size, is left for the writer (the rows made read it). list picks the
// blocks of one kind.
func nextBlock[T any](a *sumArena, list func(*arenaBlocks) *[][]T, cur []T, least, most int) []T {
	p := a.pool
	if p == nil {
		return make([]T, 0, arenaGrow(cap(cur), least, most))
	}
	if cap(cur) == most {
		left := list(&a.left)
		*left = append(*left, cur[:0])
	}
	n := arenaGrow(cap(cur), least, most)
	if n != most {
		return make([]T, 0, n) // smaller, or larger for one long row
	}
	p.mu.Lock()
	free := list(&p.free)
	var b []T
	if k := len(*free); k > 0 {
		b, (*free)[k-1] = (*free)[k-1], nil
		*free = (*free)[:k-1]
	}
	p.mu.Unlock()
	if b == nil {
		return make([]T, 0, n)
	}
	arenaReused.Add(1)
	return b
}

// handOver returns the blocks left behind since the last call, for the
// writer that takes the rows made meanwhile.
func (a *sumArena) handOver() arenaBlocks {
	b := a.left
	a.left = arenaBlocks{}
	return b
}

// text copies s into the arena.
func (a *sumArena) text(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(a.bytes)+len(s) > cap(a.bytes) {
		if len(s) > arenaBlock/4 {
			return strings.Clone(s)
		}
		a.bytes = nextBlock(a, func(b *arenaBlocks) *[][]byte { return &b.bytes }, a.bytes, len(s), arenaBlock)
	}
	n := len(a.bytes)
	a.bytes = append(a.bytes, s...)
	return unsafe.String(&a.bytes[n], len(s))
}

// texts is room for n texts.
func (a *sumArena) texts(n int) []string {
	if len(a.strs)+n > cap(a.strs) {
		a.strs = nextBlock(a, func(b *arenaBlocks) *[][]string { return &b.strs }, a.strs, n, arenaBlock/16)
	}
	k := len(a.strs)
	a.strs = a.strs[:k+n]
	return a.strs[k : k+n : k+n]
}

// copyRoom is room for n copies, which a row appends to and then takes
// with tookCopies: W1's rows have three each, and growing each row's own
// slice took four allocations a row.
func (a *sumArena) copyRoom(n int) []sumCopy {
	if len(a.cps)+n > cap(a.cps) {
		a.cps = nextBlock(a, func(b *arenaBlocks) *[][]sumCopy { return &b.cps }, a.cps, n, arenaBlock/16)
	}
	k := len(a.cps)
	return a.cps[k : k : k+n]
}

// tookCopies takes the room copyRoom gave that cps, appended to it, uses
// (none when cps outgrew it: then it is a slice of its own).
func (a *sumArena) tookCopies(cps []sumCopy) {
	if k := len(a.cps); len(cps) > 0 && k < cap(a.cps) && &a.cps[:k+1][k] == &cps[0] {
		a.cps = a.cps[:k+len(cps)]
	}
}
