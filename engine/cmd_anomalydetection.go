package engine

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// anomalydetection scores each result by the product of the frequencies
// of its field values, as the page describes method=histogram (the
// default): a text value's frequency is its count over the number of
// results; a numeric field's values are put in a histogram and a value's
// frequency is its bin's count over the number of results. filter (the
// default) keeps the anomalous results and annotate keeps all, both adding
// log_event_prob, probable_cause, probable_cause_freq and max_freq;
// summary gives one result: num_anomalies, thresh, max_logprob,
// min_logprob, 1st_quartile, 3rd_quartile. A result is anomalous when its
// log probability is below the threshold: ln(pthresh) when given, else
// 1st quartile - 1.5*IQR of the log probabilities with cutoff=false.
// method=zscore runs anomalousvalue and method=iqr runs outlier, with
// their options, as the page's Usage says.
// [UNCONFIRMED: the bins (Sturges: ceil(log2 n)+1 of equal width from the
// smallest value to the largest), cutoff=true's "modified" formula (1st
// quartile - 3*IQR, Tukey's far fence, which never finds more), quartiles
// by nearest rank as perc25/perc75, a field missing from a result leaving
// its probability alone, and thresh given as a log probability like the
// other summary fields; docs/SEMANTICS.md, "outlier, anomalydetection
// and multikv".]
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/anomalydetection
func init() {
	registerStream("anomalydetection", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AnomalyDetectionCommand)
		run, err := anomalyRunner(c)
		if err != nil {
			return nil, err
		}
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return run(rows), nil
		}}, nil
	})
}

// anomalyRunner reads the options into the method's run.
func anomalyRunner(c *spl.AnomalyDetectionCommand) (func([]value.Fields) []value.Fields, error) {
	method := "histogram"
	var own, rest []spl.Option // method and action; the method's others
	for _, o := range c.Options {
		switch strings.ToLower(o.Key) {
		case "method":
			method = strings.ToLower(o.Value)
		case "action":
			own = append(own, o)
		default:
			rest = append(rest, o)
		}
	}
	switch method {
	case "iqr":
		o, err := outlierFromOptions(c, append(own, rest...), c.Fields)
		if err != nil {
			return nil, err
		}
		return o.run, nil
	case "zscore":
		av, err := zscoreCommand(c, append(own, rest...))
		if err != nil {
			return nil, err
		}
		return func(rows []value.Fields) []value.Fields { return runAnomalousValue(av, rows) }, nil
	}
	h := &histogramRun{action: "filter", cutoff: true}
	for _, f := range c.Fields {
		h.fields = append(h.fields, f.Name)
	}
	for _, o := range append(own, rest...) {
		switch strings.ToLower(o.Key) {
		case "action":
			h.action = strings.ToLower(o.Value)
		case "cutoff":
			h.cutoff = isTrue(o.Value)
		case "pthresh":
			p, err := strconv.ParseFloat(o.Value, 64)
			if err != nil || p <= 0 || p > 1 {
				return nil, errAt(o, "pthresh=%s must be a probability above 0, at most 1", o.Value)
			}
			h.pthresh = p
		default:
			return nil, errAt(o, "%s=%s does not go with method=histogram", o.Key, o.Value)
		}
	}
	return h.run, nil
}

// zscoreCommand is the anomalousvalue command method=zscore runs, with
// anomalousvalue's defaults.
func zscoreCommand(c *spl.AnomalyDetectionCommand, opts []spl.Option) (*spl.AnomalousValueCommand, error) {
	av := &spl.AnomalousValueCommand{Loc: c.Loc, MinSupCount: 100, MaxAnoFreq: 0.05, MinSupFreq: 0.05,
		MinNormFreq: 0.01, Action: "filter", PThresh: 0.01, Fields: c.Fields}
	for _, o := range opts {
		key := strings.ToLower(o.Key)
		if key == "action" {
			av.Action = strings.ToLower(o.Value)
			continue
		}
		f, err := strconv.ParseFloat(o.Value, 64)
		if key == "minsupcount" {
			if err != nil || f < 0 || f != math.Trunc(f) {
				return nil, errAt(o, "minsupcount=%s must be a whole number, 0 or more", o.Value)
			}
			av.MinSupCount = int(f)
			continue
		}
		if err != nil || f < 0 || f > 1 {
			return nil, errAt(o, "%s=%s must be from 0 to 1", o.Key, o.Value)
		}
		switch key {
		case "maxanofreq":
			av.MaxAnoFreq = f
		case "minsupfreq":
			av.MinSupFreq = f
		case "minnormfreq":
			av.MinNormFreq = f
		case "pthresh":
			av.PThresh = f
		default:
			return nil, errAt(o, "%s=%s does not go with method=zscore", o.Key, o.Value)
		}
	}
	return av, nil
}

