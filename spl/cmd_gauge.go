package spl

import "strings"

// GaugeCommand shapes a value and a range for gauge charts:
//
//	gauge <value> [<range_val1> <range_val2> ...]
//
// Each argument is a numeric field (its value in the first result is
// used) or a number.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/gauge
type GaugeCommand struct {
	Loc
	Value FieldName
	Range []FieldName
}

func (c *GaugeCommand) CommandName() string { return "gauge" }

func (c *GaugeCommand) String() string {
	parts := []string{"gauge", word(c.Value.Name)}
	for _, r := range c.Range {
		parts = append(parts, word(r.Name))
	}
	return strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:   "gauge",
		Syntax: "gauge <value> [<range_val1> <range_val2> ...]",
		Doc:    "Returns the value (a field's first value or a number) as x and the range values as y1, y2, ... for a gauge chart.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &GaugeCommand{}
			for !p.atEnd() {
				t := p.next()
				if t.kind == tComma {
					continue
				}
				if t.kind != tWord && t.kind != tString {
					return nil, p.unexpected(t, "a field or a number")
				}
				f := FieldName{Loc: Loc{Start: t.pos, End: t.end}, Name: t.val}
				if c.Value.Name == "" {
					c.Value = f
				} else {
					c.Range = append(c.Range, f)
				}
			}
			if c.Value.Name == "" {
				return nil, p.errorf(p.name, "missing value").withHint("for example: gauge count 0 25 50 75 100")
			}
			if len(c.Range) == 1 {
				return nil, p.errorf(token{pos: c.Range[0].Start, end: c.Range[0].End}, "a range takes two or more values").withHint("for example: gauge count 0 25 50 75 100")
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
