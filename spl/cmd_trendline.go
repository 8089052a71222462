package spl

import (
	"strconv"
	"strings"
)

// TrendlineCommand computes moving averages:
//
//	trendline (<trendtype><period>(<field>) [AS <newfield>])...
//
// with trendtype sma, ema or wma and a period from 2 to 10000.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/trendline
type TrendlineCommand struct {
	Loc
	Trends []Trend
}

// Trend is one moving average of a trendline command.
type Trend struct {
	Loc
	Type   string // sma, ema or wma
	Period int
	Field  string
	// As is the output field; empty means <type><period>(<field>).
	As string
}

// OutField is the field the trend is written to.
func (t Trend) OutField() string {
	if t.As != "" {
		return t.As
	}
	return t.Type + itoa(t.Period) + "(" + t.Field + ")"
}

func (t Trend) String() string {
	return t.Type + itoa(t.Period) + "(" + word(t.Field) + ")" + asString(t.As)
}

func (c *TrendlineCommand) CommandName() string { return "trendline" }

func (c *TrendlineCommand) String() string {
	parts := []string{"trendline"}
	for _, t := range c.Trends {
		parts = append(parts, t.String())
	}
	return strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:   "trendline",
		Syntax: "trendline (sma|ema|wma)<period>(<field>) [AS <newfield>] ...",
		Doc:    "Writes simple (sma), exponential (ema) or weighted (wma) moving averages of numeric fields over the last <period> results, into newfield or <type><period>(<field>).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &TrendlineCommand{Loc: p.loc()}
			for !p.atEnd() {
				t, err := p.trend()
				if err != nil {
					return nil, err
				}
				c.Trends = append(c.Trends, t)
			}
			if len(c.Trends) == 0 {
				return nil, p.errorf(p.name, "missing trend").withHint("for example: trendline sma5(bytes) AS smoothed_bytes")
			}
			return c, nil
		},
	})
}

// trend parses `<type><period>(<field>) [AS <newfield>]`.
func (p *cmdParser) trend() (Trend, error) {
	t := p.peek()
	expected := []string{"sma<period>(<field>)", "ema<period>(<field>)", "wma<period>(<field>)"}
	if t.kind != tWord || len(t.text) < 4 {
		return Trend{}, p.unexpected(t, expected...)
	}
	typ := strings.ToLower(t.text[:3])
	if typ != "sma" && typ != "ema" && typ != "wma" {
		return Trend{}, p.unexpected(t, expected...)
	}
	period, err := strconv.Atoi(t.text[3:])
	if err != nil || strings.ContainsAny(t.text[3:], "+-") {
		return Trend{}, p.unexpected(t, expected...)
	}
	if period < 2 || period > 10000 {
		return Trend{}, p.errorf(t, "the period of %s must be from 2 to 10000, not %d", typ, period)
	}
	p.next()
	if p.peek().kind != tLParen {
		return Trend{}, p.unexpected(p.peek(), `"(<field>)"`)
	}
	p.next()
	f, ok := p.field()
	if !ok {
		return Trend{}, p.unexpected(p.peek(), "a field name")
	}
	if p.peek().kind != tRParen {
		return Trend{}, p.unexpected(p.peek(), `")"`)
	}
	end := p.next().end
	tr := Trend{Loc: Loc{Start: t.pos, End: end}, Type: typ, Period: period, Field: f.Name}
	if isKeyword(p.peek(), "as") {
		as := p.next()
		nf, ok := p.field()
		if !ok {
			return Trend{}, p.errorf(as, "AS needs a new field name after it")
		}
		tr.As, tr.End = nf.Name, nf.End
	}
	return tr, nil
}