// histogramRun is anomalydetection method=histogram.
type histogramRun struct {
	action  string
	cutoff  bool
	pthresh float64 // 0: computed from the quartiles
	fields  []string
}

// eventProb is what the histogram method learns of one result.
type eventProb struct {
	logp            float64
	cause           string
	causeFreq, maxF float64
}

func (h *histogramRun) run(rows []value.Fields) []value.Fields {
	names := h.fields
	if len(names) == 0 {
		names = publicFieldNames(rows)
	}
	probs := make([]eventProb, len(rows))
	for i := range probs {
		probs[i].causeFreq = math.Inf(1)
	}
	n := float64(len(rows))
	for _, name := range names {
		for i, f := range fieldFrequencies(name, rows) {
			if f == 0 {
				continue
			}
			p := &probs[i]
			p.logp += math.Log(f / n)
			if f/n < p.causeFreq {
				p.cause, p.causeFreq = name, f/n
			}
			p.maxF = math.Max(p.maxF, f/n)
		}
	}
	logps := make([]float64, len(rows))
	for i, p := range probs {
		logps[i] = p.logp
	}
	thresh, q1, q3 := h.threshold(logps)
	if h.action == "summary" {
		return []value.Fields{h.summary(logps, thresh, q1, q3)}
	}
	var out []value.Fields
	for i, r := range rows {
		p := probs[i]
		if p.logp >= thresh && h.action != "annotate" {
			continue
		}
		r.Set("log_event_prob", value.Num(p.logp))
		if p.cause != "" {
			r.Set("probable_cause", value.Str(p.cause))
			r.Set("probable_cause_freq", value.Num(p.causeFreq))
			r.Set("max_freq", value.Num(p.maxF))
		}
		out = append(out, r)
	}
	return out
}

// threshold is the log probability below which a result is anomalous,
// with the quartiles of the log probabilities.
func (h *histogramRun) threshold(logps []float64) (thresh, q1, q3 float64) {
	if len(logps) == 0 {
		return math.Inf(-1), math.NaN(), math.NaN()
	}
	q1, q3 = quartiles(append([]float64(nil), logps...))
	if h.pthresh > 0 {
		return math.Log(h.pthresh), q1, q3
	}
	k := 1.5
	if h.cutoff {
		k = 3
	}
	return q1 - k*(q3-q1), q1, q3
}

func (h *histogramRun) summary(logps []float64, thresh, q1, q3 float64) value.Fields {
	anomalies := 0
	for _, l := range logps {
		if l < thresh {
			anomalies++
		}
	}
	r := value.Fields{{Name: "num_anomalies", Value: value.Num(float64(anomalies))}}
	if len(logps) == 0 {
		return r
	}
	lo, hi := logps[0], logps[0]
	for _, l := range logps {
		lo, hi = math.Min(lo, l), math.Max(hi, l)
	}
	return append(r,
		value.Field{Name: "thresh", Value: value.Num(thresh)},
		value.Field{Name: "max_logprob", Value: value.Num(hi)},
		value.Field{Name: "min_logprob", Value: value.Num(lo)},
		value.Field{Name: "1st_quartile", Value: value.Num(q1)},
		value.Field{Name: "3rd_quartile", Value: value.Num(q3)},
	)
}

// fieldFrequencies gives, per result, how many results share its value of
// the field (its histogram bin for a numeric field); 0 where it is absent.
func fieldFrequencies(name string, rows []value.Fields) []float64 {
	counts := make([]float64, len(rows))
	var xs []float64
	numeric := true
	for _, r := range rows {
		v := r.Get(name)
		if v.IsNull() {
			continue
		}
		x, ok := singleNumber(v)
		if !ok {
			numeric = false
			break
		}
		xs = append(xs, x)
	}
	if len(xs) == 0 {
		numeric = false
	}
	key := func(v value.Value) string { return v.String() }
	if numeric {
		lo, hi := slices.Min(xs), slices.Max(xs)
		bins := int(math.Ceil(math.Log2(float64(len(xs))))) + 1
		width := (hi - lo) / float64(bins)
		key = func(v value.Value) string {
			x, _ := singleNumber(v)
			b := 0
			if width > 0 {
				b = min(int((x-lo)/width), bins-1)
			}
			return strconv.Itoa(b)
		}
	}
	seen := map[string]float64{}
	keys := make([]string, len(rows))
	for i, r := range rows {
		if v := r.Get(name); !v.IsNull() {
			keys[i] = key(v)
			seen[keys[i]]++
		}
	}
	for i, r := range rows {
		if !r.Get(name).IsNull() {
			counts[i] = seen[keys[i]]
		}
	}
	return counts
}
