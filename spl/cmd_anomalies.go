package spl

import "strings"

// AnomaliesCommand scores how unexpected each result is against the
// results before it:
//
//	anomalies [threshold=<num>] [labelonly=<bool>] [normalize=<bool>] [maxvalues=<int>] [field=<field>] [BY <field>...]
//
// denylist= (and its old name blacklist=) reads a file of events from a
// live Splunk's dispatch folder: a parse error offline.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/anomalies
type AnomaliesCommand struct {
	Loc
	Threshold float64 // default 0.01
	LabelOnly bool
	Normalize bool   // default true
	MaxValues int    // default 100, from 10 to 10000
	Field     string // default _raw
	By        []FieldName
	Options   []Option
}

func (c *AnomaliesCommand) CommandName() string { return "anomalies" }

func (c *AnomaliesCommand) String() string {
	s := optionsAndFieldsString("anomalies", c.Options, nil)
	if len(c.By) > 0 {
		s += " BY " + fieldNamesString(c.By, " ")
	}
	return s
}

func init() {
	register(&CommandSpec{
		Name:   "anomalies",
		Syntax: "anomalies [threshold=<num>] [labelonly=<bool>] [normalize=<bool>] [maxvalues=<int>] [field=<field>] [BY <field>...]",
		Doc:    "Scores each result's unexpectedness against the maxvalues results before it (by compression) and keeps those above threshold (labelonly=true keeps all).",
		Parse: func(p *cmdParser) (Command, error) {
			set := optionSet{"threshold": optNumber, "labelonly": optBool, "normalize": optBool, "maxvalues": optAny,
				"field": optAny, "denylist": optAny, "blacklist": optAny, "denylistthreshold": optNumber, "blacklistthreshold": optNumber}
			c := &AnomaliesCommand{Loc: p.loc(), Threshold: 0.01, Normalize: true, MaxValues: 100, Field: "_raw"}
			for !p.atEnd() {
				if isKeyword(p.peek(), "by") {
					kw := p.next()
					c.By = p.fieldList(nil)
					if len(c.By) == 0 {
						return nil, p.errorf(kw, "BY needs at least one field")
					}
					continue
				}
				o, ok, err := p.knownOption(set)
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, p.unexpected(p.peek(), "an option", "BY <field>")
				}
				if err := p.anomaliesOption(c, o); err != nil {
					return nil, err
				}
				c.Options = append(c.Options, o)
			}
			return c, nil
		},
	})
}

func (p *cmdParser) anomaliesOption(c *AnomaliesCommand, o Option) error {
	var err error
	switch o.Key {
	case "threshold":
		c.Threshold, _ = parseNumber(o.Value)
	case "labelonly":
		c.LabelOnly, _ = ParseBool(o.Value)
	case "normalize":
		c.Normalize, _ = ParseBool(o.Value)
	case "maxvalues":
		c.MaxValues, err = p.intAtLeast(o, 10, "must be a whole number from 10 to 10000")
		if err == nil && c.MaxValues > 10000 {
			err = p.optionError(o, "maxvalues=%s must be a whole number from 10 to 10000", o.Value)
		}
	case "field":
		c.Field = o.Value
	default: // denylist, blacklist and their thresholds
		err = p.optionError(o, "%s= reads a file of events from a live Splunk's dispatch folder, which spelunk does not have; leave the events out with search NOT ... instead", strings.TrimSuffix(o.Key, "threshold"))
	}
	return err
}
