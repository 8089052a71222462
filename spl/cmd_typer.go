package spl

import "strings"

// TyperCommand adds the eventtypes whose searches match each result:
//
//	typer [eventtypes=<string>] [maxlen=<unsigned_integer>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/typer
type TyperCommand struct {
	Loc
	// Eventtypes are eventtypes= split at commas and trimmed (wildcards
	// allowed); nil when not given (every eventtype).
	Eventtypes []string
	// MaxLen is how many characters of _raw the searches see (default
	// 10000).
	MaxLen int
}

// TyperMaxLen is typer's default maxlen.
const TyperMaxLen = 10000

func (c *TyperCommand) CommandName() string { return "typer" }

func (c *TyperCommand) String() string {
	parts := []string{"typer"}
	if c.Eventtypes != nil {
		parts = append(parts, "eventtypes="+QuoteString(strings.Join(c.Eventtypes, ",")))
	}
	if c.MaxLen != TyperMaxLen {
		parts = append(parts, "maxlen="+itoa(c.MaxLen))
	}
	return strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:   "typer",
		Syntax: "typer [eventtypes=<string>] [maxlen=<unsigned_integer>]",
		Doc:    "Sets eventtype to the eventtypes whose searches match each result (eventtypes= keeps only those listed; maxlen= is how much of _raw the searches see, default 10000).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &TyperCommand{Loc: p.loc(), MaxLen: TyperMaxLen}
			for !p.atEnd() {
				o, ok, err := p.knownOption(optionSet{"eventtypes": optAny, "maxlen": optAny})
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, p.unexpected(p.peek(), "eventtypes=", "maxlen=")
				}
				switch o.Key {
				case "eventtypes":
					c.Eventtypes = []string{}
					for _, e := range strings.Split(o.Value, ",") {
						if e = strings.TrimSpace(e); e != "" {
							c.Eventtypes = append(c.Eventtypes, e)
						}
					}
				case "maxlen":
					if c.MaxLen, err = p.intOption(o); err != nil {
						return nil, err
					}
				}
			}
			return c, nil
		},
	})
}
