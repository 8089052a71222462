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
		Syntax:     "| mstats <stats-func>... [WHERE <search>] [BY <field-list> [span=<timespan>]]",
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
			if err := p.expectEnd("WHERE", "BY", "end of command"); err != nil {
				return nil, err
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
