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
		folded, negate := foldedTerm(x)
		var foldedDict []string
		if folded != nil {
			foldedDict = ds.FoldedColumn(name)
		}
		for k, v := range dict {
			if folded != nil && v.Kind() == value.KindString {
				// The term's own test on a value folded once for every
				// search over the column, rather than folded again here.
				res[k+1] = triOf(folded(foldedDict[k]) != negate)
				continue
			}
			row[0].Value = v
			res[k+1] = triOf(p(row))
		}
		return func(i int) tri { return res[ids[i]] }, nil
	})
	return f, useful, err
}

// foldedTerm returns, for a term that compares a field's text with
// case-insensitive patterns (f=v, f!=v, f IN (...), without CIDR blocks),
// its test on one string value already folded with FoldCase, and whether
// the term is that test negated (!=). For a present single string value
// that is what the compiled term gives: compare and SearchIn test
// pattern.anyValue, which for one string is pattern.matches, which folds
// and then compares as matchesFolded does. Other terms give nil.
func foldedTerm(x spl.SearchExpr) (func(string) bool, bool) {
	var pats []*pattern
	negate := false
	switch n := x.(type) {
	case *spl.SearchCompare:
		if n.IsTimeModifier() || (n.Op != "=" && n.Op != "!=") {
			return nil, false
		}
		pats, negate = []*pattern{compilePattern(n.Value)}, n.Op == "!="
	case *spl.SearchIn:
		for _, v := range n.Values {
			pats = append(pats, compilePattern(v))
		}
	default:
		return nil, false
	}
	for _, p := range pats {
		if p.caseSens || p.hasPrefix {
			return nil, false
		}
	}
	return func(f string) bool {
		for _, p := range pats {
			if p.matchesFolded(f) {
				return true
			}
		}
		return false
	}, negate
}

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}
