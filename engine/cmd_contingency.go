package engine

import (
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// contingency (counttable, ctable) counts the results for each pair of a
// value of the first field and a value of the second: a result per value
// of the first, named under the first field, a column per value of the
// second, 0 where no result has the pair. Rows and columns go from the
// most frequent value down, equal counts in the order values are first
// met [UNCONFIRMED: the page shows no ties]; maxrows=/maxcols= keep that
// many (0: all), minrowcover=/mincolcover= keep the fewest most frequent
// values that cover that share of the results. usetotal=true (the
// default) adds a column and a last result named totalstr= (TOTAL) with
// the totals of the rows and columns kept. A result without either field
// is not counted; each value of a multivalue counts.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/contingency
func init() {
	registerStream("contingency", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ContingencyCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runContingency(c, rows), nil
		}}, nil
	})
}

// tally counts values in the order they are first met.
type tally struct {
	index  map[string]int
	values []string
	counts []int
}

func (t *tally) add(v string, n int) int {
	if t.index == nil {
		t.index = map[string]int{}
	}
	i, ok := t.index[v]
	if !ok {
		i = len(t.values)
		t.index[v] = i
		t.values = append(t.values, v)
		t.counts = append(t.counts, 0)
	}
	t.counts[i] += n
	return i
}

// keep is the indexes of the values kept, most frequent first.
func (t *tally) keep(maxN int, cover float64) []int {
	order := make([]int, len(t.values))
	total := 0
	for i := range order {
		order[i] = i
		total += t.counts[i]
	}
	sort.SliceStable(order, func(a, b int) bool { return t.counts[order[a]] > t.counts[order[b]] })
	if maxN > 0 && len(order) > maxN {
		order = order[:maxN]
	}
	covered := 0
	for k, i := range order {
		if float64(covered) >= cover*float64(total) && k > 0 {
			return order[:k]
		}
		covered += t.counts[i]
	}
	return order
}

func runContingency(c *spl.ContingencyCommand, rows []value.Fields) []value.Fields {
	var rowT, colT tally
	cell := map[[2]int]int{}
	for _, r := range rows {
		rv, cv := r.Get(c.Row.Name), r.Get(c.Col.Name)
		if rv.IsNull() || cv.IsNull() {
			continue
		}
		for _, a := range rv.Strings() {
			for _, b := range cv.Strings() {
				cell[[2]int{rowT.add(a, 1), colT.add(b, 1)}]++
			}
		}
	}
	if len(cell) == 0 {
		return nil // no result holds both fields: no table
	}
	rowsKept := rowT.keep(c.MaxRows, c.MinRowCover)
	colsKept := colT.keep(c.MaxCols, c.MinColCover)
	colTotals := make([]int, len(colsKept))
	grand := 0
	var out []value.Fields
	for _, ri := range rowsKept {
		r := value.Fields{{Name: c.Row.Name, Value: value.Str(rowT.values[ri])}}
		sum := 0
		for k, ci := range colsKept {
			n := cell[[2]int{ri, ci}]
			r = append(r, value.Field{Name: colT.values[ci], Value: value.Num(float64(n))})
			sum += n
			colTotals[k] += n
		}
		grand += sum
		if c.UseTotal {
			r = append(r, value.Field{Name: c.TotalStr, Value: value.Num(float64(sum))})
		}
		out = append(out, r)
	}
	if c.UseTotal {
		r := value.Fields{{Name: c.Row.Name, Value: value.Str(c.TotalStr)}}
		for k, ci := range colsKept {
			r = append(r, value.Field{Name: colT.values[ci], Value: value.Num(float64(colTotals[k]))})
		}
		r = append(r, value.Field{Name: c.TotalStr, Value: value.Num(float64(grand))})
		out = append(out, r)
	}
	return out
}
