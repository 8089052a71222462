package spl

import "strings"

// ReltimeCommand adds how long ago each result's time is, for people:
//
//	reltime [timefield=<field-list>] [prefix=<string>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/reltime
type ReltimeCommand struct {
	Loc
	Options []Option // as written, for String
	// TimeFields are timefield= split at commas (default _time); Prefix
	// is prefix=.
	TimeFields []string
	Prefix     string
}

func (c *ReltimeCommand) CommandName() string { return "reltime" }

func (c *ReltimeCommand) String() string { return optionsAndFieldsString("reltime", c.Options, nil) }

var reltimeOptions = optionSet{"timefield": optAny, "prefix": optAny}

func init() {
	register(&CommandSpec{
		Name:   "reltime",
		Syntax: "reltime [timefield=<field-list>] [prefix=<string>]",
		Doc:    `Adds a field with how long before the search's now each result's time is, for people ("5 days ago"): reltime for _time.`,
		Parse: func(p *cmdParser) (Command, error) {
			c := &ReltimeCommand{TimeFields: []string{"_time"}}
			opts, err := p.onlyOptions(reltimeOptions, `reltime timefield="_time,created" prefix=rel_`)
			if err != nil {
				return nil, err
			}
			for _, o := range opts {
				if o.Key == "prefix" {
					c.Prefix = o.Value
					continue
				}
				c.TimeFields = nil
				for _, f := range strings.Split(o.Value, ",") {
					if f = strings.TrimSpace(f); f != "" {
						c.TimeFields = append(c.TimeFields, f)
					}
				}
				if len(c.TimeFields) == 0 {
					return nil, p.optionError(o, "timefield= needs at least one field")
				}
			}
			c.Options = opts
			c.Loc = p.loc()
			return c, nil
		},
	})
}
