package spl

// ContingencyCommand builds a contingency table of two fields:
//
//	contingency [maxrows=<int>] [maxcols=<int>] [mincolcover=<num>] [minrowcover=<num>] [usetotal=<bool>] [totalstr=<field>] <field1> <field2>
//
// counttable and ctable are its aliases.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/contingency
type ContingencyCommand struct {
	Loc
	Row, Col    FieldName
	MaxRows     int // default 1000; 0: no limit
	MaxCols     int // default 1000; 0: no limit
	MinColCover float64
	MinRowCover float64
	UseTotal    bool   // default true
	TotalStr    string // default TOTAL
	Options     []Option
}

func (c *ContingencyCommand) CommandName() string { return "contingency" }

func (c *ContingencyCommand) String() string {
	return optionsAndFieldsString("contingency", c.Options, []FieldName{c.Row, c.Col})
}

func init() {
	register(&CommandSpec{
		Name:    "contingency",
		Aliases: []string{"counttable", "ctable"},
		Syntax:  "contingency [maxrows=<int>] [maxcols=<int>] [mincolcover=<num>] [minrowcover=<num>] [usetotal=<bool>] [totalstr=<field>] <field1> <field2>",
		Doc:     "Counts the results for each pair of values of two fields: a row per value of the first, a column per value of the second, most frequent first, with totals.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(optionSet{
				"maxrows": optAny, "maxcols": optAny, "mincolcover": optNumber, "minrowcover": optNumber,
				"usetotal": optBool, "totalstr": optAny,
			})
			if err != nil {
				return nil, err
			}
			if len(fields) != 2 {
				return nil, p.errorf(p.name, "needs two fields, <field1> <field2>; %d given", len(fields)).withHint("for example: contingency datafield1 datafield2")
			}
			c := &ContingencyCommand{Loc: p.loc(), Row: fields[0], Col: fields[1], MaxRows: 1000, MaxCols: 1000,
				MinColCover: 1, MinRowCover: 1, UseTotal: true, TotalStr: "TOTAL", Options: opts}
			for _, o := range opts {
				switch o.Key {
				case "maxrows":
					c.MaxRows, err = p.intAtLeast(o, 0, "must be a whole number, 0 (no limit) or more")
				case "maxcols":
					c.MaxCols, err = p.intAtLeast(o, 0, "must be a whole number, 0 (no limit) or more")
				case "mincolcover", "minrowcover":
					f, _ := parseNumber(o.Value)
					if f < 0 || f > 1 {
						return nil, p.optionError(o, "%s=%s must be from 0 to 1", o.Key, o.Value)
					}
					if o.Key == "mincolcover" {
						c.MinColCover = f
					} else {
						c.MinRowCover = f
					}
				case "usetotal":
					c.UseTotal, _ = ParseBool(o.Value)
				case "totalstr":
					c.TotalStr = o.Value
				}
				if err != nil {
					return nil, err
				}
			}
			return c, nil
		},
	})
}
