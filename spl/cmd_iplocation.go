package spl

// IplocationCommand adds location fields for an IP address field:
//
//	iplocation [prefix=<string>] [allfields=<bool>] [lang=<string>] <ip-address-fieldname>
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/iplocation
type IplocationCommand struct {
	Loc
	Options []Option // as written, for String
	// Prefix is prefix=; Lang is lang= (default "en"); AllFields is
	// allfields=.
	Prefix, Lang string
	AllFields    bool
	Field        FieldName
}

func (c *IplocationCommand) CommandName() string { return "iplocation" }

func (c *IplocationCommand) String() string {
	if len(c.Options) > 0 {
		return "iplocation " + optionsString(c.Options) + " " + c.Field.String()
	}
	return "iplocation " + c.Field.String()
}

func init() {
	register(&CommandSpec{
		Name:   "iplocation",
		Syntax: "iplocation [prefix=<string>] [allfields=<bool>] [lang=<string>] <ip-field>",
		Doc:    "Adds City, Country, Region, lat and lon for an IP field from the MaxMind database given with --mmdb.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &IplocationCommand{Lang: "en"}
			known := map[string]bool{"prefix": true, "allfields": true, "lang": true}
			for !p.atEnd() {
				if o, ok := p.option(known); ok {
					switch o.Key {
					case "prefix":
						c.Prefix = o.Value
					case "lang":
						c.Lang = o.Value
					case "allfields":
						b, err := p.boolOption(o)
						if err != nil {
							return nil, err
						}
						c.AllFields = b
					}
					c.Options = append(c.Options, o)
					continue
				}
				if e := p.unknownOption(known); e != nil {
					return nil, e
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Field.Name != "" {
					return nil, p.unexpected(t, "an IP address field", "prefix=, allfields=, lang=")
				}
				c.Field = FieldName{Loc: Loc{Start: t.pos, End: t.end}, Name: t.val}
			}
			if c.Field.Name == "" {
				return nil, p.errorf(p.name, "missing IP address field").withHint("for example: iplocation src")
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
