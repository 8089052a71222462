package spl

// OutputtextCommand copies _raw into _xml:
//
//	outputtext [usexml=<bool>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/outputtext
type OutputtextCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
	// UseXML is usexml= (default true).
	UseXML bool
}

func (c *OutputtextCommand) CommandName() string { return "outputtext" }

func (c *OutputtextCommand) String() string {
	return optionsAndFieldsString("outputtext", c.Options, c.Fields)
}

var outputtextOptions = optionSet{"usexml": optBool}

func init() {
	register(&CommandSpec{
		Name:   "outputtext",
		Syntax: "outputtext [usexml=<bool>]",
		Doc:    "Copies each result's _raw into the _xml field, XML-escaped unless usexml=false.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(outputtextOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				return nil, &Error{Pos: fields[0].Start, End: fields[0].End, Msg: "outputtext: unexpected " + strconvQuote(fields[0].Name)}
			}
			c := &OutputtextCommand{Loc: p.loc(), Options: opts, Fields: fields, UseXML: true}
			for _, o := range opts {
				c.UseXML = boolOf(o)
			}
			return c, nil
		},
	})
}
