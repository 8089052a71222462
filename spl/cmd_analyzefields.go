package spl

// AnalyzeFieldsCommand measures how well each numeric field predicts a
// class field:
//
//	analyzefields classfield=<field>
//
// af is its abbreviation.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/analyzefields
type AnalyzeFieldsCommand struct {
	Loc
	ClassField string
}

func (c *AnalyzeFieldsCommand) CommandName() string { return "analyzefields" }

func (c *AnalyzeFieldsCommand) String() string {
	return "analyzefields classfield=" + word(c.ClassField)
}

func init() {
	register(&CommandSpec{
		Name:    "analyzefields",
		Aliases: []string{"af"},
		Syntax:  "analyzefields classfield=<field>",
		Doc:     "Gives, for each numeric field, how well its value predicts classfield: field, count, cocur, acc and balacc.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(optionSet{"classfield": optAny})
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				f := fields[0]
				return nil, &Error{Pos: f.Start, End: f.End, Msg: "analyzefields: unexpected " + quoteAll([]string{f.Name})[0], Hint: "name the class field with classfield=<field>"}
			}
			v, ok := optionValue(opts, "classfield")
			if !ok {
				return nil, p.errorf(p.name, "missing classfield=<field>").withHint("for example: analyzefields classfield=is_activated")
			}
			return &AnalyzeFieldsCommand{Loc: p.loc(), ClassField: v}, nil
		},
	})
}
