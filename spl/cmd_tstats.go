package spl

import (
	"strings"
)

// TstatsCommand computes statistics over indexed fields or data model
// datasets:
//
//	| tstats [<option>=<value>]... <stats-func>... [FROM datamodel=<model>[.<dataset>]]
//	         [WHERE <search-expression>] [BY <field-list> [span=<timespan>]]
//
// https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/tstats
type TstatsCommand struct {
	Loc
	Options []Option // as written, for String
	// Prestats, Append and SummariesOnly are prestats=, append= and
	// summariesonly=; the others are Local, IncludeReducedBuckets and
	// AllowOldSummaries.
	Prestats, Append, SummariesOnly                 bool
	Local, IncludeReducedBuckets, AllowOldSummaries bool
	// ChunkSize is chunk_size= (0 when not given).
	ChunkSize int
	// FillNullValue is fillnull_value=; nil when not given.
	FillNullValue *string
	Aggs          []Aggregation
	// Datamodel is "Endpoint.Processes" (or "Web" with no dataset); "" when
	// tstats reads indexed fields.
	Datamodel string
	// DatamodelLoc is where the data model's name is written.
	DatamodelLoc Loc
	// Namespace is the tsidx namespace of `FROM <namespace>` (made by
	// tscollect); "" when absent. NamespaceLoc is where it is written.
	Namespace    string
	NamespaceLoc Loc
	Where        SearchExpr
	By           []FieldName
	// BySpan is the span= of the BY clause as written ("1h"); "" when
	// absent. ByTimeSpan is it read as a time span.
	BySpan     string
	ByTimeSpan *Span
}

func (c *TstatsCommand) CommandName() string { return "tstats" }

func (c *TstatsCommand) String() string {
	var b strings.Builder
	b.WriteString("tstats")
	if len(c.Options) > 0 {
		b.WriteString(" " + optionsString(c.Options))
	}
	b.WriteString(" " + aggregationsString(c.Aggs))
	if c.Datamodel != "" {
		b.WriteString(" from datamodel=" + word(c.Datamodel))
	}
	if c.Namespace != "" {
		b.WriteString(" from " + word(c.Namespace))
	}
	b.WriteString(whereByString(c.Where, c.By, c.BySpan))
	return b.String()
}

var tstatsOptions = map[string]bool{
	"prestats": true, "local": true, "append": true, "summariesonly": true,
	"include_reduced_buckets": true, "allow_old_summaries": true, "chunk_size": true,
	"fillnull_value": true,
}

func init() {
	register(&CommandSpec{
		Name:       "tstats",
		Generating: true,
		Appends:    true,
		Syntax:     "| tstats [options] <stats-func>... [FROM datamodel=<model>.<dataset> | FROM <namespace>] [WHERE <search>] [BY|GROUPBY <fields> [span=<time>]]",
		Doc:        "Computes statistics over data model datasets (here built in memory from the ingested events), or without FROM over the events' indexed fields (_time, index, host, source, sourcetype, ...).",
		Parse:      parseTstats,
	})
}

