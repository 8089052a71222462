package spl

// LocalizeCommand lists the time regions in which results occur:
//
//	localize [maxpause=<span>] [timeafter=<span>] [timebefore=<span>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/localize
type LocalizeCommand struct {
	Loc
	Options []Option // as written, for String
	Fields  []FieldName
	// MaxPause, TimeAfter and TimeBefore are in seconds (defaults 60,
	// 30 and 30).
	MaxPause, TimeAfter, TimeBefore float64
}

func (c *LocalizeCommand) CommandName() string { return "localize" }

func (c *LocalizeCommand) String() string {
	return optionsAndFieldsString("localize", c.Options, c.Fields)
}

var localizeOptions = optionSet{"maxpause": optSpan, "timeafter": optSpan, "timebefore": optSpan}

func init() {
	register(&CommandSpec{
		Name:   "localize",
		Syntax: "localize [maxpause=<span>] [timeafter=<span>] [timebefore=<span>]",
		Doc:    "Returns one result per region of results no more than maxpause apart (default 1m), newest first: _time (its first result), starttime (minus timebefore) and endtime (plus timeafter).",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(localizeOptions)
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				return nil, &Error{Pos: fields[0].Start, End: fields[0].End, Msg: "localize: unexpected " + strconvQuote(fields[0].Name)}
			}
			c := &LocalizeCommand{Loc: p.loc(), Options: opts, Fields: fields, MaxPause: 60, TimeAfter: 30, TimeBefore: 30}
			for _, o := range opts {
				sec, _ := parseSecondsOrSpan(o.Value)
				switch o.Key {
				case "maxpause":
					c.MaxPause = sec
				case "timeafter":
					c.TimeAfter = sec
				case "timebefore":
					c.TimeBefore = sec
				}
			}
			return c, nil
		},
	})
}
