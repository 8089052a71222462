package spl

import "strings"

// ChartCommand computes statistics in a table: one row per value of the
// OVER field, one column per value of the BY field:
//
//	chart [limit=<int>] [useother=<bool>] [usenull=<bool>] <stats-agg-term>...
//	      [OVER <row-field> [BY <column-field>] | BY <row-field> [<column-field>]]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/chart
type ChartCommand struct {
	Loc
	Options []Option // as written, for String
	ChartOptions
	Aggs []Aggregation
	Over *FieldName
	By   *FieldName
}

func (c *ChartCommand) CommandName() string { return "chart" }

func (c *ChartCommand) String() string {
	var b strings.Builder
	b.WriteString("chart")
	if len(c.Options) > 0 {
		b.WriteString(" " + optionsString(c.Options))
	}
	b.WriteString(" " + aggregationsString(c.Aggs))
	if c.Over != nil {
		b.WriteString(" over " + c.Over.String())
	}
	if c.By != nil {
		b.WriteString(" by " + c.By.String())
	}
	if c.Where != nil {
		b.WriteString(" " + c.Where.String())
	}
	return b.String()
}

func init() {
	register(&CommandSpec{
		Name:   "chart",
		Syntax: "chart [limit=<int>] [useother=<bool>] <stats-func>(<wc-field>) [AS <wc-field>]|eval(<expr>)... [OVER <row-field>] [BY <column-field> [WHERE <func> in top<int>]]",
		Doc:    "Computes statistics as a table: rows by the OVER field, one column per value of the BY field.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, aggs, over, by, where, err := p.chartArgs(true)
			if err != nil {
				return nil, err
			}
			if by != nil && over == nil {
				over, by = by, nil
			}
			co, err := p.chartOptions(opts)
			if err != nil {
				return nil, err
			}
			if where != nil && by == nil {
				return nil, &Error{Pos: where.Start, End: where.End, Msg: "chart: WHERE chooses the series of a BY field; this chart has none"}
			}
			co.Where = where
			return &ChartCommand{Loc: p.loc(), Options: opts, ChartOptions: co, Aggs: aggs, Over: over, By: by}, nil
		},
	})
}
