package spl

import "strings"

// MstatsCommand computes statistics over metrics indexes:
//
//	| mstats [chart=<bool>] [chart.<option>=<value>]... [prestats=<bool>] [append=<bool>] [backfill=<bool>] [fillnull_value=<string>]
//	         <stats-func>... [WHERE <search>] [(BY|GROUPBY) <field-list> [span=<timespan>]]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/mstats
type MstatsCommand struct {
	Loc
	Options []Option
	Aggs    []Aggregation
	Where   SearchExpr
	By      []FieldName
	BySpan  string
}

func (c *MstatsCommand) CommandName() string { return "mstats" }

func (c *MstatsCommand) String() string {
	var b strings.Builder
	b.WriteString("mstats")
	if len(c.Options) > 0 {
		b.WriteString(" " + optionsString(c.Options))
	}
	b.WriteString(" " + aggregationsString(c.Aggs))
	b.WriteString(whereByString(c.Where, c.By, c.BySpan))
	return b.String()
}

var mstatsOptions = map[string]bool{
	"prestats": true, "append": true, "backfill": true, "update_period": true, "fillnull_value": true,
	"chunk_size": true, "span": true, "chart": true, "chart.limit": true, "chart.agg": true,
	"chart.nullstr": true, "chart.otherstr": true, "chart.usenull": true, "chart.useother": true,
}

func init() {
	register(&CommandSpec{
		Name:       "mstats",
		Generating: true,
		Syntax:     "| mstats [prestats=<bool>] [fillnull_value=<string>] <stats-func>... [WHERE <search>] [(BY|GROUPBY) <field-list>] [span=<timespan>]",
		Doc:        "Statistics over metric data points, read from metrics CSV files and HEC metrics records.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &MstatsCommand{}
			isClause := func(t token) bool { return isKeyword(t, "where") || isBy(t) }
			var err error
			if c.Options, c.Aggs, err = p.aggsAndOptions(mstatsOptions, isClause, "a statistical function such as avg(metric)"); err != nil {
				return nil, err
			}
			if c.Where, c.By, c.BySpan, err = p.whereBy(); err != nil {
				return nil, err
			}
			if w, sp := splitMstatsSpan(c.Where); sp != "" && c.BySpan == "" {
				if w == nil {
					// WHERE span=X alone: printed back as the span option.
					c.Options = append(c.Options, Option{Loc: c.Where.Span(), Key: "span", Value: sp})
				} else {
					c.BySpan = sp
				}
				c.Where = w
			}
			if err := p.expectEnd("WHERE", "BY", "end of command"); err != nil {
				return nil, err
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

// splitMstatsSpan takes a span=<timespan> term out of the top level of a
// WHERE clause with no BY after it: the page's syntax ends with
// [<span-length>] whether or not BY is given (`WHERE index=m span=30s`).
func splitMstatsSpan(x SearchExpr) (SearchExpr, string) {
	isSpan := func(t SearchExpr) (string, bool) {
		if c, ok := t.(*SearchCompare); ok && strings.EqualFold(c.Field, "span") && c.Op == "=" {
			return c.Value.Text, true
		}
		return "", false
	}
	if sp, ok := isSpan(x); ok {
		return nil, sp
	}
	and, ok := x.(*SearchAnd)
	if !ok || len(and.Terms) < 2 {
		return x, ""
	}
	sp, ok := isSpan(and.Terms[len(and.Terms)-1])
	if !ok {
		return x, ""
	}
	rest := and.Terms[:len(and.Terms)-1]
	if len(rest) == 1 {
		return rest[0], sp
	}
	return &SearchAnd{Loc: and.Loc, Terms: rest}, sp
}
