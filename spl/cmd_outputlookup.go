package spl

// OutputlookupCommand writes the results to a lookup table:
//
//	outputlookup [append=<bool>] [create_empty=<bool>] [override_if_empty=<bool>]
//	             [max=<int>] [key_field=<field>] [createinapp=<bool>] <filename> | <tablename>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/outputlookup
type OutputlookupCommand struct {
	Loc
	Options []Option
	Table   string
}

func (c *OutputlookupCommand) CommandName() string { return "outputlookup" }

func (c *OutputlookupCommand) String() string {
	if len(c.Options) > 0 {
		return "outputlookup " + optionsString(c.Options) + " " + word(c.Table)
	}
	return "outputlookup " + word(c.Table)
}

// Option returns the value of a named option.
func (c *OutputlookupCommand) Option(key string) (string, bool) { return optionValue(c.Options, key) }

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
					c.Options = append(c.Options, o)
					continue
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
