package engine

import (
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/spelunk-dev/spelunk/value"
)

// ColumnarRows is a compact result whose cells can also be read by
// column, so that a writer formats each distinct text once.
type ColumnarRows interface {
	CompactRows
	// Column is column k of Result.Columns.
	Column(k int) ResultColumn
}

// ResultColumn is one column of a ColumnarRows: texts (row i's cell is
// Texts[IDs[i]], a string; IDs[i] < 0 is null) or, when Texts is nil,
// numbers (row i's cell is Nums[i], NaN is null).
type ResultColumn struct {
	Texts []string
	IDs   []int32
	Nums  []float64
}

// flatRows is the result of a grouping by ids, in output order.
type flatRows struct {
	names, aggNames []string
	n               int
	texts           [][]string
	ids             [][]int32   // per BY column, each row's text
	nums            [][]float64 // per aggregation, each row's value
}

// result sorts the groups and lays them out by column in that order, on
// two goroutines for many.
func (w *flatWorker) result() *flatRows {
	n := w.n
	order := w.order(n)
	res := &flatRows{names: w.p.names, aggNames: w.p.aggs, n: n, texts: w.texts,
		ids: make([][]int32, w.width), nums: make([][]float64, len(w.p.kinds))}
	for k := range res.ids {
		res.ids[k] = make([]int32, n)
	}
	for a := range res.nums {
		res.nums[a] = make([]float64, n)
	}
	inHalves(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			key, vals := w.key(int(order[i])), w.aggsOf(int(order[i]))
			for k, ids := range res.ids {
				ids[i] = key[k]
			}
			for a, nums := range res.nums {
				nums[i] = vals[a]
			}
		}
	})
	return res
}

// order lists the groups in sortGroups' order. Each column's texts are
// ranked once (on their own goroutines); when every column is all
// numbers or all text and no two of its texts compare equal, the groups
// sort by their ranks alone, packed into one integer when they fit, as
// internedKeys.sorted does. Otherwise they sort as sortGroups sorts keys.
func (w *flatWorker) order(n int) []int32 {
	keys := make([][]sortKey, w.width)
	ranks := make([][]int32, w.width)
	plain := make([]bool, w.width) // consistent and untied
	var wg sync.WaitGroup
	for k := range w.width {
		wg.Go(func() { keys[k], ranks[k], plain[k] = rankTexts(w.texts[k]) })
	}
	wg.Wait()
	out := make([]int32, n)
	if !slices.Contains(plain, false) {
		idxBits := bits.Len(uint(n))
		used := idxBits
		for _, t := range w.texts {
			used += bits.Len(uint(len(t)))
		}
		if used <= packedSortBits {
			packed := make([]uint64, n)
			for gi := range n {
				var p uint64
				for k, id := range w.key(gi) {
					p = p<<bits.Len(uint(len(w.texts[k]))) | uint64(ranks[k][id])
				}
				packed[gi] = p<<idxBits | uint64(gi)
			}
			radixSort(packed, uint(idxBits), uint(used))
			for i, p := range packed {
				out[i] = int32(p & (1<<idxBits - 1))
			}
			return out
		}
		for i := range out {
			out[i] = int32(i)
		}
		slices.SortFunc(out, func(a, b int32) int {
			return compareRanks(ranks, w.key(int(a)), w.key(int(b)))
		})
		return out
	}
	flat := make([]sortKey, n*w.width)
	es := make([]sortEntry, n)
	for gi := range n {
		ks := flat[gi*w.width : (gi+1)*w.width]
		for k, id := range w.key(gi) {
			ks[k] = keys[k][id]
		}
		es[gi] = sortEntry{keys: ks, pos: gi}
	}
	sortEntries(es, flat, w.width)
	for i, e := range es {
		out[i] = int32(e.pos)
	}
	return out
}

// rankTexts reads a column's texts as sortGroups reads values, and ranks
// them by its comparison: plain is false when the column holds numbers
// and text (the comparison is then no order) or two texts compare equal
// (1 and 1.0), where ranks do not tell the order.
func rankTexts(texts []string) (keys []sortKey, rank []int32, plain bool) {
	keys = make([]sortKey, len(texts))
	seenNum, seenText := false, false
	for i, s := range texts {
		keys[i] = sortKey{s: s}
		keys[i].n, keys[i].num = value.Str(s).Number()
		if keys[i].num {
			seenNum = true
		} else {
			seenText = true
		}
	}
	if seenNum && seenText {
		return keys, nil, false
	}
	order := make([]int32, len(keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return keys[a].compare(&keys[b]) })
	rank = make([]int32, len(keys))
	for j, d := range order {
		if j > 0 && keys[order[j-1]].compare(&keys[d]) == 0 {
			return keys, nil, false
		}
		rank[d] = int32(j)
	}
	return keys, rank, true
}

// Len is the number of groups.
func (s *flatRows) Len() int { return s.n }

// Column is column k of the result's columns.
func (s *flatRows) Column(k int) ResultColumn {
	if k < len(s.names) {
		return ResultColumn{Texts: s.texts[k], IDs: s.ids[k]}
	}
	return ResultColumn{Nums: s.nums[k-len(s.names)]}
}

// Row is group i's row, as grouper.rows makes it, in buf's space.
func (s *flatRows) Row(i int, buf value.Fields) value.Fields {
	buf = buf[:0]
	for k, n := range s.names {
		buf = append(buf, value.Field{Name: n, Value: value.Str(s.texts[k][s.ids[k][i]])})
	}
	for a, n := range s.aggNames {
		v := value.Null
		if f := s.nums[a][i]; !math.IsNaN(f) {
			v = value.Num(f)
		}
		buf = append(buf, value.Field{Name: n, Value: v})
	}
	return buf
}

// Rows makes every group's row, each cut from a slab with its capacity
// ending at its width (as grouper.rows makes them).
func (s *flatRows) Rows() []value.Fields {
	return slabRows(s.n, len(s.names)+len(s.aggNames), s.Row)
}

// columns are every row's field names, in order.
func (s *flatRows) columns() []string {
	return append(append([]string(nil), s.names...), s.aggNames...)
}
