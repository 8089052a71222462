package spl

import "strings"

// TojsonCommand converts each result into a JSON object:
//
//	tojson [<tojson-function>]... [default_type=<datatype>] [fill_null=<bool>]
//	       [include_internal=<bool>] [output_field=<string>]
//
// where a tojson-function is <datatype>(<wc-field>) or a bare <wc-field>,
// and a datatype is auto, bool, json, none, num or str.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/tojson
type TojsonCommand struct {
	Loc
	Fields []TojsonField
	// DefaultType applies to bare fields, and to every field when none is
	// named; empty means none.
	DefaultType     string
	FillNull        bool
	IncludeInternal bool
	// OutputField is where the JSON goes; empty means _raw.
	OutputField string
}

// TojsonField is one named field (wildcards allowed) with its datatype;
// Type is empty for a bare field, which takes default_type.
type TojsonField struct {
	Loc
	Type  string
	Field string
}

func (f TojsonField) String() string {
	if f.Type == "" {
		return word(f.Field)
	}
	return f.Type + "(" + word(f.Field) + ")"
}

// TojsonTypes are the datatypes of tojson's functions and default_type.
var TojsonTypes = []string{"auto", "bool", "json", "none", "num", "str"}

func isTojsonType(s string) bool {
	for _, t := range TojsonTypes {
		if strings.EqualFold(s, t) {
			return true
		}
	}
	return false
}

func (c *TojsonCommand) CommandName() string { return "tojson" }

func (c *TojsonCommand) String() string {
	parts := []string{"tojson"}
	for _, f := range c.Fields {
		parts = append(parts, f.String())
	}
	if c.DefaultType != "" {
		parts = append(parts, "default_type="+c.DefaultType)
	}
	if c.FillNull {
		parts = append(parts, "fill_null=true")
	}
	if c.IncludeInternal {
		parts = append(parts, "include_internal=true")
	}
	if c.OutputField != "" {
		parts = append(parts, "output_field="+word(c.OutputField))
	}
	return strings.Join(parts, " ")
}

var tojsonOptions = optionSet{
	"default_type":     optOneOf(TojsonTypes...),
	"fill_null":        optBool,
	"include_internal": optBool,
	"output_field":     optAny,
}

func init() {
	register(&CommandSpec{
		Name:   "tojson",
		Syntax: "tojson [(auto|bool|json|none|num|str)(<wc-field>) | <wc-field>]... [default_type=<datatype>] [fill_null=<bool>] [include_internal=<bool>] [output_field=<string>]",
		Doc:    "Writes each result's fields (all, or the named ones) as a JSON object, keys in alphabetical order, into output_field (default _raw); the datatype functions say how values are typed.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &TojsonCommand{Loc: p.loc()}
			for !p.atEnd() {
				o, ok, err := p.knownOption(tojsonOptions)
				if err != nil {
					return nil, err
				}
				if ok {
					switch o.Key {
					case "default_type":
						c.DefaultType = strings.ToLower(o.Value)
					case "fill_null":
						c.FillNull, _ = ParseBool(o.Value)
					case "include_internal":
						c.IncludeInternal, _ = ParseBool(o.Value)
					case "output_field":
						if o.Value == "" {
							return nil, &Error{Pos: o.Start, End: o.End, Msg: "tojson: output_field needs a field name"}
						}
						c.OutputField = o.Value
					}
					continue
				}
				f, err := p.tojsonField()
				if err != nil {
					return nil, err
				}
				c.Fields = append(c.Fields, f)
			}
			return c, nil
		},
	})
}

// tojsonField parses <datatype>(<wc-field>) or a bare <wc-field>.
func (p *cmdParser) tojsonField() (TojsonField, error) {
	t := p.peek()
	if t.kind == tWord && isTojsonType(t.text) && p.peekAt(1).kind == tLParen {
		p.next()
		p.next()
		f, ok := p.field()
		if !ok {
			return TojsonField{}, p.unexpected(p.peek(), "a field name")
		}
		if p.peek().kind != tRParen {
			return TojsonField{}, p.unexpected(p.peek(), `")"`)
		}
		end := p.next().end
		return TojsonField{Loc: Loc{Start: t.pos, End: end}, Type: strings.ToLower(t.text), Field: f.Name}, nil
	}
	if t.kind == tWord && p.peekAt(1).kind == tLParen && p.peekAt(1).pos == t.end {
		return TojsonField{}, p.errorf(t, "unknown datatype function %q", t.text).withHint("use auto, bool, json, none, num or str")
	}
	f, ok := p.field()
	if !ok {
		return TojsonField{}, p.unexpected(t, "a datatype function such as auto(<field>)", "a field name", "default_type=", "fill_null=", "include_internal=", "output_field=")
	}
	return TojsonField{Loc: f.Loc, Field: f.Name}, nil
}
