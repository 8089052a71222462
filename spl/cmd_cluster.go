package spl

import "strings"

// ClusterCommand groups similar results (simple log clustering):
//
//	cluster [t=<num>] [delims=<string>] [showcount=<bool>] [countfield=<field>] [labelfield=<field>] [field=<field>] [labelonly=<bool>] [match=termlist|termset|ngramset]
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/cluster
type ClusterCommand struct {
	Loc
	T          float64 // default 0.8, between 0 and 1 exclusive
	Delims     string  // "": every non-alphanumeric character
	ShowCount  bool
	CountField string // default cluster_count
	LabelField string // default cluster_label
	Field      string // default _raw
	LabelOnly  bool
	Match      string // termlist (default), termset or ngramset
	Options    []Option
}

func (c *ClusterCommand) CommandName() string { return "cluster" }

func (c *ClusterCommand) String() string { return optionsAndFieldsString("cluster", c.Options, nil) }

func init() {
	register(&CommandSpec{
		Name:   "cluster",
		Syntax: "cluster [t=<num>] [delims=<string>] [showcount=<bool>] [countfield=<field>] [labelfield=<field>] [field=<field>] [labelonly=<bool>] [match=termlist|termset|ngramset]",
		Doc:    "Groups results whose field (default _raw) is similar: labels each with its cluster (cluster_label), counts each cluster (showcount=true) and keeps one result per cluster unless labelonly=true.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(optionSet{
				"t": optNumber, "delims": optAny, "showcount": optBool, "countfield": optAny, "labelfield": optAny,
				"field": optAny, "labelonly": optBool, "match": optOneOf("termlist", "termset", "ngramset"),
			})
			if err != nil {
				return nil, err
			}
			if len(fields) > 0 {
				f := fields[0]
				return nil, &Error{Pos: f.Start, End: f.End, Msg: "cluster: unexpected " + quoteAll([]string{f.Name})[0], Hint: "cluster takes options only; name the field with field=<field>"}
			}
			c := &ClusterCommand{Loc: p.loc(), T: 0.8, CountField: "cluster_count", LabelField: "cluster_label", Field: "_raw", Match: "termlist", Options: opts}
			for _, o := range opts {
				switch o.Key {
				case "t":
					c.T, _ = parseNumber(o.Value)
					if c.T <= 0 || c.T >= 1 {
						return nil, p.optionError(o, "t=%s must be greater than 0 and less than 1", o.Value)
					}
				case "delims":
					c.Delims = o.Value
				case "showcount":
					c.ShowCount, _ = ParseBool(o.Value)
				case "countfield":
					c.CountField = o.Value
				case "labelfield":
					c.LabelField = o.Value
				case "field":
					c.Field = o.Value
				case "labelonly":
					c.LabelOnly, _ = ParseBool(o.Value)
				case "match":
					c.Match = strings.ToLower(o.Value)
				}
			}
			return c, nil
		},
	})
}
