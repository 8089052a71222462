package engine

import (
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
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
	return sc.rowFilterOne(cheapFirst(x, sc.distinct(ds)), ds)
}

// distinct counts a field's distinct values (cheapFirst's cost).
func (sc *searchCompiler) distinct(ds ColumnDataset) func(string) int {
	return func(field string) int {
		_, dict := ds.Column(sc.field(field))
		return len(dict)
	}
}

// rowFilterTerms is rowFilter as the filters of the terms of the
// top-level AND (one term when it is not an AND), cheapest first, those
// that can never tell left out: a row is ruled out when one of them is
// false, the clause holds when all are true and none was left out (a
// filter that is always unknown is given then, to say so). Filtering the
// rows term by term reads each row's number for a term only while no
// term before ruled it out.
func (sc *searchCompiler) rowFilterTerms(x spl.SearchExpr, ds ColumnDataset) ([]rowFilter, error) {
	x = cheapFirst(x, sc.distinct(ds))
	var terms []spl.SearchExpr
	if and, ok := x.(*spl.SearchAnd); ok {
		terms = and.Terms
	} else {
		terms = []spl.SearchExpr{x}
	}
	var out []rowFilter
	unknown := false
	for _, t := range terms {
		f, useful, err := sc.rowFilterOne(t, ds)
		if err != nil {
			return nil, err
		}
		if useful {
			out = append(out, f)
		} else {
			unknown = true
		}
	}
	if unknown && len(out) > 0 {
		out = append(out, func(int) tri { return triUnknown })
	}
	return out, nil
}

func (sc *searchCompiler) rowFilterOne(x spl.SearchExpr, ds ColumnDataset) (rowFilter, bool, error) {
	f, useful, err := triTree(x, func(field string, x spl.SearchExpr) (func(int) tri, error) {
		name := sc.field(field)
		p, err := sc.compile(x)
		if err != nil {
			return nil, err
		}
		ids, dict := ds.Column(name)
		// Each distinct value is tested when a row first needs it: a
		// term after a selective one in an AND (a process pattern after
		// process_name=x) then tests a few values, not the column.
		res := make([]tri, len(dict)+1)
		row := value.Fields{{Name: name}}
		folded, negate := foldedTerm(x)
		var foldedDict []string
		if folded != nil {
			foldedDict = ds.FoldedColumn(name)
		}
		return func(i int) tri {
			id := ids[i]
			if r := res[id]; r != triUnknown {
				return r
			}
			var r tri
			switch {
			case id == 0:
				r = triOf(p(nil))
			case folded != nil && dict[id-1].Kind() == value.KindString:
				// The term's own test on a value folded once for every
				// search over the column, rather than folded again here.
				r = triOf(folded(foldedDict[id-1]) != negate)
			default:
				row[0].Value = dict[id-1]
				r = triOf(p(row))
			}
			res[id] = r
			return r
		}, nil
	})
	return f, useful, err
}

// cheapFirst orders the terms of each AND and OR (which stop at their
// first false, or true, term) by the number of distinct values of the
// fields they test, fewest first; terms without a field come first, as
// they cost nothing here. Kleene's AND and OR do not depend on the order
// of their terms.
func cheapFirst(x spl.SearchExpr, distinct func(field string) int) spl.SearchExpr {
	cost := func(t spl.SearchExpr) int {
		most := 0
		spl.Walk(t, func(c spl.Node) bool {
			switch m := c.(type) {
			case *spl.SearchCompare:
				if !m.IsTimeModifier() {
					most = max(most, distinct(m.Field))
				}
			case *spl.SearchIn:
				most = max(most, distinct(m.Field))
			}
			return true
		})
		return most
	}
	ordered := func(in []spl.SearchExpr) []spl.SearchExpr {
		out := make([]spl.SearchExpr, len(in))
		costs := make([]int, len(in))
		for i, t := range in {
			out[i], costs[i] = cheapFirst(t, distinct), cost(t)
		}
		idx := make([]int, len(in))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return costs[idx[a]] < costs[idx[b]] })
		sorted := make([]spl.SearchExpr, len(in))
		for i, k := range idx {
			sorted[i] = out[k]
		}
		return sorted
	}
	switch n := x.(type) {
	case *spl.SearchAnd:
		return &spl.SearchAnd{Loc: n.Loc, Terms: ordered(n.Terms)}
	case *spl.SearchOr:
		return &spl.SearchOr{Loc: n.Loc, Terms: ordered(n.Terms)}
	case *spl.SearchNot:
		return &spl.SearchNot{Loc: n.Loc, X: cheapFirst(n.X, distinct)}
	}
	return x
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
