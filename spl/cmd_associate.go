package spl

// AssociateCommand finds field values that make another field's value
// predictable (entropy falls):
//
//	associate [supcnt=<num>] [supfreq=<num>] [improv=<num>] [<field>...]
//
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/associate
type AssociateCommand struct {
	Loc
	SupCnt  int     // default 100
	SupFreq float64 // default 0.1
	Improv  float64 // default 0.5
	Fields  []FieldName
	Options []Option
}

func (c *AssociateCommand) CommandName() string { return "associate" }

func (c *AssociateCommand) String() string {
	return optionsAndFieldsString("associate", c.Options, c.Fields)
}

func init() {
	register(&CommandSpec{
		Name:   "associate",
		Syntax: "associate [supcnt=<num>] [supfreq=<num>] [improv=<num>] [<field>...]",
		Doc:    "For each field value seen often enough, gives the other fields whose entropy (Shannon, in bits) falls by at least improv when the field has that value.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(optionSet{"supcnt": optAny, "supfreq": optNumber, "improv": optNumber})
			if err != nil {
				return nil, err
			}
			for _, f := range fields {
				if containsWildcard(f.Name) {
					return nil, &Error{Pos: f.Start, End: f.End, Msg: "associate: the field list takes no wildcards: " + f.Name}
				}
			}
			c := &AssociateCommand{Loc: p.loc(), SupCnt: 100, SupFreq: 0.1, Improv: 0.5, Fields: fields, Options: opts}
			for _, o := range opts {
				switch o.Key {
				case "supcnt":
					if c.SupCnt, err = p.intAtLeast(o, 0, "must be a whole number, 0 or more"); err != nil {
						return nil, err
					}
				case "supfreq":
					c.SupFreq, _ = parseNumber(o.Value)
					if c.SupFreq < 0 || c.SupFreq > 1 {
						return nil, p.optionError(o, "supfreq=%s must be from 0 to 1", o.Value)
					}
				case "improv":
					c.Improv, _ = parseNumber(o.Value)
				}
			}
			return c, nil
		},
	})
}

func containsWildcard(s string) bool {
	for i := range len(s) {
		if s[i] == '*' {
			return true
		}
	}
	return false
}
