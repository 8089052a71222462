package spl

import "strings"

// LookupTableCommand is the lookup command: it enriches results from a lookup table:
//
//	lookup [local=<bool>] [update=<bool>] <lookup-table-name>
//	       <lookup-field> [AS <event-field>] [, ...]
//	       [OUTPUT | OUTPUTNEW <lookup-destfield> [AS <event-destfield>] [, ...]]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/lookup
type LookupTableCommand struct {
	Loc
	Options []Option // as written, for String
	// Local and Update are local= and update=; EventTimeField is
	// event_time_field= ("" when not given).
	Local, Update  bool
	EventTimeField string
	Table          string
	Inputs         []LookupField
	// Mode is "", "OUTPUT" or "OUTPUTNEW".
	Mode    string
	Outputs []LookupField
}

// LookupField is `field [AS name]`: a lookup table field and the event
// field it pairs with ("" when the same name).
type LookupField struct {
	Loc
	Field string
	As    string
}

// EventName is the event-side name.
func (f LookupField) EventName() string {
	if f.As != "" {
		return f.As
	}
	return f.Field
}

func (f LookupField) String() string {
	if f.As == "" {
		return word(f.Field)
	}
	return word(f.Field) + " AS " + word(f.As)
}

func lookupFieldsString(fs []LookupField) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.String()
	}
	return strings.Join(parts, ", ")
}

func (c *LookupTableCommand) CommandName() string { return "lookup" }

func (c *LookupTableCommand) String() string {
	var b strings.Builder
	b.WriteString("lookup")
	if len(c.Options) > 0 {
		b.WriteString(" " + optionsString(c.Options))
	}
	b.WriteString(" " + word(c.Table) + " " + lookupFieldsString(c.Inputs))
	if c.Mode != "" {
		b.WriteString(" " + c.Mode)
		if len(c.Outputs) > 0 {
			b.WriteString(" " + lookupFieldsString(c.Outputs))
		}
	}
	return b.String()
}

func init() {
	register(&CommandSpec{
		Name:   "lookup",
		Syntax: "lookup <table> <field> [AS <event-field>]... [OUTPUT|OUTPUTNEW <field> [AS <event-field>]...]",
		Doc:    "Adds fields from a lookup table to the results whose fields match the table's.",
		Parse:  parseLookup,
	})
}

func isOutputKeyword(t token) bool { return isKeyword(t, "output") || isKeyword(t, "outputnew") }

func parseLookup(p *cmdParser) (Command, error) {
	c := &LookupTableCommand{}
	for {
		o, ok := p.option(map[string]bool{"local": true, "update": true, "event_time_field": true})
		if !ok {
			break
		}
		var err error
		switch o.Key {
		case "local":
			c.Local, err = p.boolOption(o)
		case "update":
			c.Update, err = p.boolOption(o)
		case "event_time_field":
			c.EventTimeField = o.Value
		}
		if err != nil {
			return nil, err
		}
		c.Options = append(c.Options, o)
	}
	t := p.next()
	if t.kind != tWord && t.kind != tString {
		return nil, p.unexpected(t, "a lookup table name")
	}
	c.Table = t.val
	var err error
	c.Inputs, err = p.lookupFields(isOutputKeyword)
	if err != nil {
		return nil, err
	}
	if len(c.Inputs) == 0 {
		return nil, p.unexpected(p.peek(), "a lookup field to match on").withHint("for example: lookup " + c.Table + " user OUTPUT department")
	}
	if isOutputKeyword(p.peek()) {
		c.Mode = strings.ToUpper(p.next().text)
		c.Outputs, err = p.lookupFields(nil)
		if err != nil {
			return nil, err
		}
		if len(c.Outputs) == 0 {
			return nil, p.unexpected(p.peek(), "a field to output")
		}
	}
	if err := p.expectEnd("OUTPUT", "OUTPUTNEW", "end of command"); err != nil {
		return nil, err
	}
	c.Loc = p.loc()
	return c, nil
}

// lookupFields parses `field [AS name]` items separated by spaces or
// commas, until stop.
func (p *cmdParser) lookupFields(stop func(token) bool) ([]LookupField, error) {
	var out []LookupField
	for !p.atEnd() {
		t := p.peek()
		if t.kind == tComma {
			p.next()
			continue
		}
		if stop != nil && stop(t) {
			break
		}
		if t.kind != tWord && t.kind != tString {
			return nil, p.unexpected(t, "a field name")
		}
		p.next()
		f := LookupField{Loc: Loc{Start: t.pos, End: t.end}, Field: t.val}
		if isKeyword(p.peek(), "as") {
			p.next()
			n := p.next()
			if n.kind != tWord && n.kind != tString {
				return nil, p.unexpected(n, "a field name after AS")
			}
			f.As = n.val
			f.End = n.end
		}
		out = append(out, f)
	}
	return out, nil
}
