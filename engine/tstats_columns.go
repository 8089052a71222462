package engine

import (
	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

// rowFilter tells, for a row of a ColumnDataset, that a where clause is
// false for it, from its field values by number alone. A term on one
// field (f=v, f!=v, f<v, f IN (...)) is evaluated once per distinct value
// of f with the very predicate the search compiles, on a row holding
// only that value (or no f, for rows without it); that is its value for
// every row with that value, since it reads nothing else. Other terms
// are unknown, and AND, OR and NOT combine in three-valued logic, so a
// row the filter rules out is one the where clause rejects; the rows it
// keeps are still tested with the clause itself.
type rowFilter func(i int) tri

func (sc *searchCompiler) rowFilter(x spl.SearchExpr, ds ColumnDataset) (rowFilter, bool, error) {
	f, useful, err := triTree(x, func(field string, x spl.SearchExpr) (func(int) tri, error) {
		name := sc.field(field)
		p, err := sc.compile(x)
		if err != nil {
			return nil, err
		}
		ids, dict := ds.Column(name)
		res := make([]tri, len(dict)+1)
		res[0] = triOf(p(nil))
		row := value.Fields{{Name: name}}
		for k, v := range dict {
			row[0].Value = v
			res[k+1] = triOf(p(row))
		}
		return func(i int) tri { return res[ids[i]] }, nil
	})
	return f, useful, err
}

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}
