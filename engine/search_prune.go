package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// tri is a three-valued truth: a term's value over a whole partition when
// it is the same for every event of it, unknown otherwise.
type tri int8

const (
	triUnknown tri = iota
	triFalse
	triTrue
)

// triPred evaluates a search over a partition; with cheap set it asks
// the partition only about the fields it knows at no cost.
type triPred func(part Partition, cheap bool) tri

// partitionSkip compiles a leading search into a test that tells, from
// what a partition knows of its fields, that no event of it can match.
// It is exact: a term on one field (f=v, f!=v, f<v, f IN (...)) holds for
// an event exactly when the same compiled predicate holds on a row of
// that event's value of f alone, so evaluating it on each distinct value
// of f in the partition (and on a row without f, when some event lacks
// it) tells whether it holds for all of the partition's events, none, or
// some; other terms (bare words, time bounds) are unknown, and AND, OR
// and NOT combine in three-valued logic. The cheap pass uses only the
// fields the partition is made of; the full pass, run when the cheap one
// leaves the partition undecided, lists other fields' values. nil when
// no term names a field.
func (sc *searchCompiler) partitionSkip(x spl.SearchExpr) (func(Partition) bool, error) {
	p, useful, err := sc.tri(x)
	if err != nil || !useful {
		return nil, err
	}
	return func(part Partition) bool {
		switch p(part, true) {
		case triFalse:
			return true
		case triTrue:
			return false
		}
		return p(part, false) == triFalse
	}, nil
}

func (sc *searchCompiler) tri(x spl.SearchExpr) (triPred, bool, error) {
	f, useful, err := triTree(x, func(field string, x spl.SearchExpr) (func(partArg) tri, error) {
		name := sc.field(field)
		p, err := sc.compile(x)
		if err != nil {
			return nil, err
		}
		return func(a partArg) tri {
			part, cheap := a.part, a.cheap
			if cheap && !part.Known(name) {
				return triUnknown
			}
			vals, missing, ok := part.Values(name)
			if !ok {
				return triUnknown
			}
			var seenT, seenF bool
			if missing {
				if p(nil) {
					seenT = true
				} else {
					seenF = true
				}
			}
			row := value.Fields{{Name: name}}
			for _, v := range vals {
				row[0].Value = v
				if p(row) {
					seenT = true
				} else {
					seenF = true
				}
				if seenT && seenF {
					return triUnknown
				}
			}
			switch {
			case seenT && !seenF:
				return triTrue
			case seenF && !seenT:
				return triFalse
			}
			return triUnknown // no event at all
		}, nil
	})
	if err != nil {
		return nil, false, err
	}
	if !useful {
		return func(Partition, bool) tri { return triUnknown }, false, nil
	}
	return func(part Partition, cheap bool) tri { return f(partArg{part, cheap}) }, true, nil
}

// partArg is what a partition test is applied to.
type partArg struct {
	part  Partition
	cheap bool
}

// triTree combines the three-valued tests of the one-field terms of a
// search expression (made by leaf, for field=value and IN terms) through
// NOT, AND and OR; useful is false when no term names a field, and any
// other term (bare words, time modifiers, ...) is unknown.
func triTree[A any](x spl.SearchExpr, leaf func(field string, x spl.SearchExpr) (func(A) tri, error)) (func(A) tri, bool, error) {
	unknown := func(A) tri { return triUnknown }
	switch n := x.(type) {
	case *spl.SearchCompare:
		if n.IsTimeModifier() {
			return unknown, false, nil
		}
		f, err := leaf(n.Field, x)
		return f, err == nil, err
	case *spl.SearchIn:
		f, err := leaf(n.Field, x)
		return f, err == nil, err
	case *spl.SearchNot:
		f, useful, err := triTree(n.X, leaf)
		if err != nil || !useful {
			return unknown, false, err
		}
		return func(a A) tri {
			switch f(a) {
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
		fs := make([]func(A) tri, 0, len(terms))
		any := false
		for _, t := range terms {
			f, useful, err := triTree(t, leaf)
			if err != nil {
				return nil, false, err
			}
			fs = append(fs, f)
			any = any || useful
		}
		if !any {
			return unknown, false, nil
		}
		// AND is false when a term is, true when all are; OR the
		// reverse; otherwise unknown. Terms have no side effects, so
		// evaluation stops at the first decisive one.
		decisive, other := triFalse, triTrue
		if !isAnd {
			decisive, other = triTrue, triFalse
		}
		return func(a A) tri {
			all := true
			for _, f := range fs {
				switch f(a) {
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
