package spl

// RtorderCommand buffers events to emit them in ascending time order:
//
//	rtorder [discard=<bool>] [buffer_span=<span>] [max_buffer_size=<int>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rtorder
type RtorderCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
}

func (c *RtorderCommand) CommandName() string { return "rtorder" }

func (c *RtorderCommand) String() string {
	return optionsAndFieldsString("rtorder", c.Options, c.Fields)
}

var rtorderOptions = optionSet{"discard": optBool, "buffer_span": optSpan, "max_buffer_size": optIntIn(1, 1<<31-1)}

func init() {
	register(&CommandSpec{
		Name:   "rtorder",
		Syntax: "rtorder [discard=<bool>] [buffer_span=<span>] [max_buffer_size=<int>]",
		Doc:    "Puts real-time results in ascending time order; offline, sorts the results by _time, oldest first.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(rtorderOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				return nil, &Error{Pos: fields[0].Start, End: fields[0].End, Msg: "rtorder: unexpected " + strconvQuote(fields[0].Name)}
			}
			c := &RtorderCommand{Loc: p.loc(), Options: opts, Fields: fields}
			return c, nil
		},
	})
}
