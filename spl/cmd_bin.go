package spl

// BinCommand puts continuous values into discrete sets (buckets):
//
//	bin [bins=<int>] [minspan=<span>] [span=<span>] [start=<num>] [end=<num>]
//	    [aligntime=earliest|latest|<time>] <field> [AS <newfield>]
//
// bucket is an alias. Options may also follow the field.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/bin
type BinCommand struct {
	Loc
	Options []Option
	Field   FieldName
	As      string
}

func (c *BinCommand) CommandName() string { return "bin" }

func (c *BinCommand) String() string {
	s := "bin"
	if len(c.Options) > 0 {
		s += " " + optionsString(c.Options)
	}
	s += " " + c.Field.String()
	if c.As != "" {
		s += " AS " + word(c.As)
	}
	return s
}

// Option returns the value of a named option.
func (c *BinCommand) Option(key string) (string, bool) { return optionValue(c.Options, key) }

var binOptions = map[string]bool{"bins": true, "minspan": true, "span": true, "start": true, "end": true, "aligntime": true}

func init() {
	register(&CommandSpec{
		Name:    "bin",
		Aliases: []string{"bucket", "discretize"},
		Syntax:  "bin [span=<span>|bins=<int>] [minspan=<span>] [aligntime=<time>] <field> [AS <newfield>]",
		Doc:     "Puts values into buckets: _time to the start of its span, numbers to ranges such as 10-20.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &BinCommand{}
			for !p.atEnd() {
				if o, ok := p.option(binOptions); ok {
					c.Options = append(c.Options, o)
					continue
				}
				t := p.peek()
				if c.Field.Name != "" && c.As == "" && isKeyword(t, "as") {
					p.next()
					n := p.next()
					if n.kind != tWord && n.kind != tString {
						return nil, p.unexpected(n, "a field name after AS")
					}
					c.As = n.val
					continue
				}
				if c.Field.Name != "" || (t.kind != tWord && t.kind != tString) {
					return nil, p.unexpected(t, "an option such as span=1h", "end of command")
				}
				p.next()
				c.Field = FieldName{Loc: Loc{Start: t.pos, End: t.end}, Name: t.val}
			}
			if c.Field.Name == "" {
				return nil, p.errorf(p.name, "missing field to put into buckets").withHint("for example: bin span=5m _time")
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
