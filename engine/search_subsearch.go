package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// A subsearch written as a search term, `search NOT [| inputlookup x |
// fields dest]`, runs before the search and is replaced by the search its
// results format to. The format command is applied implicitly (Search
// Manual, "Change the format of subsearch results"; Search Reference,
// "format"):
//
//   - each result becomes ( col AND col ... ), the results are joined
//     with OR: (f1="a" AND f2="b") OR (f1="c" AND f2="d");
//   - a multivalue field's values are joined with OR (mvsep's default);
//   - fields whose names begin with "_" are left out;
//   - a field named search or query is put in as written, as search text;
//   - no results at all give NOT (), which matches nothing; a search
//     field with no terms at all (return over no results) puts nothing
//     in, so the search is not narrowed (Search Reference, "return").
//
// The subsearch keeps its first [subsearch] maxout results (10,000).
// https://help.splunk.com/en/splunk-enterprise/search/search-manual/9.2/subsearches/change-the-format-of-subsearch-results

// expandSubsearches returns x with every subsearch term replaced by the
// expression its results format to; x itself is not changed.
func (sc *searchCompiler) expandSubsearches(x spl.SearchExpr) (spl.SearchExpr, error) {
	switch n := x.(type) {
	case *spl.SearchSubsearch:
		return sc.formatSubsearch(n)
	case *spl.SearchAnd:
		terms, changed, err := sc.expandAll(n.Terms)
		if err != nil || !changed {
			return x, err
		}
		return &spl.SearchAnd{Loc: n.Loc, Terms: terms}, nil
	case *spl.SearchOr:
		terms, changed, err := sc.expandAll(n.Terms)
		if err != nil || !changed {
			return x, err
		}
		return &spl.SearchOr{Loc: n.Loc, Terms: terms}, nil
	case *spl.SearchNot:
		y, err := sc.expandSubsearches(n.X)
		if err != nil || y == n.X {
			return x, err
		}
		return &spl.SearchNot{Loc: n.Loc, X: y}, nil
	}
	return x, nil
}

func (sc *searchCompiler) expandAll(xs []spl.SearchExpr) ([]spl.SearchExpr, bool, error) {
	out := make([]spl.SearchExpr, len(xs))
	changed := false
	for i, x := range xs {
		y, err := sc.expandSubsearches(x)
		if err != nil {
			return nil, false, err
		}
		out[i] = y
		changed = changed || y != x
	}
	return out, changed, nil
}

// formatSubsearch runs a subsearch term and formats its results.
func (sc *searchCompiler) formatSubsearch(n *spl.SearchSubsearch) (spl.SearchExpr, error) {
	if sc.rc == nil || sc.rc.src == nil {
		return nil, errAt(n, "a subsearch cannot be used in this search expression; only in the search command")
	}
	rows, err := sc.rc.runSubsearch("search", n.Sub, sc.rc.limits.SubsearchMaxOut, "[subsearch] maxout")
	if err != nil {
		return nil, err
	}
	var alts []spl.SearchExpr
	// emptySearch: a result's search field held no terms (return over no
	// results), which puts nothing into the outer search.
	emptySearch := false
	for _, r := range rows {
		var cols []spl.SearchExpr
		for _, f := range r {
			if strings.HasPrefix(f.Name, "_") || f.Value.IsNull() {
				continue
			}
			var vals []spl.SearchExpr
			for _, v := range f.Value.Strings() {
				if f.Name == "search" || f.Name == "query" {
					if strings.Join(strings.Fields(v), "") == "NOT()" {
						// format's emptystr: what no results format to.
						vals = append(vals, &spl.SearchNot{Loc: n.Loc, X: &spl.SearchAnd{Loc: n.Loc}})
						continue
					}
					x, err := spl.ParseSearch(v)
					if err != nil {
						return nil, errAt(n, "the subsearch's %s field does not read as a search: %q: %v", f.Name, v, err)
					}
					if x != nil {
						vals = append(vals, x)
					} else {
						emptySearch = true
					}
					continue
				}
				vals = append(vals, &spl.SearchCompare{Loc: n.Loc, Field: f.Name, Op: "=", Value: spl.SearchValue{Text: v}})
			}
			cols = appendGroup(cols, vals, func(t []spl.SearchExpr) spl.SearchExpr { return &spl.SearchOr{Loc: n.Loc, Terms: t} })
		}
		alts = appendGroup(alts, cols, func(t []spl.SearchExpr) spl.SearchExpr { return &spl.SearchAnd{Loc: n.Loc, Terms: t} })
	}
	switch {
	case len(alts) == 0 && emptySearch:
		// An empty AND group is true for every event.
		return &spl.SearchAnd{Loc: n.Loc}, nil
	case len(alts) == 0:
		// NOT (): an empty group is true for every event, so this is
		// false for every one.
		return &spl.SearchNot{Loc: n.Loc, X: &spl.SearchAnd{Loc: n.Loc}}, nil
	case len(alts) == 1:
		return alts[0], nil
	}
	return &spl.SearchOr{Loc: n.Loc, Terms: alts}, nil
}

// appendGroup appends terms to list as one term: nothing for none, the
// term itself for one, else the group join makes of them.
func appendGroup(list, terms []spl.SearchExpr, join func([]spl.SearchExpr) spl.SearchExpr) []spl.SearchExpr {
	switch len(terms) {
	case 0:
		return list
	case 1:
		return append(list, terms[0])
	}
	return append(list, join(terms))
}
