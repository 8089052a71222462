package spl

import (
	"strings"
)

// TagsCommand annotates fields with the tags the knowledge gives their
// values:
//
//	tags [outputfield=<field>] [inclname=<bool>] [inclvalue=<bool>]
//	     [allowed_tags=<string>] <field>...
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/tags
type TagsCommand struct {
	Loc
	// OutputField is outputfield=, "" when not given.
	OutputField string
	// InclName and InclValue put the field name and value before each
	// tag in OutputField.
	InclName, InclValue bool
	// AllowedTags are allowed_tags= split at commas and trimmed; nil
	// when not given (every tag).
	AllowedTags []string
	// Fields are the fields whose tags are looked up; none means all.
	Fields []FieldName
}

func (c *TagsCommand) CommandName() string { return "tags" }

func (c *TagsCommand) String() string {
	parts := []string{"tags"}
	if c.OutputField != "" {
		parts = append(parts, "outputfield="+word(c.OutputField))
	}
	if c.InclName {
		parts = append(parts, "inclname=true")
	}
	if c.InclValue {
		parts = append(parts, "inclvalue=true")
	}
	if c.AllowedTags != nil {
		parts = append(parts, "allowed_tags="+QuoteString(strings.Join(c.AllowedTags, ", ")))
	}
	if len(c.Fields) > 0 {
		parts = append(parts, fieldNamesString(c.Fields, " "))
	}
	return strings.Join(parts, " ")
}

var tagsOptions = optionSet{
	"outputfield": optAny, "inclname": optBool, "inclvalue": optBool, "allowed_tags": optAny,
}

func init() {
	register(&CommandSpec{
		Name:   "tags",
		Syntax: "tags [outputfield=<field>] [inclname=<bool>] [inclvalue=<bool>] [allowed_tags=<string>] <field>...",
		Doc:    "Adds the tags the knowledge gives the values of the fields named (default: all) as tag::<field> and tag, or all of them to outputfield.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(tagsOptions)
			if err != nil {
				return nil, err
			}
			c := &TagsCommand{Loc: p.loc(), Fields: fields}
			for _, o := range opts {
				b, _ := ParseBool(o.Value)
				switch o.Key {
				case "outputfield":
					c.OutputField = o.Value
				case "inclname":
					c.InclName = b
				case "inclvalue":
					c.InclValue = b
				case "allowed_tags":
					c.AllowedTags = []string{}
					for _, t := range strings.Split(o.Value, ",") {
						if t = strings.TrimSpace(t); t != "" {
							c.AllowedTags = append(c.AllowedTags, t)
						}
					}
				}
			}
			return c, nil
		},
	})
}