func parseTstats(p *cmdParser) (Command, error) {
	c := &TstatsCommand{}
	for {
		if o, ok := p.option(tstatsOptions); ok {
			c.Options = append(c.Options, o)
			continue
		}
		if e := p.unknownOption(tstatsOptions); e != nil {
			return nil, e
		}
		break
	}
	isClause := func(t token) bool {
		return isKeyword(t, "from") || isKeyword(t, "where") || isBy(t)
	}
	opts, aggs, err := p.aggsAndOptions(tstatsOptions, isClause, "a statistical function such as count or values(field)")
	if err != nil {
		return nil, err
	}
	c.Options, c.Aggs = append(c.Options, opts...), aggs
	for _, o := range c.Options {
		if err := c.setOption(p, o); err != nil {
			return nil, err
		}
	}
	if isKeyword(p.peek(), "from") {
		from := p.next()
		dm := p.next()
		switch {
		case isKeyword(dm, "datamodel") && p.peek().kind == tOp && p.peek().text == "=":
			p.next()
			name := p.next()
			if name.kind != tWord && name.kind != tString {
				return nil, p.unexpected(name, "a data model name such as Endpoint.Processes")
			}
			c.Datamodel, c.DatamodelLoc = name.val, Loc{Start: name.pos, End: name.end}
		case dm.kind == tWord && strings.HasPrefix(strings.ToLower(dm.text), "datamodel:"):
			c.Datamodel = strings.Trim(dm.val[len("datamodel:"):], `"`)
			c.DatamodelLoc = Loc{Start: dm.pos + len("datamodel:"), End: dm.end}
		case (dm.kind == tWord || dm.kind == tString) && !(p.peek().kind == tOp && p.peek().text == "=") && !isBy(dm) && !isKeyword(dm, "where"):
			// FROM <namespace>: a tsidx namespace made by tscollect.
			c.Namespace, c.NamespaceLoc = dm.val, Loc{Start: dm.pos, End: dm.end}
		default:
			e := p.unexpected(dm, "datamodel=<model>.<dataset>", "a tsidx namespace")
			e.Hint = "tstats reads data models here: FROM datamodel=Endpoint.Processes"
			_ = from
			return nil, e
		}
	}
	spanAt := p.i
	if c.Where, c.By, c.BySpan, err = p.whereBy(); err != nil {
		return nil, err
	}
	if c.BySpan != "" {
		sp, err := ParseTimeSpan(c.BySpan)
		if err != nil {
			return nil, p.spanError(spanAt, c.BySpan, err)
		}
		c.ByTimeSpan = &sp
	}
	if err := p.expectEnd("BY", "WHERE", "end of command"); err != nil {
		return nil, err
	}
	if !p.first && !c.Append {
		// The error every generating command gives (parseCommand).
		return nil, &Error{Pos: p.name.pos, End: p.name.end, Msg: "tstats is a generating command and must be the first command of a search",
			Hint: "start the search with \"| tstats ...\""}
	}
	c.Loc = p.loc()
	return c, nil
}

// isBy reports whether t opens a BY clause: BY, or its synonym GROUPBY
// (Search Reference, tstats: "BY <field-list>" ... "groupby").
func isBy(t token) bool { return isKeyword(t, "by") || isKeyword(t, "groupby") }

func (c *TstatsCommand) setOption(p *cmdParser, o Option) error {
	var err error
	switch o.Key {
	case "prestats":
		c.Prestats, err = p.boolOption(o)
	case "append":
		c.Append, err = p.boolOption(o)
	case "summariesonly":
		c.SummariesOnly, err = p.boolOption(o)
	case "local":
		c.Local, err = p.boolOption(o)
	case "include_reduced_buckets":
		c.IncludeReducedBuckets, err = p.boolOption(o)
	case "allow_old_summaries":
		c.AllowOldSummaries, err = p.boolOption(o)
	case "chunk_size":
		c.ChunkSize, err = p.intOption(o)
	case "fillnull_value":
		v := o.Value
		c.FillNullValue = &v
	}
	return err
}

// spanError is a bad span= of a BY clause: at the span= option, found
// among the tokens from index from.
func (p *cmdParser) spanError(from int, span string, err error) *Error {
	for j := from; j+2 < len(p.toks); j++ {
		if isKeyword(p.toks[j], "span") && p.toks[j+1].kind == tOp && p.toks[j+1].text == "=" {
			return &Error{Pos: p.toks[j].pos, End: p.toks[j+2].end, Msg: p.cmdName() + ": span=" + span + ": " + err.Error()}
		}
	}
	return p.errorf(p.name, "span=%s: %v", span, err)
}

// whereByString prints what whereBy parses, with a leading blank.
func whereByString(where SearchExpr, by []FieldName, span string) string {
	var b strings.Builder
	if where != nil {
		b.WriteString(" where " + where.String())
	}
	if len(by) > 0 {
		names := make([]string, len(by))
		for i, f := range by {
			names[i] = word(f.Name)
			if IsPrefixDirective(f.Name) {
				names[i] = f.Name
			}
		}
		b.WriteString(" by " + strings.Join(names, " "))
	}
	if span != "" {
		b.WriteString(" span=" + word(span))
	}
	return b.String()
}

