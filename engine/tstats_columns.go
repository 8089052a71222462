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
	unknown := func(int) tri { return triUnknown }
	leaf := func(field string) (rowFilter, bool, error) {
		name := sc.field(field)
		p, err := sc.compile(x)
		if err != nil {
			return nil, false, err
		}
		ids, dict := ds.Column(name)
		res := make([]tri, len(dict)+1)
		res[0] = triOf(p(nil))
		row := value.Fields{{Name: name}}
		for k, v := range dict {
			row[0].Value = v
			res[k+1] = triOf(p(row))
		}
		return func(i int) tri { return res[ids[i]] }, true, nil
	}
	switch n := x.(type) {
	case *spl.SearchCompare:
		if n.IsTimeModifier() {
			return unknown, false, nil
		}
		return leaf(n.Field)
	case *spl.SearchIn:
		return leaf(n.Field)
	case *spl.SearchNot:
		f, useful, err := sc.rowFilter(n.X, ds)
		if err != nil || !useful {
			return unknown, false, err
		}
		return func(i int) tri {
			switch f(i) {
			case triTrue:
				return triFalse
			case triFalse:
				return triTrue
			}
			return triUnknown
		}, true, nil
	case *spl.SearchAnd, *spl.SearchOr:
		var terms []spl.SearchExpr
		_, isAnd := n.(*spl.SearchAnd)
		if isAnd {
			terms = n.(*spl.SearchAnd).Terms
		} else {
			terms = n.(*spl.SearchOr).Terms
		}
		fs := make([]rowFilter, 0, len(terms))
		any := false
		for _, t := range terms {
			f, useful, err := sc.rowFilter(t, ds)
			if err != nil {
				return nil, false, err
			}
			fs = append(fs, f)
			any = any || useful
		}
		if !any {
			return unknown, false, nil
		}
		decisive, other := triFalse, triTrue
		if !isAnd {
			decisive, other = triTrue, triFalse
		}
		return func(i int) tri {
			all := true
			for _, f := range fs {
				switch f(i) {
				case decisive:
					return decisive
				case triUnknown:
					all = false
				}
			}
			if all {
				return other
			}
			return triUnknown
		}, true, nil
	}
	return unknown, false, nil
}

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}
