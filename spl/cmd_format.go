package spl

import "strings"

// FormatCommand turns the results into one result whose search field is
// a search matching them:
//
//	format [mvsep=<string>] [maxresults=<int>] ["<row prefix>" "<column prefix>" "<column separator>" "<column end>" "<row separator>" "<row end>"] [emptystr=<string>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/format
type FormatCommand struct {
	Loc
	MVSep      string
	MaxResults int // 0: every result
	// The six parts: row prefix, column prefix, column separator, column
	// end, row separator, row end.
	RowPrefix, ColPrefix, ColSep, ColEnd, RowSep, RowEnd string
	EmptyStr                                             string
}

// Format's documented defaults; emptystr as the page's examples print it.
var defaultFormat = FormatCommand{MVSep: "OR", RowPrefix: "(", ColPrefix: "(", ColSep: "AND", ColEnd: ")", RowSep: "OR", RowEnd: ")", EmptyStr: "NOT ( )"}

func (c *FormatCommand) CommandName() string { return "format" }

func (c *FormatCommand) parts() []*string {
	return []*string{&c.RowPrefix, &c.ColPrefix, &c.ColSep, &c.ColEnd, &c.RowSep, &c.RowEnd}
}

func (c *FormatCommand) String() string {
	parts := []string{"format"}
	if c.MVSep != defaultFormat.MVSep {
		parts = append(parts, "mvsep="+QuoteString(c.MVSep))
	}
	if c.MaxResults != 0 {
		parts = append(parts, "maxresults="+itoa(c.MaxResults))
	}
	custom := false
	for i, s := range c.parts() {
		custom = custom || *s != *defaultFormat.parts()[i]
	}
	if custom {
		for _, s := range c.parts() {
			parts = append(parts, QuoteString(*s))
		}
	}
	if c.EmptyStr != defaultFormat.EmptyStr {
		parts = append(parts, "emptystr="+QuoteString(c.EmptyStr))
	}
	return strings.Join(parts, " ")
}

var formatOptions = optionSet{"mvsep": optAny, "maxresults": optAny, "emptystr": optAny}

func init() {
	register(&CommandSpec{
		Name:   "format",
		Syntax: `format [mvsep=<string>] [maxresults=<int>] ["<row prefix>" "<column prefix>" "<column separator>" "<column end>" "<row separator>" "<row end>"] [emptystr=<string>]`,
		Doc:    `Replaces the results with one result whose "search" field matches them: ( ( a="1" AND b="2" ) OR ( ... ) ), or emptystr (NOT ( )) when there are none.`,
		Parse: func(p *cmdParser) (Command, error) {
			c := defaultFormat
			c.Loc = p.loc()
			var strs []token
			for !p.atEnd() {
				o, ok, err := p.knownOption(formatOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					switch o.Key {
					case "mvsep":
						c.MVSep = o.Value
					case "maxresults":
						c.MaxResults, err = p.intOption(o)
					case "emptystr":
						c.EmptyStr = o.Value
					}
					if err != nil {
						return nil, err
					}
					continue
				}
				t := p.peek()
				if len(strs) == 6 {
					return nil, p.unexpected(t, "mvsep=", "maxresults=", "emptystr=", "end of command")
				}
				if t.kind != tString {
					return nil, p.unexpected(t, "a quoted string", "mvsep=", "maxresults=", "emptystr=")
				}
				p.next()
				strs = append(strs, t)
			}
			if len(strs) > 0 {
				if len(strs) != 6 {
					return nil, p.errorf(strs[0], "takes all six strings or none: row prefix, column prefix, column separator, column end, row separator, row end").
						withHint(`for example: format "(" "(" "AND" ")" "OR" ")"`)
				}
				for i, s := range c.parts() {
					*s = strs[i].val
				}
			}
			return &c, nil
		},
	})
}
