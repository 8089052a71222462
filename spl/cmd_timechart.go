package spl

import "strings"

// TimechartCommand charts statistics over time buckets, optionally one
// series per value of a split-by field:
//
//	timechart [span=<span>|bins=<int>] [minspan=<span>] [aligntime=<time>] [limit=<int>]
//	          [useother=<bool>] [usenull=<bool>] [otherstr=<s>] [nullstr=<s>] [cont=<bool>]
//	          <stats-agg-term>... [BY <field>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/timechart
type TimechartCommand struct {
	Loc
	Options []Option // as written, for String
	ChartOptions
	Aggs []Aggregation
	By   *FieldName
}

// ChartOptions are the options chart and timechart share, read from
// their options by the parser, with Splunk's defaults when not given
// (Search Reference, chart and timechart).
type ChartOptions struct {
	// Limit is limit= (limit=topN reads N): the number of series kept,
	// 0 for all; 10 when not given.
	Limit int
	// UseOther, UseNull and Cont default to true.
	UseOther, UseNull, Cont bool
	// OtherStr and NullStr default to "OTHER" and "NULL".
	OtherStr, NullStr string
	// Format names a column under a split-by field when there are several
	// data series, $AGG$ standing for the function and $VAL$ for the
	// series: format=, else sep= as $AGG$<sep>$VAL$; "" when neither is
	// given (the engine's "$AGG$: $VAL$").
	Format  string
	Binning BinOptions
	// Where is the where clause choosing the series; nil when absent.
	Where *SeriesWhere
}

// chartOptions reads chart's and timechart's options; a repeated option
// keeps its last value.
func (p *cmdParser) chartOptions(opts []Option) (ChartOptions, error) {
	co := ChartOptions{Limit: 10, UseOther: true, UseNull: true, Cont: true, OtherStr: "OTHER", NullStr: "NULL"}
	cmd := p.cmdName()
	// "format takes precedence over sep" (chart and timechart pages).
	var format, sep *string
	for _, o := range opts {
		if ok, err := p.setBinOption(&co.Binning, cmd, o); ok || err != nil {
			if err != nil {
				return co, err
			}
			continue
		}
		var err error
		switch o.Key {
		case "limit":
			v := o.Value
			// limit=top5 and limit=bottom5 name the ranking; only top is
			// supported.
			if len(v) > 3 && v[:3] == "top" {
				v = v[3:]
			}
			n, ok := ParseInt(v)
			if !ok || n < 0 {
				return co, p.optionError(o, "limit=%s must be a whole number (0 for no limit)", o.Value)
			}
			co.Limit = n
		case "useother":
			co.UseOther, err = p.boolOption(o)
		case "usenull":
			co.UseNull, err = p.boolOption(o)
		case "cont":
			co.Cont, err = p.boolOption(o)
		case "partial", "fixedrange":
			_, err = p.boolOption(o)
		case "otherstr":
			co.OtherStr = o.Value
		case "nullstr":
			co.NullStr = o.Value
		case "format":
			format = &o.Value
		case "sep":
			sep = &o.Value
		}
		if err != nil {
			return co, err
		}
	}
	switch {
	case format != nil:
		co.Format = *format
	case sep != nil:
		co.Format = "$AGG$" + *sep + "$VAL$"
	}
	return co, nil
}

func (c *TimechartCommand) CommandName() string { return "timechart" }

func (c *TimechartCommand) String() string {
	var b strings.Builder
	b.WriteString("timechart")
	if len(c.Options) > 0 {
		b.WriteString(" " + optionsString(c.Options))
	}
	b.WriteString(" " + aggregationsString(c.Aggs))
	if c.By != nil {
		b.WriteString(" by " + c.By.String())
	}
	if c.Where != nil {
		b.WriteString(" " + c.Where.String())
	}
	return b.String()
}

var chartOptions = map[string]bool{
	"span": true, "bins": true, "minspan": true, "aligntime": true, "start": true, "end": true,
	"limit": true, "useother": true, "usenull": true, "otherstr": true, "nullstr": true,
	"cont": true, "partial": true, "fixedrange": true, "sep": true, "format": true, "agg": true,
}

