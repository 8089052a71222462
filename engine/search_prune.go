package engine

import (
	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

// partitionFields are the fields a PrunedSource holds constant within a
// partition. Field names are case-sensitive in Splunk, so only these
// spellings are.
var partitionFields = map[string]bool{"index": true, "sourcetype": true, "source": true}

// tri is a three-valued truth: a term's value over a whole partition when
// it reads only partition fields, unknown otherwise.
type tri int8

const (
	triUnknown tri = iota
	triFalse
	triTrue
)

type triPred func(part value.Fields) tri

// partitionSkip compiles a leading search into a test that tells, from a
// partition's index, sourcetype and source alone, that no event of the
// partition can match. It is exact: a term on a partition field gives
// the same answer for every event of the partition, so it is evaluated
// once on the partition's values with the same compiled predicate; any
// other term is unknown, and AND, OR and NOT combine in three-valued
// logic. It returns nil when no term reads a partition field.
func (sc *searchCompiler) partitionSkip(x spl.SearchExpr) (func(value.Fields) bool, error) {
	p, useful, err := sc.tri(x)
	if err != nil || !useful {
		return nil, err
	}
	return func(part value.Fields) bool { return p(part) == triFalse }, nil
}

func (sc *searchCompiler) tri(x spl.SearchExpr) (triPred, bool, error) {
	unknown := func(value.Fields) tri { return triUnknown }
	leaf := func(field string) (triPred, bool, error) {
		if !partitionFields[sc.field(field)] {
			return unknown, false, nil
		}
		p, err := sc.compile(x)
		if err != nil {
			return nil, false, err
		}
		return func(part value.Fields) tri {
			if p(part) {
				return triTrue
			}
			return triFalse
		}, true, nil
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
		p, useful, err := sc.tri(n.X)
		if err != nil || !useful {
			return unknown, false, err
		}
		return func(part value.Fields) tri {
			switch p(part) {
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
		ps := make([]triPred, 0, len(terms))
		any := false
		for _, t := range terms {
			p, useful, err := sc.tri(t)
			if err != nil {
				return nil, false, err
			}
			ps = append(ps, p)
			any = any || useful
		}
		if !any {
			return unknown, false, nil
		}
		// AND is false when a term is, true when all are; OR the
		// reverse; otherwise unknown.
		decisive, other := triFalse, triTrue
		if !isAnd {
			decisive, other = triTrue, triFalse
		}
		return func(part value.Fields) tri {
			all := true
			for _, p := range ps {
				switch p(part) {
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
