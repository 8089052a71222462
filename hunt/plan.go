package hunt

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

// reads is what one detection's search reads of the data, known before
// any is read: events through its leading searches (its own and its
// subsearches', each with the prefilter every event it keeps meets), data
// model datasets, or nothing but lookups. all is set, with why, when that
// cannot be narrowed: the detection then needs every event. fails is set
// when the search names a command spelunk does not run: it fails before
// it reads anything.
type reads struct {
	name  string // the detection's
	all   string
	fails string
	pres  []engine.Prefilter
	// exprs are the search expressions of the prefilters, by text.
	exprs    map[string]spl.SearchExpr
	datasets []string // read by tstats: rows only
	whole    []string // read by from or datamodel: whole events
	// needs are the fields of the events each prefilter passes (by
	// text) that the pipelines after it read (pipelineNeeds); a text
	// absent or with all set: any. listless are the texts of the
	// prefilters of searches that read the events with a prefilter not
	// known before (map's, whose leading search is cut at its first
	// $token$): they may test any event held. late is set for a
	// detection of the second round, which reads the events after the
	// risk events are added, without the prefilters' lists.
	needs    map[string]fieldNeed
	listless []string
	late     bool
}

// fieldNeed is what pipelines read of the events a prefilter passes.
type fieldNeed struct {
	fields []string
	all    bool
}

// planReads works out what p reads. Anything it cannot account for (a
// command that reads the source some other way than a leading search or
// a dataset) makes it read everything.
//
// parse expands and parses the text of a map's search, for planning the
// searches it runs (mapReads); nil makes map read everything.
func planReads(p *spl.Pipeline, opt engine.Options, parse func(string) (*spl.Pipeline, error)) reads {
	if p == nil || len(p.Commands) == 0 {
		return reads{all: "an empty search"}
	}
	var rd reads
	ds, ok := engine.DatasetsRead(p)
	if !ok {
		return reads{all: "tstats reads the events, not a data model"}
	}
	rd.datasets = ds
	rd.leading(p, opt)
	// appendpipe's subpipeline runs over the rows so far, not the events.
	overRows := map[*spl.Subsearch]bool{}
	spl.Walk(p, func(n spl.Node) bool {
		if a, ok := n.(*spl.AppendpipeCommand); ok {
			overRows[a.Sub] = true
		}
		return true
	})
	spl.Walk(p, func(n spl.Node) bool {
		switch n := n.(type) {
		case *spl.Subsearch:
			if n.Pipeline != nil && len(n.Pipeline.Commands) > 0 && !overRows[n] {
				rd.leading(n.Pipeline, opt)
			}
		case spl.Command:
			name := n.CommandName()
			if !engine.Executable(name) {
				rd.fails = name + " is not supported"
			}
			switch name {
			case "map":
				if m, ok := n.(*spl.MapCommand); ok && parse != nil {
					mr := mapReads(m, opt, parse)
					rd.all, rd.fails = mr.all, mr.fails
					rd.pres = append(rd.pres, mr.pres...)
					for t, x := range mr.exprs {
						rd.noteExpr(t, x)
					}
					rd.datasets = append(rd.datasets, mr.datasets...)
					rd.whole = append(rd.whole, mr.whole...)
					for t, nd := range mr.needs {
						rd.noteNeed(t, nd.fields, nd.all)
					}
					rd.listless = append(rd.listless, mr.listless...)
					for _, pre := range mr.pres {
						rd.listless = append(rd.listless, pre.Text)
					}
					// Its subsearch form is planned here, not as a
					// subsearch of its own.
					return false
				}
				rd.all = name + " reads the events"
			case "metadata", "eventcount":
				rd.all = name + " reads the events"
			}
		}
		return rd.fails == ""
	})
	if rd.fails != "" {
		return reads{fails: rd.fails}
	}
	if rd.all != "" {
		return reads{all: rd.all}
	}
	return rd
}