func init() {
	register(&CommandSpec{
		Name:   "timechart",
		Syntax: "timechart [span=<span>] [limit=<int>] [useother=<bool>] [usenull=<bool>] <stats-func>... [BY <field> [WHERE <func> (in|notin) (top|bottom)<int> | WHERE <func> (<|>) <num>]]",
		Doc:    "Computes statistics per time bucket (_time binned by span), one column per series of the BY field.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, aggs, over, by, where, err := p.chartArgs(false)
			if err != nil {
				return nil, err
			}
			co, err := p.chartOptions(opts)
			if err != nil {
				return nil, err
			}
			co.Where = where
			c := &TimechartCommand{Loc: p.loc(), Options: opts, ChartOptions: co, Aggs: aggs}
			switch {
			case over != nil && by != nil:
				return nil, p.errorf(p.name, "timechart takes one BY field (the series); its rows are always _time")
			case over != nil:
				c.By = over
			case by != nil:
				c.By = by
			}
			return c, nil
		},
	})
}

// chartArgs parses options, aggregations and the OVER/BY clauses of
// chart and timechart. `by a b` is read as `over a by b`.
func (p *cmdParser) chartArgs(allowOver bool) ([]Option, []Aggregation, *FieldName, *FieldName, *SeriesWhere, error) {
	var where *SeriesWhere
	var opts []Option
	var aggs []Aggregation
	var over, by *FieldName
	clause := func(t token) bool { return isKeyword(t, "by") || (allowOver && isKeyword(t, "over")) }
	for !p.atEnd() {
		t := p.peek()
		switch {
		case t.kind == tComma:
			p.next()
		case clause(t):
			kw := p.next()
			var fs []FieldName
			for !p.atEnd() {
				if o, ok := p.option(chartOptions); ok {
					opts = append(opts, o)
					continue
				}
				if e := p.unknownOption(chartOptions); e != nil {
					return nil, nil, nil, nil, nil, e
				}
				if n := p.peek(); (n.kind == tWord || n.kind == tString) && !clause(n) && !isKeyword(n, "where") {
					if nn := p.peekAt(1); nn.kind == tOp && nn.text == "=" {
						return nil, nil, nil, nil, nil, p.unexpected(n, "an option such as limit=10", "a field name")
					}
					p.next()
					fs = append(fs, FieldName{Loc: Loc{Start: n.pos, End: n.end}, Name: n.val})
					continue
				}
				if p.peek().kind == tComma {
					p.next()
					continue
				}
				break
			}
			if len(fs) == 0 {
				return nil, nil, nil, nil, nil, p.errorf(kw, "%s needs a field", strings.ToUpper(kw.text))
			}
			if isKeyword(kw, "over") {
				if over != nil || len(fs) > 1 {
					return nil, nil, nil, nil, nil, p.errorf(kw, "OVER takes one field")
				}
				over = &fs[0]
				continue
			}
			if by != nil || len(fs) > 2 || (len(fs) == 2 && over != nil) {
				return nil, nil, nil, nil, nil, p.errorf(kw, "too many split-by fields").withHint("chart takes OVER <row field> BY <column field>")
			}
			if len(fs) == 2 {
				over, by = &fs[0], &fs[1]
			} else if over == nil && !allowOver {
				by = &fs[0]
			} else if over == nil {
				over = &fs[0]
			} else {
				by = &fs[0]
			}
		case isKeyword(t, "where"):
			if where != nil || (over == nil && by == nil) {
				return nil, nil, nil, nil, nil, p.errorf(t, "WHERE chooses the series of the BY field; it comes once, after BY")
			}
			w, err := p.seriesWhere(p.next())
			if err != nil {
				return nil, nil, nil, nil, nil, err
			}
			where = w
		default:
			if o, ok := p.option(chartOptions); ok {
				opts = append(opts, o)
				continue
			}
			if e := p.unknownOption(chartOptions); e != nil {
				return nil, nil, nil, nil, nil, e
			}
			if over != nil || by != nil {
				return nil, nil, nil, nil, nil, p.unexpected(t, "an option", "end of command")
			}
			aggregation := p.aggregation
			if n := p.peekAt(1); isKeyword(t, "eval") && n.kind == tLParen && n.pos == t.end {
				aggregation = p.evalOfAggs
			}
			a, err := aggregation()
			if err != nil {
				return nil, nil, nil, nil, nil, err
			}
			aggs = append(aggs, a)
		}
	}
	if len(aggs) == 0 {
		return nil, nil, nil, nil, nil, p.unexpected(p.peek(), "a statistical function such as count or avg(field)")
	}
	return opts, aggs, over, by, where, nil
}
