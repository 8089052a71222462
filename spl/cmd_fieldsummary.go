package spl

import "strings"

// FieldsummaryCommand summarizes every field of the results, or the
// fields named:
//
//	fieldsummary [maxvals=<unsigned_int>] [<wc-field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/fieldsummary
type FieldsummaryCommand struct {
	Loc
	// MaxVals is maxvals= (default 100; 0 keeps every distinct value);
	// MaxValsSet tells whether it was written, for String.
	MaxVals    int
	MaxValsSet bool
	Fields     []FieldName
}

func (c *FieldsummaryCommand) CommandName() string { return "fieldsummary" }

func (c *FieldsummaryCommand) String() string {
	parts := []string{"fieldsummary"}
	if c.MaxValsSet {
		parts = append(parts, "maxvals="+itoa(c.MaxVals))
	}
	for _, f := range c.Fields {
		parts = append(parts, word(f.Name))
	}
	return strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:   "fieldsummary",
		Syntax: "fieldsummary [maxvals=<unsigned_int>] [<wc-field-list>]",
		Doc:    "Summarizes each field: count, distinct_count, is_exact, max, mean, min, numeric_count, stdev and its most common values.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &FieldsummaryCommand{MaxVals: 100}
			for !p.atEnd() {
				o, ok, err := p.knownOption(optionSet{"maxvals": optInt})
				if err != nil {
					return nil, err
				}
				if ok {
					c.MaxVals, _ = ParseInt(o.Value)
					c.MaxValsSet = true
					continue
				}
				fs := p.fieldList(nil)
				if len(fs) == 0 {
					return nil, p.unexpected(p.peek(), "maxvals=", "a field")
				}
				c.Fields = append(c.Fields, fs...)
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
