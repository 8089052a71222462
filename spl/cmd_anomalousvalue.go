package spl

import "strings"

// AnomalousValueCommand finds values that are rare or far from the mean:
//
//	anomalousvalue [minsupcount=<int>] [maxanofreq=<num>] [minsupfreq=<num>] [minnormfreq=<num>] [action=annotate|filter|summary] [pthresh=<num>] [<field>...]
//
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/anomalousvalue
type AnomalousValueCommand struct {
	Loc
	MinSupCount int     // default 100
	MaxAnoFreq  float64 // default 0.05
	MinSupFreq  float64 // default 0.05
	MinNormFreq float64 // default 0.01
	Action      string  // filter (default), annotate or summary
	PThresh     float64 // default 0.01
	Fields      []FieldName
	Options     []Option
}

func (c *AnomalousValueCommand) CommandName() string { return "anomalousvalue" }

func (c *AnomalousValueCommand) String() string {
	return optionsAndFieldsString("anomalousvalue", c.Options, c.Fields)
}

func init() {
	register(&CommandSpec{
		Name:   "anomalousvalue",
		Syntax: "anomalousvalue [minsupcount=<int>] [maxanofreq=<num>] [minsupfreq=<num>] [minnormfreq=<num>] [action=annotate|filter|summary] [pthresh=<num>] [<field>...]",
		Doc:    "Scores each field's values by how rare they are (Anomaly_Score_Cat(<field>)) or, for numbers, how far from the mean (Anomaly_Score_Num(<field>)); keeps the results with an anomalous value (filter), marks all (annotate) or summarizes each field (summary).",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(optionSet{
				"minsupcount": optAny, "maxanofreq": optNumber, "minsupfreq": optNumber, "minnormfreq": optNumber,
				"action": optOneOf("annotate", "filter", "summary"), "pthresh": optNumber,
			})
			if err != nil {
				return nil, err
			}
			c := &AnomalousValueCommand{Loc: p.loc(), MinSupCount: 100, MaxAnoFreq: 0.05, MinSupFreq: 0.05, MinNormFreq: 0.01,
				Action: "filter", PThresh: 0.01, Fields: fields, Options: opts}
			for _, o := range opts {
				if o.Key == "minsupcount" {
					if c.MinSupCount, err = p.intAtLeast(o, 0, "must be a whole number, 0 or more"); err != nil {
						return nil, err
					}
					continue
				}
				if o.Key == "action" {
					c.Action = strings.ToLower(o.Value)
					continue
				}
				f, _ := parseNumber(o.Value)
				if f < 0 || f > 1 {
					return nil, p.optionError(o, "%s=%s must be from 0 to 1", o.Key, o.Value)
				}
				switch o.Key {
				case "maxanofreq":
					c.MaxAnoFreq = f
				case "minsupfreq":
					c.MinSupFreq = f
				case "minnormfreq":
					c.MinNormFreq = f
				case "pthresh":
					c.PThresh = f
				}
			}
			return c, nil
		},
	})
}
