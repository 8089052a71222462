package engine

import (
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// blockWhere tells a where clause's value for the rows of a block from
// their numbers alone, as rowFilter does for a ColumnDataset: a term on
// one field the block numbers is evaluated once per entry of its
// dictionary (and once for rows lacking the field) with the very
// predicate the search compiles, on a row holding only that value;
// other terms are unknown, and AND, OR and NOT combine in three-valued
// logic. A row it says false for is one the clause rejects, one it says
// true for one the clause keeps; the others are made whole and tested.
// Odd rows (whose values the columns do not give) must be made whole.
type blockWhere struct {
	test   func(r int) tri
	leaves []*blockLeaf
}

// blockLeaf is a term of the clause on one field of the block.
type blockLeaf struct {
	col int // the field's column among the block's fields
	p   rowPred
	row value.Fields
	// folded is the term's test on a string folded once (foldedTerm),
	// negate whether it is negated; nil: the term is tested on values.
	folded func(string) bool
	negate bool
	fdict  []string      // the block's folded dictionary; nil: not given
	ids    []int32       // the block's column; nil: no row has the field
	dict   []value.Value // the block's dictionary of it
	res    []tri         // per entry + 1 (0: the row lacks the field); triUnknown: not tested yet
}

// newBlockWhere compiles x over blocks numbering fields; nil when no
// term of it can be told from the numbers.
func newBlockWhere(sc *searchCompiler, x spl.SearchExpr, fields []string) (*blockWhere, error) {
	bw := &blockWhere{}
	test, useful, err := triTree(x, func(field string, x spl.SearchExpr) (func(int) tri, error) {
		name := sc.field(field)
		col := slices.Index(fields, name)
		if col < 0 || strings.Contains(name, "*") {
			// Not numbered (_time is in the block's times): unknown.
			return func(int) tri { return triUnknown }, nil
		}
		p, err := sc.compile(x)
		if err != nil {
			return nil, err
		}
		l := &blockLeaf{col: col, p: p, row: value.Fields{{Name: name}}}
		l.folded, l.negate = foldedTerm(x)
		bw.leaves = append(bw.leaves, l)
		return l.test, nil
	})
	if err != nil || !useful || len(bw.leaves) == 0 {
		return nil, err
	}
	bw.test = test
	return bw, nil
}

// bind points the terms at block b's columns.
func (bw *blockWhere) bind(b *Block) {
	for _, l := range bw.leaves {
		l.ids, l.dict, l.fdict = b.Cols[l.col], b.Dicts[l.col], nil
		if l.folded != nil && b.Folded != nil {
			if f := b.Folded(l.col); len(f) == len(l.dict) {
				l.fdict = f
			}
		}
		n := len(l.dict) + 1
		l.res = slices.Grow(l.res[:0], n)[:n]
		clear(l.res)
	}
}

// test is the term's value for row r of the block bound.
func (l *blockLeaf) test(r int) tri {
	id := int32(-1)
	if l.ids != nil {
		id = l.ids[r]
	}
	if res := l.res[id+1]; res != triUnknown {
		return res
	}
	var res tri
	switch {
	case id < 0:
		res = triOf(l.p(nil))
	case l.fdict != nil && l.dict[id].Kind() == value.KindString:
		// As rowFilter does with a ColumnDataset's folded column.
		res = triOf(l.folded(l.fdict[id]) != l.negate)
	default:
		l.row[0].Value = l.dict[id]
		res = triOf(l.p(l.row))
	}
	l.res[id+1] = res
	return res
}
