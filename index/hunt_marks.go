package index

// A row that a hunt's column tests choose may pass only the prefilters
// whose tests it passed: the sieve is told which (Narrow.Mark), and
// tries no other on it.

// rowMarks are, for each row chosen (by its place in the selection),
// the lists of tests (by number in partNarrow.tests) it passed: row k's
// are lists[at[k]:at[k+1]].
type rowMarks struct {
	at, lists []int32
}

// markRows makes the marks of the rows of sel (of a row group of n
// rows), passed being the rows each list of tests passed (nil: every
// row).
func markRows(sel []int32, passed [][]int32, n int) *rowMarks {
	place := make([]int32, n) // a row's place in sel, plus one; 0: not in it
	for k, r := range sel {
		place[r] = int32(k) + 1
	}
	m := &rowMarks{at: make([]int32, len(sel)+1)}
	for _, rows := range passed {
		if rows == nil {
			for k := range sel {
				m.at[k+1]++
			}
			continue
		}
		for _, r := range rows {
			if k := place[r]; k > 0 {
				m.at[k]++
			}
		}
	}
	for k := 1; k < len(m.at); k++ {
		m.at[k] += m.at[k-1]
	}
	m.lists = make([]int32, m.at[len(sel)])
	next := append([]int32(nil), m.at[:len(sel)]...)
	for j, rows := range passed {
		if rows == nil {
			for k := range sel {
				m.lists[next[k]] = int32(j)
				next[k]++
			}
			continue
		}
		for _, r := range rows {
			if k := place[r] - 1; k >= 0 {
				m.lists[next[k]] = int32(j)
				next[k]++
			}
		}
	}
	return m
}

// pres appends to buf the prefilters (numbers in Narrow.Pres) the k-th
// row chosen may pass; never nil.
func (m *rowMarks) pres(k int, pn *partNarrow, buf []int32) []int32 {
	buf = buf[:0]
	for _, j := range m.lists[m.at[k]:m.at[k+1]] {
		buf = append(buf, pn.pres[j]...)
	}
	if buf == nil {
		buf = []int32{}
	}
	return buf
}
