package spl

import (
	"maps"
	"strings"
)

// AnomalyDetectionCommand finds events whose field values are rare:
//
//	anomalydetection [method=histogram|zscore|iqr] [action=...] [pthresh=<num>] [cutoff=<bool>] [<field>...]
//
// The actions depend on the method: filter, annotate or summary for
// histogram and zscore; remove or transform (rm, tf) for iqr, which also
// takes outlier's mark, param and uselower; zscore takes anomalousvalue's
// options. Options and fields may come in any order (security_content
// writes `anomalydetection "count" "user_type" action=annotate`).
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/anomalydetection
type AnomalyDetectionCommand struct {
	Loc
	Options []Option
	Fields  []FieldName
}

func (c *AnomalyDetectionCommand) CommandName() string { return "anomalydetection" }

func (c *AnomalyDetectionCommand) String() string {
	return optionsAndFieldsString("anomalydetection", c.Options, c.Fields)
}

var anomalyDetectionOptions = func() optionSet {
	s := optionSet{
		"method":  optOneOf("histogram", "zscore", "iqr"),
		"action":  optOneOf("filter", "annotate", "summary", "remove", "rm", "transform", "tf"),
		"pthresh": optNumber,
		"cutoff":  optBool,
		// anomalousvalue's options, for method=zscore.
		"minsupcount": optNumber, "maxanofreq": optNumber, "minsupfreq": optNumber, "minnormfreq": optNumber,
	}
	// outlier's options, for method=iqr; keep the wider action list.
	action := s["action"]
	maps.Copy(s, outlierOptions)
	s["action"] = action
	return s
}()

func init() {
	register(&CommandSpec{
		Name:   "anomalydetection",
		Syntax: "anomalydetection [method=histogram|zscore|iqr] [action=<action>] [pthresh=<num>] [cutoff=<bool>] [<field>...]",
		Doc:    "Finds anomalous events: histogram (default) scores each by the product of its field values' frequencies and adds log_event_prob, probable_cause, probable_cause_freq and max_freq (action=filter, annotate or summary); zscore runs anomalousvalue, iqr runs outlier.",
		Parse: func(p *cmdParser) (Command, error) {
			opts, fields, err := p.optionsAndFields(anomalyDetectionOptions)
			if err != nil {
				return nil, err
			}
			if err := checkAnomalyAction(p, opts); err != nil {
				return nil, err
			}
			if err := checkAnomalyOptions(p, opts); err != nil {
				return nil, err
			}
			return &AnomalyDetectionCommand{Loc: p.loc(), Options: opts, Fields: fields}, nil
		},
	})
}

// checkAnomalyAction rejects an action that does not belong to the method.
func checkAnomalyAction(p *cmdParser, opts []Option) error {
	method, _ := optionValue(opts, "method")
	iqr := strings.EqualFold(method, "iqr")
	for _, o := range opts {
		if o.Key != "action" {
			continue
		}
		a := strings.ToLower(o.Value)
		iqrAction := a == "remove" || a == "rm" || a == "transform" || a == "tf"
		if iqr != iqrAction {
			want := `filter, annotate or summary (or method=iqr for remove and transform)`
			if iqr {
				want = "remove or transform with method=iqr"
			}
			return &Error{Pos: o.Start, End: o.End, Msg: "anomalydetection: action=" + o.Value + " does not go with method=" + orDefault(method, "histogram"), Hint: "use " + want}
		}
	}
	return nil
}

// anomalyOptionMethods names the methods each option other than method
// and action goes with: the page gives pthresh to histogram and zscore
// (with iqr "it returns an invalid argument error"), cutoff to histogram
// only, anomalousvalue's options to zscore and outlier's to iqr.
var anomalyOptionMethods = map[string]string{
	"pthresh": "histogram zscore", "cutoff": "histogram",
	"minsupcount": "zscore", "maxanofreq": "zscore", "minsupfreq": "zscore", "minnormfreq": "zscore",
	"mark": "iqr", "param": "iqr", "uselower": "iqr",
}

// checkAnomalyOptions rejects an option of another method than the one
// chosen.
func checkAnomalyOptions(p *cmdParser, opts []Option) error {
	method, _ := optionValue(opts, "method")
	method = strings.ToLower(orDefault(method, "histogram"))
	for _, o := range opts {
		ms, ok := anomalyOptionMethods[strings.ToLower(o.Key)]
		if !ok || strings.Contains(ms, method) {
			continue
		}
		return p.optionError(o, "%s does not go with method=%s (only with method=%s)", o.Key, method, strings.ReplaceAll(ms, " ", " or "))
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
