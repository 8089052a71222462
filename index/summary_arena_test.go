package index

import "testing"

// TestArenaBlocksWaitForWrites: the blocks of a batch written go back to
// the pool only once no batch taken is still being written (one taken
// earlier may be written later, and its rows may read those blocks).
func TestArenaBlocksWaitForWrites(t *testing.T) {
	sb := &summaryBuilder{dir: t.TempDir()}
	w := &sumWriter{b: sb}
	take := func() sumBatch {
		if err := w.add(nil, arenaBlocks{bytes: [][]byte{make([]byte, 0, arenaBlock)}}); err != nil {
			t.Fatal(err)
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.take()
	}
	first, second := take(), take()
	for _, c := range []struct {
		flush sumBatch
		want  int
	}{{second, 0}, {first, 2}} {
		if err := w.flush(c.flush); err != nil {
			t.Fatal(err)
		}
		if got := len(sb.arenaPool.free.bytes); got != c.want {
			t.Fatalf("%d blocks in the pool, want %d", got, c.want)
		}
	}
	// An arena takes them back, and leaves its full blocks for the writer.
	a := sumArena{pool: &sb.arenaPool}
	for range 3 * arenaBlock / 1000 {
		a.text(string(make([]byte, 1000)))
	}
	if got := len(sb.arenaPool.free.bytes); got != 0 {
		t.Errorf("%d blocks still in the pool", got)
	}
	if got := len(a.handOver().bytes); got < 2 {
		t.Errorf("%d blocks left for the writer, want at least 2", got)
	}
	// A row of more cells than a full block holds gets room of its own,
	// though the pool has a full block.
	full := func() []string { return make([]string, 0, arenaBlock/16) }
	sb.arenaPool.put(arenaBlocks{strs: [][]string{full(), full()}})
	for _, n := range []int{arenaBlock / 16, arenaBlock/16 + 1} {
		if got := len(a.texts(n)); got != n {
			t.Errorf("room for %d texts, want %d", got, n)
		}
	}
}
