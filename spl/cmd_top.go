package spl

import "strings"

// TopCommand lists the most common values of fields, with their count
// and percentage:
//
//	top [<N>] [limit=<int>] [countfield=<s>] [percentfield=<s>] [showcount=<bool>]
//	    [showperc=<bool>] [useother=<bool>] [otherstr=<s>] <field-list> [BY <field-list>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/top
type TopCommand struct {
	Loc
	Options []Option // as written, for String; a leading N is stored as limit=N
	TopOptions
	Fields []FieldName
	By     []FieldName
}

// TopOptions are the options of top and rare, with Splunk's defaults
// when not given (Search Reference, top).
type TopOptions struct {
	// Limit is limit= (or the leading N): 10 when not given, 0 for all.
	Limit int
	// CountField and PercentField default to "count" and "percent".
	CountField, PercentField string
	// ShowCount and ShowPerc default to true.
	ShowCount, ShowPerc bool
	// UseOther adds a row named OtherStr (default "OTHER").
	UseOther bool
	OtherStr string
}

func (p *cmdParser) topOptions(opts []Option) (TopOptions, error) {
	to := TopOptions{Limit: 10, CountField: "count", PercentField: "percent", ShowCount: true, ShowPerc: true, OtherStr: "OTHER"}
	for _, o := range opts {
		var err error
		switch o.Key {
		case "limit":
			to.Limit, err = p.intAtLeast(o, 0, "must be a whole number (0 for all)")
		case "countfield":
			to.CountField = o.Value
		case "percentfield":
			to.PercentField = o.Value
		case "showcount":
			to.ShowCount, err = p.boolOption(o)
		case "showperc":
			to.ShowPerc, err = p.boolOption(o)
		case "useother":
			to.UseOther, err = p.boolOption(o)
		case "otherstr":
			to.OtherStr = o.Value
		case "partitions":
			_, err = p.intOption(o)
		}
		if err != nil {
			return to, err
		}
	}
	return to, nil
}

func (c *TopCommand) CommandName() string { return "top" }
func (c *TopCommand) String() string      { return topString("top", c.Options, c.Fields, c.By) }

func topString(name string, opts []Option, fields, by []FieldName) string {
	var b strings.Builder
	b.WriteString(name)
	if len(opts) > 0 {
		b.WriteString(" " + optionsString(opts))
	}
	b.WriteString(" " + fieldNamesString(fields, " "))
	if len(by) > 0 {
		b.WriteString(" by " + fieldNamesString(by, " "))
	}
	return b.String()
}

var topOptions = map[string]bool{
	"limit": true, "countfield": true, "percentfield": true, "showcount": true,
	"showperc": true, "useother": true, "otherstr": true, "partitions": true,
}

// topArgs parses the arguments of top and rare.
func (p *cmdParser) topArgs() ([]Option, []FieldName, []FieldName, error) {
	var opts []Option
	if t := p.peek(); t.kind == tWord && isDigits(t.text) {
		p.next()
		opts = append(opts, Option{Loc: Loc{Start: t.pos, End: t.end}, Key: "limit", Value: t.text})
	}
	var fields, by []FieldName
	for !p.atEnd() {
		if o, ok := p.option(topOptions); ok {
			opts = append(opts, o)
			continue
		}
		if e := p.unknownOption(topOptions); e != nil {
			return nil, nil, nil, e
		}
		if isKeyword(p.peek(), "by") {
			kw := p.next()
			by = p.fieldList(nil)
			if len(by) == 0 {
				return nil, nil, nil, p.errorf(kw, "BY needs at least one field")
			}
			continue
		}
		fs := p.fieldList(func(t token) bool { return isKeyword(t, "by") })
		if len(fs) == 0 || by != nil {
			return nil, nil, nil, p.unexpected(p.peek(), "a field name", "an option such as limit=5")
		}
		fields = append(fields, fs...)
	}
	if len(fields) == 0 {
		return nil, nil, nil, p.errorf(p.name, "missing field").withHint("for example: " + p.cmdName() + " user")
	}
	return opts, fields, by, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func init() {
	register(&CommandSpec{
		Name:   "top",
		Syntax: "top [<N>] [limit=<int>] [countfield=<s>] [percentfield=<s>] [showperc=<bool>] <field-list> [BY <field-list>]",
		Doc:    "Lists the most common value combinations of fields with count and percent (10 by default).",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, by, err := p.topArgs()
			if err != nil {
				return nil, err
			}
			to, err := p.topOptions(opts)
			if err != nil {
				return nil, err
			}
			return &TopCommand{Loc: p.loc(), Options: opts, TopOptions: to, Fields: fields, By: by}, nil
		},
	})
}
