package ingest

import (
	"strings"
	"unsafe"
)

// textArena copies short strings into blocks that it never writes again
// once a copy is taken from them: a copy shares its block with its
// neighbours instead of being an allocation of its own, and keeps only
// that block alive, not the record it came from.
type textArena struct{ block []byte }

// arenaBlock is the size of a block: small, since a value kept for long
// (a group's key) keeps its whole block.
const arenaBlock = 4 << 10

// copy returns s in memory of the arena's own.
func (a *textArena) copy(s string) string {
	switch {
	case s == "":
		return ""
	case len(s) > arenaBlock/8:
		return strings.Clone(s)
	}
	if cap(a.block)-len(a.block) < len(s) {
		a.block = make([]byte, 0, arenaBlock)
	}
	n := len(a.block)
	a.block = append(a.block, s...)
	return unsafe.String(&a.block[n], len(s))
}