// leading adds what the first command of p (a search's, or a
// subsearch's) reads.
func (rd *reads) leading(p *spl.Pipeline, opt engine.Options) {
	switch c := p.Commands[0].(type) {
	case *spl.SearchCommand:
		pre, err := engine.SearchPrefilter(c.Expr, opt)
		if err != nil {
			rd.all = "its search does not compile: " + err.Error()
			return
		}
		rd.pres = append(rd.pres, pre)
		rd.noteExpr(pre.Text, c.Expr)
		fields, all := pipelineNeeds(p)
		rd.noteNeed(pre.Text, fields, all)
	case *spl.MstatsCommand:
		pre, err := engine.MstatsPrefilter(c, opt)
		if err != nil {
			rd.all = "its mstats WHERE does not compile: " + err.Error()
			return
		}
		rd.pres = append(rd.pres, pre)
		rd.noteNeed(pre.Text, nil, true)
	case *spl.TstatsCommand:
		// Datasets only (DatasetsRead).
	case *spl.FromCommand:
		if c.Kind == "datamodel" {
			rd.whole = append(rd.whole, c.Name)
		} else if !readsNoEvents[c.Kind] {
			rd.all = "from " + c.Kind + " reads the events"
		}
	case *spl.DatamodelCommand:
		name := c.Model + "." + c.Dataset
		if strings.Contains(c.Dataset, ".") {
			name = c.Dataset
		}
		rd.whole = append(rd.whole, name)
	default:
		if !readsNoEvents[c.CommandName()] {
			rd.all = fmt.Sprintf("it starts with %s, which reads the events", c.CommandName())
		}
	}
}

// readsNoEvents are the commands (and from's kinds) that start a search
// without reading events.
var readsNoEvents = map[string]bool{"makeresults": true, "inputlookup": true, "rest": true, "lookup": true}

// mapPlaceholder stands in for map's $field$ tokens while its search is
// planned.
const mapPlaceholder = "spelunkmaptoken"

// mapReads plans the searches a map runs, whatever values its $field$
// tokens take: the text with each token replaced by a placeholder, and
// its leading search cut before the first top-level term that holds one.
// The value put in a token may change how the text after it parses (a
// quote, a parenthesis, OR), but not the terms before it: none of them
// is next to the token, so none can join an OR or a NOT with it, and a
// parenthesis the value closes must have opened after them.
func mapReads(m *spl.MapCommand, opt engine.Options, parse func(string) (*spl.Pipeline, error)) reads {
	text := m.Search
	if m.Sub != nil {
		text = m.Sub.Pipeline.String()
	}
	if strings.Contains(strings.ToLower(text), mapPlaceholder) {
		return reads{all: "map's search holds the planner's placeholder"}
	}
	p, err := parse(mapTokenRE.ReplaceAllString(text, mapPlaceholder))
	if err != nil || p == nil || len(p.Commands) == 0 {
		return reads{all: "map's search cannot be planned"}
	}
	first, ok := p.Commands[0].(*spl.SearchCommand)
	if !ok {
		return reads{all: "map's search does not start with search"}
	}
	cut := &spl.SearchCommand{Loc: first.Loc, Expr: beforePlaceholder(first.Expr)}
	q := &spl.Pipeline{Commands: append([]spl.Command{cut}, p.Commands[1:]...)}
	if strings.Contains(strings.ToLower((&spl.Pipeline{Commands: p.Commands[1:]}).String()), mapPlaceholder) {
		// Later commands may read events with what a token gives
		// (a subsearch): only the leading search is planned.
		q.Commands = q.Commands[:1]
	}
	return planReads(q, opt, nil)
}

// mapTokenRE is a $field$ token of map's search (engine's mapToken).
var mapTokenRE = regexp.MustCompile(`\$([^$\s]+)\$`)

// beforePlaceholder keeps the top-level terms of x that come before the
// first one holding mapPlaceholder.
func beforePlaceholder(x spl.SearchExpr) spl.SearchExpr {
	has := func(t spl.SearchExpr) bool { return strings.Contains(strings.ToLower(t.String()), mapPlaceholder) }
	if x == nil {
		return nil
	}
	and, ok := x.(*spl.SearchAnd)
	if !ok {
		if has(x) {
			return nil
		}
		return x
	}
	var terms []spl.SearchExpr
	for _, t := range and.Terms {
		if has(t) {
			break
		}
		terms = append(terms, t)
	}
	switch len(terms) {
	case 0:
		return nil
	case 1:
		return terms[0]
	}
	return &spl.SearchAnd{Loc: and.Loc, Terms: terms}
}

// noteExpr records the search expression of the prefilter of text: one
// text is one expression, once its run terms are left out.
func (rd *reads) noteExpr(text string, x spl.SearchExpr) {
	if rd.exprs == nil {
		rd.exprs = map[string]spl.SearchExpr{}
	}
	if _, ok := rd.exprs[text]; !ok {
		rd.exprs[text] = x
	}
}

// noteNeed adds fields (or all) to what the pipelines after the
// prefilter of text read.
func (rd *reads) noteNeed(text string, fields []string, all bool) {
	if rd.needs == nil {
		rd.needs = map[string]fieldNeed{}
	}
	nd := rd.needs[text]
	nd.all = nd.all || all
	for _, f := range fields {
		if !slices.Contains(nd.fields, f) {
			nd.fields = append(nd.fields, f)
		}
	}
	rd.needs[text] = nd
}
