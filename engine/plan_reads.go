package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Prefilter is what every event a leading search keeps meets, known
// before any data is read: a reader that sees many searches' events at
// once (a hunt) may drop an event that no search's prefilter passes.
type Prefilter struct {
	// Skip tells that no event of a partition can be kept (EventScan.Skip);
	// nil tells nothing.
	Skip func(Partition) bool
	// Must is the text every kept event holds (EventScan.Must).
	Must []Contains
	// NewKeep compiles, for one goroutine, a test that every event the
	// search keeps passes (nil: none).
	NewKeep func() func(value.Fields) bool
	// Text is the expression tested, as written again: prefilters of the
	// same text test the same.
	Text string
}

// SearchPrefilter is the prefilter of a leading search's expression, the
// one its run asks the source for (EventScan's Skip, Must and NewKeep). A
// term of its AND that holds a subsearch or a time modifier is left out,
// since the subsearch's expansion needs a run and the time modifier the
// search's now: what is left is implied by the whole, so the prefilter
// passes every event the search keeps, and maybe more.
func SearchPrefilter(x spl.SearchExpr, opt Options) (Prefilter, error) {
	x = withoutRunTerms(x)
	skip, err := CompileSearchSkip(x, opt)
	if err != nil {
		return Prefilter{}, err
	}
	if _, err := CompileSearch(x, opt); err != nil {
		return Prefilter{}, err
	}
	newKeep := func() func(value.Fields) bool {
		keep, err := CompileSearch(x, opt)
		if err != nil {
			panic("BUG: search expression no longer compiles: " + err.Error())
		}
		return keep
	}
	return Prefilter{Skip: skip, Must: searchMust(x), NewKeep: newKeep, Text: exprText(x)}, nil
}

// searchPrefilterText is SearchPrefilter(x).Text, for the scan of a
// leading search (EventScan.Prefilter).
func searchPrefilterText(x spl.SearchExpr) string { return exprText(withoutRunTerms(x)) }

func exprText(x spl.SearchExpr) string {
	if x == nil {
		return ""
	}
	return x.String()
}

// withoutRunTerms drops the terms of x's AND that hold a subsearch or a
// time modifier (nil when x itself holds one).
func withoutRunTerms(x spl.SearchExpr) spl.SearchExpr {
	if !needsRun(x) {
		return x
	}
	and, ok := x.(*spl.SearchAnd)
	if !ok {
		return nil
	}
	var terms []spl.SearchExpr
	for _, t := range and.Terms {
		if t = withoutRunTerms(t); t != nil {
			terms = append(terms, t)
		}
	}
	switch len(terms) {
	case 0:
		return nil
	case 1:
		return terms[0]
	}
	return &spl.SearchAnd{Loc: and.Loc, Terms: terms}
}

// needsRun reports whether n holds a subsearch or a time modifier.
func needsRun(n spl.Node) bool {
	found := false
	if n == nil {
		return false
	}
	spl.Walk(n, func(n spl.Node) bool {
		switch n := n.(type) {
		case *spl.Subsearch:
			found = true
		case *spl.SearchCompare:
			found = found || n.IsTimeModifier()
		}
		return !found
	})
	return found
}

// DatasetsRead lists the data model datasets the tstats commands of p
// read (subsearches included), as Accelerate builds them; ok is false
// when a tstats reads events rather than a data model.
func DatasetsRead(p *spl.Pipeline) (names []string, ok bool) {
	ok = true
	seen := map[string]bool{}
	spl.Walk(p, func(n spl.Node) bool {
		c, isTstats := n.(*spl.TstatsCommand)
		if !isTstats {
			return true
		}
		if c.Datamodel == "" {
			ok = false
			return true
		}
		_, nodename := spl.SplitNodename(c.Where)
		name := datasetName(c, nodename)
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		return true
	})
	return names, ok
}

// MstatsPrefilter is what every event a leading mstats reads meets: it
// holds a measurement, and when its WHERE clause decides by the event
// alone (eventDecides), the partitions that clause rules out are skipped.
func MstatsPrefilter(c *spl.MstatsCommand, opt Options) (Prefilter, error) {
	where := withoutRunTerms(c.Where)
	pre := Prefilter{NewKeep: func() func(value.Fields) bool { return hasMeasurement }, Text: mstatsPrefilterText(c)}
	if where == nil || !eventDecides(where) {
		return pre, nil
	}
	skip, err := CompileSearchSkip(where, opt)
	if err != nil {
		return Prefilter{}, err
	}
	pre.Skip = skip
	return pre, nil
}

// mstatsPrefilterText is MstatsPrefilter(c).Text.
func mstatsPrefilterText(c *spl.MstatsCommand) string {
	where := withoutRunTerms(c.Where)
	if where == nil || !eventDecides(where) {
		return "mstats measurement"
	}
	return "mstats measurement where " + where.String()
}
