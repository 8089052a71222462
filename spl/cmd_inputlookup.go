package spl

import (
	"fmt"
	"strings"
)

// InputlookupCommand returns the rows of a lookup table:
//
//	| inputlookup [append=<bool>] [start=<int>] [max=<int>] [strict=<bool>]
//	              <filename> | <tablename> [WHERE <search-query>]
//
// It generates results, so it comes first, unless append=true adds the
// rows to the results of the commands before it.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/inputlookup
type InputlookupCommand struct {
	Loc
	Options []Option // as written, for String
	// Append is append=; Strict is strict=. Start is start= (0 when not
	// given); Max is max=, nil when not given (no limit).
	Append, Strict bool
	Start          int
	Max            *int
	Table          string
	Where          SearchExpr
}

func (c *InputlookupCommand) CommandName() string { return "inputlookup" }

func (c *InputlookupCommand) String() string {
	return inputString("inputlookup", c.Options, c.Table, c.Where)
}

var inputlookupOptions = map[string]bool{"append": true, "start": true, "max": true, "strict": true}

func init() {
	register(&CommandSpec{
		Name:   "inputlookup",
		Syntax: "| inputlookup [append=<bool>] [max=<int>] <table> [WHERE <search>]",
		Doc:    "Returns the rows of a lookup table (first in a search, or anywhere with append=true).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &InputlookupCommand{}
			for !p.atEnd() && c.Table == "" {
				if o, ok := p.option(inputlookupOptions); ok {
					if err := c.setOption(p, o); err != nil {
						return nil, err
					}
					c.Options = append(c.Options, o)
					continue
				}
				if e := p.unknownOption(inputlookupOptions); e != nil {
					return nil, e
				}
				t := p.next()
				if t.kind != tWord && t.kind != tString {
					return nil, p.unexpected(t, "a lookup table or file name")
				}
				c.Table = t.val
			}
			for {
				o, ok := p.option(inputlookupOptions)
				if !ok {
					break
				}
				if err := c.setOption(p, o); err != nil {
					return nil, err
				}
				c.Options = append(c.Options, o)
			}
			if c.Table == "" {
				return nil, p.errorf(p.name, "missing lookup table name").withHint("for example: | inputlookup users.csv")
			}
			where, err := p.inputWhere(c.Append, "inputlookup is a generating command and must be the first command of a search")
			if err != nil {
				return nil, err
			}
			c.Where = where
			c.Loc = p.loc()
			return c, nil
		},
	})
}

func (c *InputlookupCommand) setOption(p *cmdParser, o Option) error {
	var err error
	switch o.Key {
	case "append":
		c.Append, err = p.boolOption(o)
	case "strict":
		c.Strict, err = p.boolOption(o)
	case "start", "max":
		err = p.startMaxOption(o, &c.Start, &c.Max)
	}
	return err
}

// inputWhere reads what inputlookup and inputcsv share after their file
// name: an optional WHERE <search>, the end of the command, and the rule
// that without append=true they come first. notFirst is the message when
// they do not.
func (p *cmdParser) inputWhere(appendRows bool, notFirst string) (SearchExpr, error) {
	var where SearchExpr
	if isKeyword(p.peek(), "where") {
		w := p.next()
		x, err := p.parseSearchExpr(nil)
		if err != nil {
			return nil, err
		}
		if x == nil {
			return nil, p.errorf(w, "WHERE needs a search expression")
		}
		where = x
	}
	if err := p.expectEnd("WHERE", "end of command"); err != nil {
		return nil, err
	}
	if !p.first && !appendRows {
		return nil, p.errorf(p.name, "%s", notFirst).
			withHint(fmt.Sprintf("start the search with \"| %s ...\", or add append=true to add the rows to the results", p.cmdName()))
	}
	return where, nil
}

// startMaxOption reads start= (rows to skip, 0-based) and max= (rows to
// return), which inputlookup and inputcsv take alike.
func (p *cmdParser) startMaxOption(o Option, start *int, maxRows **int) error {
	n, err := p.intAtLeast(o, 0, "must be a whole number")
	if o.Key == "start" {
		*start = n
	} else {
		*maxRows = &n
	}
	return err
}

// inputString prints inputlookup and inputcsv: the name, the options as
// written, the file and the WHERE clause.
func inputString(name string, opts []Option, file string, where SearchExpr) string {
	var b strings.Builder
	b.WriteString(name)
	if len(opts) > 0 {
		b.WriteString(" " + optionsString(opts))
	}
	b.WriteString(" " + word(file))
	if where != nil {
		b.WriteString(" where " + where.String())
	}
	return b.String()
}