// whereBy parses the `WHERE <search> BY <fields> [span=<span>]` that ends
// tstats and mstats; each part is optional, the BY fields may have a
// span= among them.
func (p *cmdParser) whereBy() (where SearchExpr, by []FieldName, span string, err error) {
	if isKeyword(p.peek(), "where") {
		w := p.next()
		sp := &searchParser{p: p, stop: isBy, prefixOK: true}
		var x SearchExpr
		var err error
		if !sp.done(0) {
			x, err = sp.and(0)
		}
		if err != nil {
			return nil, nil, "", err
		}
		if x == nil {
			return nil, nil, "", p.errorf(w, "WHERE needs a search expression")
		}
		where = x
	}
	if isBy(p.peek()) {
		kw := p.next()
		for !p.atEnd() {
			if o, ok := p.option(map[string]bool{"span": true}); ok {
				span = o.Value
				continue
			}
			if f, ok := p.prefixDirective(); ok {
				by = append(by, f)
				continue
			}
			if p.peek().kind == tComma {
				p.next()
				continue
			}
			fs := p.fieldList(nil)
			if len(fs) == 0 {
				break
			}
			by = append(by, fs...)
		}
		if len(by) == 0 {
			return nil, nil, "", p.errorf(kw, "BY needs at least one field")
		}
	}
	return where, by, span, nil
}

// aggsAndOptions reads the statistical functions of tstats and mstats up
// to their first clause, with options and commas among them; at least
// one function is needed (example names one in the error).
func (p *cmdParser) aggsAndOptions(opts map[string]bool, isClause func(token) bool, example string) ([]Option, []Aggregation, error) {
	var os []Option
	var aggs []Aggregation
	for !p.atEnd() && !isClause(p.peek()) {
		if p.peek().kind == tComma {
			p.next()
			continue
		}
		if o, ok := p.option(opts); ok {
			os = append(os, o)
			continue
		}
		if e := p.unknownOption(opts); e != nil {
			return nil, nil, e
		}
		a, err := p.aggregation()
		if err != nil {
			return nil, nil, err
		}
		aggs = append(aggs, a)
	}
	if len(aggs) == 0 {
		return nil, nil, p.unexpected(p.peek(), example)
	}
	return os, aggs, nil
}

// IsPrefixDirective reports whether a field name is tstats' PREFIX(<term>)
// directive, which reads terms of the tsidx lexicon rather than a field.
func IsPrefixDirective(name string) bool {
	return len(name) > len("PREFIX()") && strings.HasPrefix(name, "PREFIX(") && strings.HasSuffix(name, ")")
}

// prefixDirective parses `PREFIX(<term>)` (`PREFIX(action=)`) as a field
// name written "PREFIX(" + term + ")".
func (p *cmdParser) prefixDirective() (FieldName, bool) {
	t, open := p.peek(), p.peekAt(1)
	if !isKeyword(t, "prefix") || open.kind != tLParen || open.pos != t.end {
		return FieldName{}, false
	}
	closeIdx, err := p.matchParen(p.i + 1)
	if err != nil || closeIdx == p.i+2 {
		return FieldName{}, false
	}
	closer := p.toks[closeIdx]
	p.i = closeIdx + 1
	return FieldName{Loc: Loc{Start: t.pos, End: closer.end}, Name: "PREFIX(" + p.raw(open.end, closer.pos) + ")"}, true
}

// SplitNodename takes tstats' `nodename=X.Y` terms out of the top-level AND of a
// where clause: they choose the child dataset rather than filter rows.
func SplitNodename(x SearchExpr) (SearchExpr, string) {
	isNode := func(t SearchExpr) (string, bool) {
		if c, ok := t.(*SearchCompare); ok && strings.EqualFold(c.Field, "nodename") && c.Op == "=" {
			return c.Value.Text, true
		}
		return "", false
	}
	if n, ok := isNode(x); ok {
		return nil, n
	}
	and, ok := x.(*SearchAnd)
	if !ok {
		return x, ""
	}
	node := ""
	var rest []SearchExpr
	for _, t := range and.Terms {
		if n, ok := isNode(t); ok {
			node = n
			continue
		}
		rest = append(rest, t)
	}
	switch len(rest) {
	case 0:
		return nil, node
	case 1:
		return rest[0], node
	}
	return &SearchAnd{Loc: and.Loc, Terms: rest}, node
}
