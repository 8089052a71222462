package spl

import "strings"

// RexCommand extracts fields with a regular expression, or edits a field
// with a sed expression:
//
//	rex [field=<field>] (<regex> [max_match=<int>] [offset_field=<string>] | mode=sed <sed-expression>)
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/10.0/search-commands/rex
type RexCommand struct {
	Loc
	Field   string // "" means _raw
	Pattern string // the regex, or the sed expression with Sed
	Sed     bool
	// MaxMatch is the max_match option; nil means the default, 1.
	MaxMatch    *int
	OffsetField string
}

func (c *RexCommand) CommandName() string { return "rex" }

func (c *RexCommand) String() string {
	parts := []string{"rex"}
	if c.Field != "" {
		parts = append(parts, "field="+word(c.Field))
	}
	if c.Sed {
		parts = append(parts, "mode=sed")
	}
	if c.MaxMatch != nil {
		parts = append(parts, "max_match="+itoa(*c.MaxMatch))
	}
	if c.OffsetField != "" {
		parts = append(parts, "offset_field="+word(c.OffsetField))
	}
	return strings.Join(append(parts, QuoteString(c.Pattern)), " ")
}

var rexOptions = map[string]bool{"field": true, "mode": true, "max_match": true, "offset_field": true}

func init() {
	register(&CommandSpec{
		Name:   "rex",
		Syntax: `rex [field=<field>] "<regex>" [max_match=<int>] [offset_field=<field>] | rex [field=<field>] mode=sed "<sed-expression>"`,
		Doc:    "Extracts fields from named groups (?<name>...) of a PCRE regular expression, or edits a field with mode=sed s/// or y///.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &RexCommand{Loc: p.loc()}
			havePattern := false
			for !p.atEnd() {
				if o, ok := p.option(rexOptions); ok {
					switch o.Key {
					case "field":
						c.Field = o.Value
					case "mode":
						if !strings.EqualFold(o.Value, "sed") {
							return nil, &Error{Pos: o.Start, End: o.End, Msg: "rex: mode takes sed, not " + QuoteString(o.Value)}
						}
						c.Sed = true
					case "max_match":
						n, err := p.intOption(o)
						if err != nil {
							return nil, err
						}
						c.MaxMatch = &n
					case "offset_field":
						c.OffsetField = o.Value
					}
					continue
				}
				t := p.next()
				if havePattern || (t.kind != tString && t.kind != tWord) {
					return nil, p.unexpected(t, optionNames(rexOptions)...)
				}
				c.Pattern, havePattern = t.val, true
			}
			if !havePattern {
				return nil, p.errorf(p.name, "missing regular expression").withHint(`for example: rex field=process "(?<exe>[^\\]+)$"`)
			}
			if c.Sed && (c.MaxMatch != nil || c.OffsetField != "") {
				return nil, p.errorf(p.name, "max_match and offset_field do not apply to mode=sed")
			}
			return c, nil
		},
	})
}
