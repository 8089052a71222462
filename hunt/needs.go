package hunt

import (
	"slices"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// A detection's pipeline mostly reads a few fields of the events its
// leading search keeps (sysmon EventCode=7 | rex field=Image ... | stats
// ... by Image ImageLoaded ...), while the sieve held them whole, _raw
// and every field the knowledge gives. pipelineNeeds works out which
// fields a pipeline can read, so that an event held only for such
// pipelines is held with those alone.

// pipelineNeeds lists every field of an event that p, a pipeline whose
// first command is the leading search over the events, can read, up to
// and including its first command whose output is made of named fields
// only (stats, table of plain names): past it no event field is left.
// all is set when that cannot be told: a command not known here, a
// wildcard or dynamic field name, a subsearch in a search or eval, or a
// pipeline whose output is the events themselves (the report shows
// every field). It is conservative: a field it leaves out is never read.
func pipelineNeeds(p *spl.Pipeline) (fields []string, all bool) {
	if p == nil || len(p.Commands) == 0 {
		return nil, true
	}
	nd := &needs{}
	first, ok := p.Commands[0].(*spl.SearchCommand)
	if !ok {
		return nil, true
	}
	nd.search(first.Expr)
	for _, cmd := range p.Commands[1:] {
		if nd.all {
			return nil, true
		}
		if nd.command(cmd) {
			if nd.all {
				return nil, true
			}
			return nd.fields, false
		}
	}
	return nil, true
}

// needs gathers the fields commands read; all once any may be read.
type needs struct {
	fields []string
	all    bool
}

// add notes a field read; a pattern, a dynamic name or a tag::field
// (which the knowledge makes from another field) may read any.
func (nd *needs) add(name string) {
	if name == "" || strings.ContainsAny(name, "*{}") || strings.Contains(name, "::") {
		nd.all = true
		return
	}
	if !slices.Contains(nd.fields, name) {
		nd.fields = append(nd.fields, name)
	}
}

func (nd *needs) search(x spl.SearchExpr) {
	if x == nil {
		return
	}
	fs, all := spl.SearchFields(x)
	nd.all = nd.all || all
	for _, f := range fs {
		nd.add(f)
	}
}

// expr adds the fields an eval expression reads.
func (nd *needs) expr(e spl.Expr) {
	if e == nil {
		return
	}
	spl.Walk(e, func(n spl.Node) bool {
		switch x := n.(type) {
		case *spl.FieldRef:
			nd.add(x.Name)
		case *spl.CallExpr:
			// searchmatch's text may name any field.
			if strings.EqualFold(x.Name, "searchmatch") {
				nd.all = true
			}
		case *spl.SubsearchExpr:
			nd.all = true
		}
		return !nd.all
	})
}

// aggs adds what aggregations and their split fields read: _time too
// (earliest, latest, rate and the order of first and last).
func (nd *needs) aggs(aggs []spl.Aggregation, by []spl.FieldName) {
	nd.add("_time")
	for _, b := range by {
		nd.add(b.Name)
	}
	for _, a := range aggs {
		for x := &a; x != nil; x = x.Sparkline {
			if x.Field != "" {
				nd.add(x.Field)
			}
			nd.expr(x.Eval)
		}
	}
}

func (nd *needs) names(fs []spl.FieldName) {
	for _, f := range fs {
		nd.add(f.Name)
	}
}

// orRaw is field, or _raw when it is empty (rex, regex, spath).
func orRaw(field string) string {
	if field == "" {
		return "_raw"
	}
	return field
}

// command adds what cmd reads of its input rows; it reports whether its
// output is made of the fields it names alone. A command not known here
// sets all.
func (nd *needs) command(cmd spl.Command) (narrows bool) {
	switch c := cmd.(type) {
	case *spl.SearchCommand:
		nd.search(c.Expr)
	case *spl.WhereCommand:
		nd.expr(c.Expr)
	case *spl.EvalCommand:
		for _, a := range c.Assignments {
			if strings.ContainsAny(a.Target, "{*") {
				nd.all = true
			}
			nd.expr(a.Expr)
		}
	case *spl.RexCommand:
		nd.add(orRaw(c.Field))
	case *spl.RegexCommand:
		nd.add(orRaw(c.Field))
	case *spl.SpathCommand:
		nd.add(orRaw(c.Input))
	case *spl.XmlkvCommand:
		nd.add(orRaw(c.Field))
	case *spl.IplocationCommand:
		nd.add(c.Field.Name)
	case *spl.RenameCommand:
		for _, pr := range c.Pairs {
			nd.add(pr.From)
			nd.add(pr.To)
		}
	case *spl.BinCommand:
		nd.add(c.Field.Name)
	case *spl.FillnullCommand:
		if len(c.Fields) == 0 {
			nd.all = true // every field of the rows
		}
		nd.names(c.Fields)
	case *spl.MvexpandCommand:
		nd.add(c.Field)
	case *spl.MakemvCommand:
		nd.add(c.Field)
	case *spl.DedupCommand:
		nd.names(c.Fields)
		for _, k := range c.SortBy {
			nd.add(k.Field)
		}
	case *spl.SortCommand:
		for _, k := range c.Keys {
			nd.add(k.Field)
		}
	case *spl.HeadCommand:
		nd.expr(c.Expr)
	case *spl.TailCommand:
	case *spl.ConvertCommand:
		for _, cv := range c.Conversions {
			nd.add(cv.Field)
			if cv.As != "" {
				nd.add(cv.As)
			}
		}
	case *spl.FieldsCommand:
		if c.Remove {
			nd.all = true // every field but those
		}
		nd.names(c.Fields)
	case *spl.LookupTableCommand:
		// OUTPUTNEW reads whether its output fields are there.
		if c.Mode == "OUTPUTNEW" && len(c.Outputs) == 0 {
			nd.all = true
		}
		for _, fs := range [][]spl.LookupField{c.Inputs, c.Outputs} {
			for _, f := range fs {
				nd.add(f.EventName())
			}
		}
		if c.EventTimeField != "" {
			nd.add(c.EventTimeField)
		}
	case *spl.AddtotalsCommand:
		// Without fields it sums every numeric field, and its column
		// totals sum every field.
		if len(c.Fields) == 0 || c.Col {
			nd.all = true
		}
		nd.names(c.Fields)
	case *spl.EventstatsCommand:
		nd.aggs(c.Aggs, c.By)
	case *spl.StreamstatsCommand:
		nd.aggs(c.Aggs, c.By)
		nd.expr(c.ResetBefore)
		nd.expr(c.ResetAfter)
	case *spl.StatsCommand:
		nd.aggs(c.Aggs, c.By)
		return true
	case *spl.TableCommand:
		nd.names(c.Fields)
		return true
	default:
		nd.all = true
	}
	return false
}
