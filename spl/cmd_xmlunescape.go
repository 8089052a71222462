package spl

// XmlunescapeCommand un-escapes XML entity references in _raw:
//
//	xmlunescape [maxinputs=<int>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/xmlunescape
type XmlunescapeCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
	// MaxInputs is maxinputs= (0: no limit).
	MaxInputs int
}

func (c *XmlunescapeCommand) CommandName() string { return "xmlunescape" }

func (c *XmlunescapeCommand) String() string {
	return optionsAndFieldsString("xmlunescape", c.Options, c.Fields)
}

var xmlunescapeOptions = optionSet{"maxinputs": optIntIn(0, 1<<31-1)}

func init() {
	register(&CommandSpec{
		Name:   "xmlunescape",
		Syntax: "xmlunescape [maxinputs=<int>]",
		Doc:    "Replaces the XML entity references &amp;, &lt;, &gt;, &quot; and &apos; in _raw with their characters.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(xmlunescapeOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				return nil, &Error{Pos: fields[0].Start, End: fields[0].End, Msg: "xmlunescape: unexpected " + strconvQuote(fields[0].Name)}
			}
			c := &XmlunescapeCommand{Loc: p.loc(), Options: opts, Fields: fields}
			for _, o := range opts {
				c.MaxInputs = intOf(o)
			}
			return c, nil
		},
	})
}
