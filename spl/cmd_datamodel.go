package spl

import "strings"

// DatamodelCommand examines a data model or searches one of its datasets:
//
//	| datamodel [<model>] [<dataset>] [search | flat | acceleration_search]
//	            [strict_fields=<bool>] [allow_old_summaries=<bool>] [summariesonly=<bool>]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/datamodel
type DatamodelCommand struct {
	Loc
	Model   string
	Dataset string
	Mode    string   // "", "search", "flat", "acceleration_search"
	Options []Option // as written, for String
	// StrictFields, AllowOldSummaries and SummariesOnly are the Boolean
	// options (all false by default).
	StrictFields, AllowOldSummaries, SummariesOnly bool
}

func (c *DatamodelCommand) CommandName() string { return "datamodel" }

func (c *DatamodelCommand) String() string {
	parts := []string{"datamodel"}
	for _, s := range []string{c.Model, c.Dataset} {
		if s != "" {
			parts = append(parts, word(s))
		}
	}
	if c.Mode != "" {
		parts = append(parts, c.Mode)
	}
	if len(c.Options) > 0 {
		parts = append(parts, optionsString(c.Options))
	}
	return strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:       "datamodel",
		Generating: true,
		Syntax:     "| datamodel <model> <dataset> search|flat",
		Doc:        "Searches a data model dataset: its events with the dataset's fields as <Object>.<field> (search) or unprefixed (flat).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &DatamodelCommand{}
			known := map[string]bool{"strict_fields": true, "allow_old_summaries": true, "summariesonly": true}
			for !p.atEnd() {
				if o, ok := p.option(known); ok {
					b, err := p.boolOption(o)
					if err != nil {
						return nil, err
					}
					switch o.Key {
					case "strict_fields":
						c.StrictFields = b
					case "allow_old_summaries":
						c.AllowOldSummaries = b
					case "summariesonly":
						c.SummariesOnly = b
					}
					c.Options = append(c.Options, o)
					continue
				}
				if e := p.unknownOption(known); e != nil {
					return nil, e
				}
				t := p.next()
				if t.kind != tWord && t.kind != tString {
					return nil, p.unexpected(t, "a data model or dataset name", "search", "flat")
				}
				switch low := strings.ToLower(t.val); {
				case t.kind == tWord && (low == "search" || low == "flat" || low == "acceleration_search"):
					c.Mode = low
				case c.Mode != "":
					return nil, p.unexpected(t, "an option", "end of command")
				case c.Model == "":
					c.Model = t.val
				case c.Dataset == "":
					c.Dataset = t.val
				default:
					return nil, p.unexpected(t, "search", "flat", "end of command")
				}
			}
			c.Loc = p.loc()
			return c, nil
		},
	})
}
