package spl

// OutputlookupCommand writes the results to a lookup table:
//
//	outputlookup [append=<bool>] [create_empty=<bool>] [override_if_empty=<bool>]
//	             [max=<int>] [key_field=<field>] [createinapp=<bool>] <filename> | <tablename>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/outputlookup
type OutputlookupCommand struct {
	Loc
	Options []Option // as written, for String
	// Append is append=; Max is max=, nil when not given (no limit).
	Append bool
	Max    *int
	Table  string
}

func (c *OutputlookupCommand) CommandName() string { return "outputlookup" }

func (c *OutputlookupCommand) String() string {
	if len(c.Options) > 0 {
		return "outputlookup " + optionsString(c.Options) + " " + word(c.Table)
	}
	return "outputlookup " + word(c.Table)
}

var outputlookupOptions = map[string]bool{
	"append": true, "create_empty": true, "override_if_empty": true, "max": true,
	"key_field": true, "createinapp": true, "create_context": true, "output_format": true,
}

func init() {
	register(&CommandSpec{
		Name:   "outputlookup",
		Syntax: "outputlookup [append=<bool>] [max=<int>] <table>",
		Doc:    "Writes the results to a lookup table file (only inside the folder given with --lookup-output).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &OutputlookupCommand{}
			for !p.atEnd() {
				if o, ok := p.option(outputlookupOptions); ok {
					if err := c.setOption(p, o); err != nil {
						return nil, err
					}
					c.Options = append(c.Options, o)
					continue
				}
				if e := p.unknownOption(outputlookupOptions); e != nil {
					return nil, e
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Table != "" {
					return nil, p.unexpected(t, "a lookup table or file name")
				}
				c.Table = t.val
			}
			if c.Table == "" {
				return nil, p.errorf(p.name, "missing lookup table name").withHint("for example: outputlookup baseline.csv")
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}

func (c *OutputlookupCommand) setOption(p *cmdParser, o Option) error {
	var err error
	switch o.Key {
	case "append":
		c.Append, err = p.boolOption(o)
	case "max":
		var n int
		n, err = p.intAtLeast(o, 0, "must be a whole number")
		c.Max = &n
	case "create_empty", "override_if_empty", "createinapp":
		_, err = p.boolOption(o)
	}
	return err
}
