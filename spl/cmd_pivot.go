package spl

import (
	"strings"
)

// PivotCommand runs a pivot over a data model dataset:
//
//	| pivot <datamodel-name> <object-name> <pivot-element>...
//	<pivot-element>: <function>(<field>) [AS <label>]
//	               | SPLITROW <field> [AS <label>] | SPLITCOL <field>
//	               | FILTER <field> <filter-type> <value>
//	               | LIMIT ... | ROWSUMMARY <bool> | COLSUMMARY <bool>
//	               | SHOWOTHER <bool> | NUMCOLS <num> | ROWSORT ...
//
// Splits with RANGE, PERIOD, TRUELABEL or FALSELABEL and the elements
// after FILTER are kept as written in Other.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/pivot
type PivotCommand struct {
	Loc
	Model, Dataset string
	Cells          []PivotCell
	Rows, Cols     []PivotSplit
	Filters        []PivotFilter
	// Other are the elements spelunk keeps without reading them, as
	// written: "LIMIT host BY top 10 count(x)", "ROWSUMMARY true".
	Other []PivotOther
}

// PivotCell is a cell value: count(HTTP_requests) AS "Count".
type PivotCell struct {
	Loc
	Func, Field, Label string
}

// PivotSplit is SPLITROW or SPLITCOL: a field, a label, and the options
// after it as written (RANGE ..., PERIOD ...).
type PivotSplit struct {
	Loc
	Field, Label string
	Options      string
}

// PivotFilter is FILTER <field> <filter-type> <value>; Values holds the
// value, or the list of an in filter; none for isNull and isNotNull.
type PivotFilter struct {
	Loc
	Field, Op string
	Values    []string
}

// PivotOther is an element kept as written.
type PivotOther struct {
	Loc
	Keyword, Text string
}

func (c *PivotCommand) CommandName() string { return "pivot" }

func (c *PivotCommand) String() string {
	parts := []string{"pivot", word(c.Model), word(c.Dataset)}
	for _, x := range c.Cells {
		s := x.Func + "(" + word(x.Field) + ")"
		if x.Label != "" {
			s += " AS " + QuoteString(x.Label)
		}
		parts = append(parts, s)
	}
	split := func(kw string, sp PivotSplit) {
		s := kw + " " + word(sp.Field)
		if sp.Label != "" {
			s += " AS " + QuoteString(sp.Label)
		}
		if sp.Options != "" {
			s += " " + sp.Options
		}
		parts = append(parts, s)
	}
	for _, r := range c.Rows {
		split("SPLITROW", r)
	}
	for _, r := range c.Cols {
		split("SPLITCOL", r)
	}
	for _, f := range c.Filters {
		s := "FILTER " + word(f.Field) + " " + f.Op
		if strings.EqualFold(f.Op, "in") {
			q := make([]string, len(f.Values))
			for i, v := range f.Values {
				q[i] = QuoteString(v)
			}
			s += " (" + strings.Join(q, ", ") + ")"
		} else if len(f.Values) > 0 {
			s += " " + QuoteString(f.Values[0])
		}
		parts = append(parts, s)
	}
	for _, o := range c.Other {
		parts = append(parts, o.Keyword+" "+o.Text)
	}
	return strings.Join(parts, " ")
}

// pivotKeywords start the elements after the cell values.
var pivotKeywords = map[string]bool{"splitrow": true, "splitcol": true, "filter": true, "limit": true,
	"rowsummary": true, "colsummary": true, "showother": true, "numcols": true, "rowsort": true}

// pivotFilterTypes are the documented filter types, in lower case, with
// whether each takes a value.
var pivotFilterTypes = map[string]bool{"is": true, "isnot": true, "contains": true, "doesnotcontain": true,
	"startswith": true, "endswith": true, "in": true, "isnull": false, "isnotnull": false, "regex": true,
	"=": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true}

func init() {
	register(&CommandSpec{
		Name:       "pivot",
		Generating: true,
		Syntax:     "| pivot <datamodel-name> <object-name> <function>(<field>) [AS <label>]... [SPLITROW <field> [AS <label>]]... [SPLITCOL <field>] [FILTER <field> <filter-type> <value>]...",
		Doc:        "Runs a pivot over a data model dataset: cell values split by rows and a column, after filters.",
		Parse:      parsePivot,
	})
}

