package spl

import "strings"

// OutlierCommand removes or truncates outlying numeric values:
//
//	outlier [action=remove|transform] [mark=<bool>] [param=<num>] [uselower=<bool>] [<field>...]
//
// `rm` and `tf` abbreviate the actions, in any case (security_content
// writes action=RM). Without fields it works on every numeric field.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/outlier
type OutlierCommand struct {
	Loc
	Options []Option
	Fields  []FieldName
}

func (c *OutlierCommand) CommandName() string { return "outlier" }

func (c *OutlierCommand) String() string {
	return optionsAndFieldsString("outlier", c.Options, c.Fields)
}

// outlierOptions are outlier's, which anomalydetection method=iqr shares.
var outlierOptions = optionSet{
	"action":   optOneOf("remove", "rm", "transform", "tf"),
	"mark":     optBool,
	"param":    optNumber,
	"uselower": optBool,
}

func init() {
	register(&CommandSpec{
		Name:   "outlier",
		Syntax: "outlier [action=remove|transform] [mark=<bool>] [param=<num>] [uselower=<bool>] [<field>...]",
		Doc:    "Removes the results (action=remove) or truncates the values (action=transform, the default; \"000\" before them with mark=true) of numeric fields above perc75 + param*IQR (param 2.5), or below perc25 - param*IQR with uselower=true.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(outlierOptions)
			if err != nil {
				return nil, err
			}
			return &OutlierCommand{Loc: p.loc(), Options: opts, Fields: fields}, nil
		},
	})
}

// optionsAndFields reads known options and field names in any order, to
// the end of the command.
func (p *cmdParser) optionsAndFields(set optionSet) ([]Option, []FieldName, error) {
	var opts []Option
	var fields []FieldName
	for !p.atEnd() {
		o, ok, err := p.knownOption(set)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			opts = append(opts, o)
			continue
		}
		if p.peek().kind == tComma {
			p.next()
			continue
		}
		f, ok := p.field()
		if !ok {
			return nil, nil, p.unexpected(p.peek(), "an option", "a field name")
		}
		fields = append(fields, f)
	}
	return opts, fields, nil
}

func optionsAndFieldsString(name string, opts []Option, fields []FieldName) string {
	var b strings.Builder
	b.WriteString(name)
	if len(opts) > 0 {
		b.WriteString(" " + optionsString(opts))
	}
	if len(fields) > 0 {
		b.WriteString(" " + fieldNamesString(fields, " "))
	}
	return b.String()
}
