package spl

import "strings"

// MultikvCommand turns table-formatted events (ps, netstat, top output)
// into one event per row:
//
//	multikv [conf=<stanza>] [copyattrs=<bool>] [fields <field>...] [filter <term>...]
//	        [forceheader=<int>] [multitable=<bool>] [noheader=<bool>] [rmorig=<bool>]
//
// https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/multikv
type MultikvCommand struct {
	Loc
	Options []Option
	// Fields limits the extraction to these fields (the `fields` clause).
	Fields []FieldName
	// Filter keeps only the table rows holding one of these strings.
	Filter []string
}

func (c *MultikvCommand) CommandName() string { return "multikv" }

func (c *MultikvCommand) String() string {
	var b strings.Builder
	b.WriteString("multikv")
	if len(c.Options) > 0 {
		b.WriteString(" " + optionsString(c.Options))
	}
	if len(c.Fields) > 0 {
		b.WriteString(" fields " + fieldNamesString(c.Fields, " "))
	}
	if len(c.Filter) > 0 {
		b.WriteString(" filter")
		for _, f := range c.Filter {
			b.WriteString(" " + multikvTerm(f))
		}
	}
	return b.String()
}

// multikvTerm prints a filter term so it reads back as a term and not as
// the fields keyword or an option.
func multikvTerm(s string) string {
	if strings.EqualFold(s, "fields") || strings.EqualFold(s, "filter") {
		return QuoteString(s)
	}
	return word(s)
}

var multikvOptions = optionSet{
	"conf": optAny, "copyattrs": optBool, "forceheader": optNumber,
	"multitable": optBool, "noheader": optBool, "rmorig": optBool,
}

func init() {
	register(&CommandSpec{
		Name:   "multikv",
		Syntax: "multikv [conf=<stanza>] [copyattrs=<bool>] [fields <field>...] [filter <term>...] [forceheader=<int>] [multitable=<bool>] [noheader=<bool>] [rmorig=<bool>]",
		Doc:    "Turns each table in _raw (ps, top, netstat output) into one result per row, fields named from the header row (Column_N with noheader=true); fields limits them, filter keeps rows holding a term.",
		Parse:  parseMultikv,
	})
}

func parseMultikv(p *cmdParser) (Command, error) {
	c := &MultikvCommand{}
	var clause token // the fields or filter keyword being filled
	isClause := func(t token) bool {
		return t.kind == tWord && (strings.EqualFold(t.text, "fields") || strings.EqualFold(t.text, "filter"))
	}
	closeClause := func() error {
		if clause.kind == tWord && ((strings.EqualFold(clause.text, "fields") && len(c.Fields) == 0) ||
			(strings.EqualFold(clause.text, "filter") && len(c.Filter) == 0)) {
			return p.errorf(clause, "%s needs at least one %s after it", strings.ToLower(clause.text),
				map[bool]string{true: "field", false: "term"}[strings.EqualFold(clause.text, "fields")])
		}
		return nil
	}
	for !p.atEnd() {
		o, ok, err := p.knownOption(multikvOptions)
		if err != nil {
			return nil, err
		}
		if ok {
			c.Options = append(c.Options, o)
			continue
		}
		t := p.peek()
		switch {
		case t.kind == tComma:
			p.next()
		case isClause(t):
			if err := closeClause(); err != nil {
				return nil, err
			}
			p.next()
			clause = t
		case clause.kind == tWord && strings.EqualFold(clause.text, "fields"):
			f, ok := p.field()
			if !ok {
				return nil, p.unexpected(t, "a field name")
			}
			c.Fields = append(c.Fields, f)
		case clause.kind == tWord && (t.kind == tWord || t.kind == tString):
			p.next()
			c.Filter = append(c.Filter, t.val)
		default:
			return nil, p.unexpected(t, "an option such as forceheader=1", "fields <field-list>", "filter <term-list>")
		}
	}
	if err := closeClause(); err != nil {
		return nil, err
	}
	c.Loc = p.loc()
	return c, nil
}
