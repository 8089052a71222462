package hunt

import (
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// A scan's tests are tried on every event of its partition keys, though
// their terms on the fields that make the key (sourcetype, source,
// EventCode, eventtype, tag) have one answer for all of a key's events:
// specialised per key, those terms are replaced by their answer, once.

// specScan is a scan's tests for the events of one partition key: its
// Must without the requirements on the key's fields (all met), and its
// expression with its terms on them replaced by their answers (text; ""
// when nothing is left to test). orig is set when the expression is left
// as it was, or could not be specialised: the scan's own filter is
// tried.
type specScan struct {
	scan int
	must []engine.Contains
	text string
	x    spl.SearchExpr
	orig bool
}

// specialise gives the tests of scans for the events of the key whose
// base row is row; a scan that no event of the key can pass is left out.
func (sv *sieve) specialise(scans []int, row value.Fields) []specScan {
	var out []specScan
	for _, i := range scans {
		sc := &sv.scans[i]
		if sc.expr == nil {
			out = append(out, specScan{scan: i, must: sc.pre.Must, orig: true})
			continue
		}
		s := specScan{scan: i}
		met := true
		for _, c := range sc.pre.Must {
			if !isPartField(c.Field) {
				s.must = append(s.must, c)
			} else if !holds(row, c) {
				met = false
				break
			}
		}
		if !met {
			continue
		}
		x, answer := fold(sc.expr, row)
		if answer == triFalse {
			continue
		}
		switch {
		case answer == triUnknown && x == sc.expr:
			s.orig = true
		case answer == triUnknown:
			s.x, s.text = x, x.String()
		}
		out = append(out, s)
	}
	return out
}

// isPartField reports whether every event of a partition key has the same
// value of f.
func isPartField(f string) bool { return slices.Contains(store.PartitionFields(), f) }

type tri int8

const (
	triUnknown tri = iota
	triFalse
	triTrue
)

// fold replaces the terms of x on the key's fields by their answer on row
// (a row of the key: exact for those fields) and simplifies: it returns
// what is left to test, or the answer when nothing is.
func fold(x spl.SearchExpr, row value.Fields) (spl.SearchExpr, tri) {
	switch n := x.(type) {
	case *spl.SearchAnd:
		var terms []spl.SearchExpr
		for _, t := range n.Terms {
			y, a := fold(t, row)
			switch a {
			case triFalse:
				return nil, triFalse
			case triUnknown:
				terms = append(terms, y)
			}
		}
		switch len(terms) {
		case 0:
			return nil, triTrue
		case 1:
			return terms[0], triUnknown
		}
		return &spl.SearchAnd{Loc: n.Loc, Terms: terms}, triUnknown
	case *spl.SearchOr:
		var terms []spl.SearchExpr
		for _, t := range n.Terms {
			y, a := fold(t, row)
			switch a {
			case triTrue:
				return nil, triTrue
			case triUnknown:
				terms = append(terms, y)
			}
		}
		switch len(terms) {
		case 0:
			return nil, triFalse
		case 1:
			return terms[0], triUnknown
		}
		return &spl.SearchOr{Loc: n.Loc, Terms: terms}, triUnknown
	case *spl.SearchNot:
		y, a := fold(n.X, row)
		switch a {
		case triTrue:
			return nil, triFalse
		case triFalse:
			return nil, triTrue
		}
		return &spl.SearchNot{Loc: n.Loc, X: y}, triUnknown
	case *spl.SearchCompare:
		if n.IsTimeModifier() || !isPartField(n.Field) {
			return x, triUnknown
		}
	case *spl.SearchIn:
		if !isPartField(n.Field) {
			return x, triUnknown
		}
	default:
		return x, triUnknown
	}
	// A term on one of the key's fields reads that field alone.
	pred, err := engine.CompileSearch(x, engine.Options{})
	if err != nil {
		return x, triUnknown
	}
	if pred(row) {
		return nil, triTrue
	}
	return nil, triFalse
}

// parsePrefilter is the expression a prefilter's text writes again, or
// nil when it cannot be specialised (mstats', or one that does not parse).
func parsePrefilter(pre engine.Prefilter) spl.SearchExpr {
	if pre.Text == "" || strings.HasPrefix(pre.Text, "mstats ") {
		return nil
	}
	x, err := spl.ParseSearch(pre.Text)
	if err != nil {
		return nil
	}
	return x
}

// keyTests are one goroutine's compiled tests of a key's specialised
// scans, by number in keyPlan.spec.
type keyTests struct {
	kp    *keyPlan
	keeps []func(value.Fields) bool
	// tried and held count the key's events tested and held.
	tried, held int
}

// mostHeld reports whether, of the key's events tested so far (enough
// of them), at least three in four were held.
func (kt *keyTests) mostHeld() bool { return kt.tried >= 16 && 4*kt.held >= 3*kt.tried }

// tests compiles, for the goroutine, the key's specialised tests, each
// distinct text once.
func (sv *sieve) tests(w *sieveWorker, kp *keyPlan) *keyTests {
	kt := &keyTests{kp: kp, keeps: make([]func(value.Fields) bool, len(kp.spec))}
	for j, s := range kp.spec {
		switch {
		case s.orig:
			kt.keeps[j] = sv.keepOf(w, s.scan)
		case s.x != nil:
			if w.byText == nil {
				w.byText = map[string]func(value.Fields) bool{}
			}
			f := w.byText[s.text]
			if f == nil {
				var err error
				if f, err = engine.CompileSearch(s.x, engine.Options{}); err != nil {
					// The scan's whole expression compiled: a part of it
					// does too; should it not, the whole is tried.
					f = sv.keepOf(w, s.scan)
				}
				w.byText[s.text] = f
			}
			kt.keeps[j] = f
		}
	}
	return kt
}

// anyMay reports whether may allows one of the key's scans.
func (kt *keyTests) anyMay(may func(int) bool) bool {
	for j := range kt.kp.spec {
		if may(kt.kp.spec[j].scan) {
			return true
		}
	}
	return false
}

// keepOf is the scan's own filter, compiled for the goroutine (nil: none).
func (sv *sieve) keepOf(w *sieveWorker, i int) func(value.Fields) bool {
	sc := &sv.scans[i]
	if sc.pre.NewKeep == nil {
		return nil
	}
	if w.keeps == nil {
		w.keeps = make([]func(value.Fields) bool, len(sv.scans))
	}
	if w.keeps[i] == nil {
		w.keeps[i] = sc.pre.NewKeep()
	}
	return w.keeps[i]
}

// passingSpec is passing with the key's specialised tests, of the
// scans may allows (nil: all).
func (sv *sieve) passingSpec(kt *keyTests, row value.Fields, out []int32, may func(int) bool) []int32 {
	for j := range kt.kp.spec {
		s := &kt.kp.spec[j]
		if may != nil && !may(s.scan) {
			continue
		}
		if !holdsAll(row, s.must) {
			continue
		}
		if k := kt.keeps[j]; k != nil && !k(row) {
			continue
		}
		out = append(out, int32(s.scan))
	}
	return out
}
