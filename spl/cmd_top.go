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
	Options []Option // a leading N is stored as limit=N
	Fields  []FieldName
	By      []FieldName
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
			return &TopCommand{Loc: p.loc(), Options: opts, Fields: fields, By: by}, nil
		},
	})
}
