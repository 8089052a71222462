package index

import (
	"strings"
	"unsafe"
)

// sumArena hands out the space of rows' texts from blocks, so that a
// row costs no allocation of its own; a block lives until the last row
// in it is written. Blocks grow from 1 K to arenaBlock bytes (and its
// sixteenth of texts), so that a dataset with few rows holds little.
type sumArena struct {
	bytes []byte
	strs  []string
	cps   []sumCopy
}

const arenaBlock = 64 << 10

// arenaGrow is the size of the block after one of n, at least least:
// twice n, from 1 K to most.
func arenaGrow(n, least, most int) int { return max(least, min(most, 2*n), 1<<10) }

// text copies s into the arena.
func (a *sumArena) text(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(a.bytes)+len(s) > cap(a.bytes) {
		if len(s) > arenaBlock/4 {
			return strings.Clone(s)
		}
		a.bytes = make([]byte, 0, arenaGrow(cap(a.bytes), len(s), arenaBlock))
	}
	n := len(a.bytes)
	a.bytes = append(a.bytes, s...)
	return unsafe.String(&a.bytes[n], len(s))
}

// texts is room for n texts.
func (a *sumArena) texts(n int) []string {
	if len(a.strs)+n > cap(a.strs) {
		a.strs = make([]string, 0, arenaGrow(cap(a.strs), n, arenaBlock/16))
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
		a.cps = make([]sumCopy, 0, arenaGrow(cap(a.cps), n, arenaBlock/16))
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