func parsePivot(p *cmdParser) (Command, error) {
	c := &PivotCommand{}
	for _, dst := range []*string{&c.Model, &c.Dataset} {
		t := p.next()
		if t.kind != tWord && t.kind != tString {
			return nil, p.unexpected(t, "a data model name and a dataset name").withHint("for example: | pivot Tutorial HTTP_requests count(HTTP_requests) SPLITROW host")
		}
		*dst = t.val
	}
	for !p.atEnd() {
		t := p.peek()
		kw := strings.ToLower(t.text)
		if t.kind != tWord {
			return nil, p.unexpected(t, "a cell value such as count(<dataset>)", "SPLITROW", "SPLITCOL", "FILTER")
		}
		var err error
		switch {
		case kw == "splitrow" || kw == "splitcol":
			err = p.pivotSplit(c, kw == "splitrow")
		case kw == "filter":
			err = p.pivotFilter(c)
		case pivotKeywords[kw]:
			p.pivotOther(c)
		default:
			err = p.pivotCell(c)
		}
		if err != nil {
			return nil, err
		}
	}
	if len(c.Cells) == 0 {
		return nil, p.errorf(p.name, "needs a cell value such as count(%s)", c.Dataset)
	}
	c.Loc = p.loc()
	return c, nil
}

// pivotLabel reads [AS <label>].
func (p *cmdParser) pivotLabel() (string, error) {
	if !isKeyword(p.peek(), "as") {
		return "", nil
	}
	p.next()
	t := p.next()
	if t.kind != tWord && t.kind != tString {
		return "", p.unexpected(t, "a label")
	}
	return t.val, nil
}

func (p *cmdParser) pivotCell(c *PivotCommand) error {
	fn := p.next()
	if open := p.peek(); open.kind != tLParen || open.pos != fn.end {
		return p.unexpected(fn, "a cell value such as count(<dataset>)", "SPLITROW", "SPLITCOL", "FILTER")
	}
	p.next()
	f := p.next()
	if f.kind != tWord && f.kind != tString {
		return p.unexpected(f, "a field")
	}
	if cl := p.next(); cl.kind != tRParen {
		return p.unexpected(cl, `")"`)
	}
	label, err := p.pivotLabel()
	if err != nil {
		return err
	}
	c.Cells = append(c.Cells, PivotCell{Loc: Loc{Start: fn.pos, End: p.toks[p.i-1].end}, Func: strings.ToLower(fn.text), Field: f.val, Label: label})
	return nil
}

func (p *cmdParser) pivotSplit(c *PivotCommand, row bool) error {
	kw := p.next()
	f := p.next()
	if f.kind != tWord && f.kind != tString {
		return p.unexpected(f, "a field")
	}
	label, err := p.pivotLabel()
	if err != nil {
		return err
	}
	sp := PivotSplit{Field: f.val, Label: label}
	start := p.peek().pos
	for !p.atEnd() && !pivotKeywords[strings.ToLower(p.peek().text)] {
		p.next()
	}
	if p.i > 0 && p.toks[p.i-1].end > start {
		sp.Options = strings.TrimSpace(p.raw(start, p.toks[p.i-1].end))
	}
	sp.Loc = Loc{Start: kw.pos, End: p.toks[p.i-1].end}
	if row {
		c.Rows = append(c.Rows, sp)
	} else {
		c.Cols = append(c.Cols, sp)
	}
	return nil
}

func (p *cmdParser) pivotFilter(c *PivotCommand) error {
	kw := p.next()
	f := p.next()
	if f.kind != tWord && f.kind != tString {
		return p.unexpected(f, "a field")
	}
	op := p.next()
	takes, ok := pivotFilterTypes[strings.ToLower(op.text)]
	if !ok || op.kind != tWord && op.kind != tOp {
		return p.unexpected(op, "a filter type such as is, isNot, contains, in, isNull, =, <")
	}
	flt := PivotFilter{Field: f.val, Op: op.text}
	switch {
	case strings.EqualFold(op.text, "in"):
		if p.peek().kind != tLParen {
			return p.unexpected(p.peek(), `"(" and a list of values`)
		}
		p.next()
		for {
			t := p.next()
			switch {
			case t.kind == tRParen:
			case t.kind == tComma:
				continue
			case t.kind == tWord || t.kind == tString:
				flt.Values = append(flt.Values, t.val)
				continue
			default:
				return p.unexpected(t, "a value", `")"`)
			}
			break
		}
	case takes:
		v := p.next()
		if v.kind != tWord && v.kind != tString {
			return p.unexpected(v, "a value")
		}
		flt.Values = []string{v.val}
	}
	flt.Loc = Loc{Start: kw.pos, End: p.toks[p.i-1].end}
	c.Filters = append(c.Filters, flt)
	return nil
}

func (p *cmdParser) pivotOther(c *PivotCommand) {
	kw := p.next()
	start := p.peek().pos
	for !p.atEnd() && !pivotKeywords[strings.ToLower(p.peek().text)] {
		p.next()
	}
	text := ""
	if end := p.toks[p.i-1].end; end > start {
		text = strings.TrimSpace(p.raw(start, end))
	}
	c.Other = append(c.Other, PivotOther{Loc: Loc{Start: kw.pos, End: p.toks[p.i-1].end}, Keyword: strings.ToUpper(kw.text), Text: text})
}
