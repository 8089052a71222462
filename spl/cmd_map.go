package spl

// MapCommand runs a search once per result, with $field$ tokens replaced
// by the result's values:
//
//	map (search="<string>" | <subsearch>) [maxsearches=<int>]
//
// The search text is parsed when it runs, after the substitution.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/map
type MapCommand struct {
	Loc
	// Search is the text of search="..."; "" when Sub is given.
	Search string
	// Sub is the [subsearch] form; nil when Search is given.
	Sub     *Subsearch
	Options []Option // as written, for String
	// MaxSearches is maxsearches= (at least 1, default 10).
	MaxSearches int
}

func (c *MapCommand) CommandName() string { return "map" }

func (c *MapCommand) String() string {
	s := "map"
	if len(c.Options) > 0 {
		s += " " + optionsString(c.Options)
	}
	if c.Sub != nil {
		return s + " " + c.Sub.String()
	}
	return s + " search=" + QuoteString(c.Search)
}

func init() {
	register(&CommandSpec{
		Name:   "map",
		Syntax: `map search="<search with $field$ tokens>" [maxsearches=<int>]`,
		Doc:    "Runs a search for each result (at most maxsearches, default 10), replacing $field$ with its values.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &MapCommand{MaxSearches: 10}
			have := false
			for !p.atEnd() {
				if o, ok := p.option(map[string]bool{"maxsearches": true}); ok {
					n, err := p.intAtLeast(o, 1, "must be a whole number above 0")
					if err != nil {
						return nil, err
					}
					c.MaxSearches = n
					c.Options = append(c.Options, o)
					continue
				}
				if o, ok := p.option(map[string]bool{"search": true}); ok && !have {
					c.Search, have = o.Value, true
					continue
				}
				if e := p.unknownOption(map[string]bool{"maxsearches": true, "search": true}); e != nil {
					return nil, e
				}
				t := p.next()
				if t.kind == tSubsearch && !have {
					sub, err := p.subsearch(t)
					if err != nil {
						return nil, err
					}
					c.Sub, have = sub, true
					continue
				}
				return nil, p.unexpected(t, `search="..."`, "maxsearches=<int>", "a subsearch")
			}
			if !have {
				return nil, p.errorf(p.name, "missing search").withHint(`for example: map search="search user=$user$"`)
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
