package spl

import "strings"

// MakemvCommand splits a field's value into a multivalue field:
//
//	makemv [delim=<string> | tokenizer=<string>] [allowempty=<bool>] [setsv=<bool>] <field>
//
// The default delimiter is a single space.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/makemv
type MakemvCommand struct {
	Loc
	// Delim is the delim= option; nil means " ".
	Delim *string
	// Tokenizer is a regex whose first group (or whole match) gives each
	// value; "" when not used.
	Tokenizer  string
	AllowEmpty bool
	SetSV      bool
	Field      string
}

func (c *MakemvCommand) CommandName() string { return "makemv" }

func (c *MakemvCommand) String() string {
	parts := []string{"makemv"}
	if c.Delim != nil {
		parts = append(parts, "delim="+QuoteString(*c.Delim))
	}
	if c.Tokenizer != "" {
		parts = append(parts, "tokenizer="+QuoteString(c.Tokenizer))
	}
	if c.AllowEmpty {
		parts = append(parts, "allowempty=true")
	}
	if c.SetSV {
		parts = append(parts, "setsv=true")
	}
	return strings.Join(append(parts, word(c.Field)), " ")
}

var makemvOptions = map[string]bool{"delim": true, "tokenizer": true, "allowempty": true, "setsv": true}

func init() {
	register(&CommandSpec{
		Name:   "makemv",
		Syntax: "makemv [delim=<string> | tokenizer=<regex>] [allowempty=<bool>] [setsv=<bool>] <field>",
		Doc:    "Splits a field's value at a delimiter (default a space) or by a tokenizer regex into a multivalue field.",
		Parse: func(p *cmdParser) (Command, error) {
			c := &MakemvCommand{Loc: p.loc()}
			for !p.atEnd() {
				if o, ok := p.unquotedRegexOption("tokenizer"); ok {
					c.Tokenizer = o.Value
					continue
				}
				if o, ok := p.option(makemvOptions); ok {
					var err error
					switch o.Key {
					case "delim":
						v := o.Value
						c.Delim = &v
					case "tokenizer":
						c.Tokenizer = o.Value
					case "allowempty":
						c.AllowEmpty, err = p.boolOption(o)
					case "setsv":
						c.SetSV, err = p.boolOption(o)
					}
					if err != nil {
						return nil, err
					}
					continue
				}
				t := p.next()
				if (t.kind != tWord && t.kind != tString) || c.Field != "" {
					return nil, p.unexpected(t, optionNames(makemvOptions)...)
				}
				c.Field = t.val
			}
			if c.Field == "" {
				return nil, p.errorf(p.name, "missing field").withHint(`for example: makemv delim="," recipients`)
			}
			if c.Delim != nil && c.Tokenizer != "" {
				return nil, p.errorf(p.name, "use delim= or tokenizer=, not both")
			}
			return c, nil
		},
	})
}
