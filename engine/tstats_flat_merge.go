package engine

import (
	"cmp"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// finishFlat makes the result of the workers' groups. With more than one
// worker, each column's texts are numbered and ranked once for all of
// them (a goroutine per column), each worker sorts its own groups by
// their ranks (on its own goroutine), and the sorted lists are merged,
// equal groups folded together: no table of every group is built again.
// When the ranks do not tell the order or do not fit one integer, the
// workers' tables are merged into one and sorted as one (mergeFlat).
func finishFlat(ws []*flatWorker, p *flatPlan) *flatRows {
	ws = slices.DeleteFunc(slices.Clone(ws), func(w *flatWorker) bool { return w == nil })
	if len(ws) < 2 {
		return mergeFlat(ws, p).result()
	}
	width := len(p.byCol)
	texts := make([][]string, width)
	ranks := make([][]int32, width)
	plain := make([]bool, width)
	local := make([][][]int32, len(ws)) // per worker, per column: local id to global
	for i := range ws {
		local[i] = make([][]int32, width)
	}
	var wg sync.WaitGroup
	for k := range width {
		wg.Go(func() {
			ids := map[string]int32{}
			for i, w := range ws {
				m := make([]int32, len(w.texts[k]))
				for id, s := range w.texts[k] {
					g, ok := ids[s]
					if !ok {
						g = int32(len(texts[k]))
						ids[s] = g
						texts[k] = append(texts[k], s)
					}
					m[id] = g
				}
				local[i][k] = m
			}
			_, ranks[k], plain[k] = rankTexts(texts[k])
		})
	}
	wg.Wait()
	most := 0
	for _, w := range ws {
		most = max(most, w.groups())
	}
	used := bits.Len(uint(most))
	for _, t := range texts {
		used += bits.Len(uint(len(t)))
	}
	if slices.Contains(plain, false) || used > packedSortBits {
		return mergeFlat(ws, p).result()
	}
	sorted := make([]*flatSorted, len(ws))
	for i, w := range ws {
		wg.Go(func() { sorted[i] = w.sortedBy(local[i], ranks, texts) })
	}
	wg.Wait()
	return mergeSorted(p, sorted, texts)
}

// groups is how many groups the worker made.
func (w *flatWorker) groups() int { return w.n }

// flatSorted is a worker's groups in the order of their ranks.
type flatSorted struct {
	keys []uint64  // the ranks packed into one integer
	ids  [][]int32 // per column, the groups' global ids
	vals []float64 // the groups' aggregations, one after another
}

// sortedBy lays the worker's groups out in the order of their global
// ranks, with their global ids.
func (w *flatWorker) sortedBy(local [][]int32, ranks [][]int32, texts [][]string) *flatSorted {
	n, na := w.n, len(w.p.kinds)
	idxBits := bits.Len(uint(n))
	packed := make([]uint64, n)
	shift := make([]int, w.width)
	used := 0
	for k := range shift {
		shift[k] = bits.Len(uint(len(texts[k])))
		used += shift[k]
	}
	for gi := range n {
		var p uint64
		for k, id := range w.key(gi) {
			p = p<<shift[k] | uint64(ranks[k][local[k][id]])
		}
		packed[gi] = p<<idxBits | uint64(gi)
	}
	radixSort(packed, uint(idxBits), uint(idxBits+used))
	out := &flatSorted{keys: packed, ids: make([][]int32, w.width), vals: make([]float64, n*na)}
	for k := range out.ids {
		out.ids[k] = make([]int32, n)
	}
	// Each group is read in its own order and written to its place:
	// reading them in sorted order missed the cache at every group.
	pos := make([]int32, n)
	mask := uint64(1)<<idxBits - 1
	for i, p := range packed {
		pos[p&mask] = int32(i)
		packed[i] = p >> idxBits
	}
	for gi := range n {
		i := int(pos[gi])
		for k, id := range w.key(gi) {
			out.ids[k][i] = local[k][id]
		}
		for a, v := range w.aggsOf(gi) {
			out.vals[i*na+a] = v
		}
	}
	return out
}

// mergeSorted merges the workers' sorted groups into the result, a group
// met in several workers once, its aggregations folded together. The
// keys below the middle one of the longest list are merged on one
// goroutine and the rest on another, the second's rows then moved up to
// follow the first's.
func mergeSorted(p *flatPlan, sorted []*flatSorted, texts [][]string) *flatRows {
	total, longest := 0, 0
	for i, s := range sorted {
		total += len(s.keys)
		if len(s.keys) > len(sorted[longest].keys) {
			longest = i
		}
	}
	width, na := len(p.byCol), len(p.kinds)
	res := &flatRows{names: p.names, aggNames: p.aggs, texts: texts,
		ids: make([][]int32, width), nums: make([][]float64, na)}
	for k := range res.ids {
		res.ids[k] = make([]int32, total)
	}
	for a := range res.nums {
		res.nums[a] = make([]float64, total)
	}
	lo, mid, hi := make([]int, len(sorted)), make([]int, len(sorted)), make([]int, len(sorted))
	below := 0
	if keys := sorted[longest].keys; len(keys) > 0 {
		pivot := keys[len(keys)/2]
		for i, s := range sorted {
			mid[i], _ = slices.BinarySearch(s.keys, pivot)
			hi[i] = len(s.keys)
			below += mid[i]
		}
	}
	var n1, n2 int
	upper := func() { n2 = mergeRange(p, sorted, mid, hi, res, below) }
	if total >= parallelSortMin && runtime.GOMAXPROCS(0) > 1 {
		var wg sync.WaitGroup
		wg.Go(upper)
		n1 = mergeRange(p, sorted, lo, mid, res, 0)
		wg.Wait()
	} else {
		n1 = mergeRange(p, sorted, lo, mid, res, 0)
		upper()
	}
	for k := range res.ids {
		copy(res.ids[k][n1:], res.ids[k][below:below+n2])
		res.ids[k] = res.ids[k][:n1+n2]
	}
	for a := range res.nums {
		copy(res.nums[a][n1:], res.nums[a][below:below+n2])
		res.nums[a] = res.nums[a][:n1+n2]
	}
	res.n = n1 + n2
	return res
}

// mergeRange merges the lists' keys from[i] up to to[i] into res's rows
// from row on, and says how many rows it wrote.
func mergeRange(p *flatPlan, sorted []*flatSorted, from, to []int, res *flatRows, row int) int {
	width, na := len(p.byCol), len(p.kinds)
	at := slices.Clone(from)
	start := row
	for ; ; row++ {
		// The smallest key among the lists' heads.
		best, key := -1, uint64(0)
		for i, s := range sorted {
			if at[i] < to[i] && (best < 0 || s.keys[at[i]] < key) {
				best, key = i, s.keys[at[i]]
			}
		}
		if best < 0 {
			return row - start
		}
		s, j := sorted[best], at[best]
		for k := range width {
			res.ids[k][row] = s.ids[k][j]
		}
		for a := range na {
			res.nums[a][row] = s.vals[j*na+a]
		}
		at[best]++
		for i := best + 1; i < len(sorted); i++ {
			// A worker holds each group once: at most one head per
			// other list is the same group.
			if s := sorted[i]; at[i] < to[i] && s.keys[at[i]] == key {
				for a, kind := range p.kinds {
					res.nums[a][row] = foldFlat(kind, res.nums[a][row], s.vals[at[i]*na+a])
				}
				at[i]++
			}
		}
	}
}

// foldFlat is an aggregation's value over two sets of rows.
func foldFlat(kind flatKind, cur, v float64) float64 {
	switch kind {
	case flatMin:
		if v == v && (cur != cur || v < cur) {
			return v
		}
		return cur
	case flatMax:
		if v == v && (cur != cur || v > cur) {
			return v
		}
		return cur
	}
	return cur + v
}

// radixSort sorts keys by their bits from lo up to hi, keeping the order
// of keys equal in those bits (a least-significant-digit radix sort, a
// byte at a time; a byte the keys all share is passed over): for the
// groups' packed ranks, a few passes over the keys rather than a
// comparison sort's many.
func radixSort(keys []uint64, lo, hi uint) {
	if len(keys) < 256 {
		slices.SortStableFunc(keys, func(a, b uint64) int {
			m := uint64(1)<<(hi-lo) - 1
			return cmp.Compare(a>>lo&m, b>>lo&m)
		})
		return
	}
	tmp := make([]uint64, len(keys))
	src, dst := keys, tmp
	for shift := lo; shift < hi; shift += 8 {
		width := min(8, hi-shift)
		mask := uint64(1)<<width - 1
		var count [256]int
		for _, k := range src {
			count[k>>shift&mask]++
		}
		if count[src[0]>>shift&mask] == len(src) {
			continue
		}
		at := 0
		for d, c := range count {
			count[d] = at
			at += c
		}
		for _, k := range src {
			d := k >> shift & mask
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}
