package spl

import (
	"strconv"
	"strings"
)

// RangemapCommand names the ranges a numeric field falls in:
//
//	rangemap field=<string> (<attribute_name>=<numeric_range>)... [default=<string>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rangemap
type RangemapCommand struct {
	Loc
	Field  string
	Ranges []NamedRange
	// Default is the value when no range matches; nil means "None".
	Default *string
}

// NamedRange is one <attribute_name>=<num>-<num>, both ends included.
type NamedRange struct {
	Loc
	Name   string
	Lo, Hi float64
	// Text is the range as written, printed back as it was.
	Text string
}

func (c *RangemapCommand) CommandName() string { return "rangemap" }

func (c *RangemapCommand) String() string {
	parts := []string{"rangemap", "field=" + word(c.Field)}
	for _, r := range c.Ranges {
		parts = append(parts, word(r.Name)+"="+r.Text)
	}
	if c.Default != nil {
		parts = append(parts, "default="+word(*c.Default))
	}
	return strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:   "rangemap",
		Syntax: "rangemap field=<string> (<attribute_name>=<numeric_range>)... [default=<string>]",
		Doc:    "Sets the field range to the names of the ranges (<num>-<num>, ends included) the numeric field falls in, or to default (None) when none does.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &RangemapCommand{Loc: p.loc()}
			for !p.atEnd() {
				o, ok := p.paramOption()
				if !ok {
					return nil, p.unexpected(p.peek(), "field=", "<attribute_name>=<num>-<num>", "default=")
				}
				switch strings.ToLower(o.Key) {
				case "field":
					c.Field = o.Value
				case "default":
					v := o.Value
					c.Default = &v
				default:
					lo, hi, ok := splitRange(o.Value)
					if !ok {
						return nil, &Error{Pos: o.Start, End: o.End, Msg: "rangemap: " + o.Key + " takes a numeric range such as 1-100 or -5--1, not " + strconv.Quote(o.Value)}
					}
					if lo > hi {
						return nil, &Error{Pos: o.Start, End: o.End, Msg: "rangemap: the range of " + o.Key + " must start with the lower number"}
					}
					c.Ranges = append(c.Ranges, NamedRange{Loc: o.Loc, Name: o.Key, Lo: lo, Hi: hi, Text: o.Value})
				}
			}
			if c.Field == "" {
				return nil, p.errorf(p.name, "missing field=").withHint("for example: rangemap field=count low=0-0 elevated=1-100 default=severe")
			}
			return c, nil
		},
	})
}

// splitRange reads <num>-<num>; either number may be negative (-5--1).
func splitRange(s string) (float64, float64, bool) {
	for i := 1; i < len(s); i++ {
		if s[i] != '-' || s[i-1] == 'e' || s[i-1] == 'E' {
			continue
		}
		lo, ok1 := parseNumber(s[:i])
		hi, ok2 := parseNumber(s[i+1:])
		if ok1 && ok2 {
			return lo, hi, true
		}
	}
	return 0, 0, false
}
