package engine

import (
	"math"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// anomalousvalue judges each field's values two ways, as the page says
// ("anomalous either by frequency of occurrence or number of standard
// deviations from the mean"):
//   - by frequency: a value's probability is its share of the field's
//     occurrences;
//   - for a field whose every value is a number, by distance: the
//     two-sided normal tail probability of its z-score, (x - mean)/stdev
//     with the sample standard deviation.
//
// A value is anomalous when a probability is below pthresh= (0.01).
// A field is considered when it occurs at least minsupcount= times and in
// at least minsupfreq= of the results; each way is used when the share of
// the field's occurrences it finds anomalous is from minnormfreq= to
// maxanofreq= (the page: omitted when "too frequently anomalous" or "not
// anomalous often enough"). An anomalous value writes Anomaly_Score_Num(f)
// or Anomaly_Score_Cat(f), the score being 1 minus its probability
// [UNCONFIRMED: the page names the fields, not the score's scale].
// action=filter (the default) keeps the results with such a field,
// annotate keeps all; summary gives a result per field considered:
// fieldname, count, distinct_count, mean, stdev, isNum, catAnoFreq%,
// catNormFreq%, numAnoFreq%, supportFreq%, useCat, useNum (percentages
// from 0 to 100). Without fields, every field but the internal ones.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/anomalousvalue
func init() {
	registerStream("anomalousvalue", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AnomalousValueCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runAnomalousValue(c, rows), nil
		}}, nil
	})
}

// avField is what anomalousvalue learns of one field.
type avField struct {
	name              string
	count             int
	freq              map[string]int
	isNum             bool
	mean, sd          float64
	catAno, numAno    int
	useCat, useNum    bool
	supported         bool
	supportFreq       float64
	catProb, numProbs []float64 // per result; NaN where absent
}

func runAnomalousValue(c *spl.AnomalousValueCommand, rows []value.Fields) []value.Fields {
	var fields []*avField
	for _, name := range namedOrAllFields(c.Fields, rows) {
		fields = append(fields, learnAVField(c, name, rows))
	}
	if c.Action == "summary" {
		return avSummary(fields)
	}
	var out []value.Fields
	for i, r := range rows {
		anomalous := false
		for _, f := range fields {
			if f.useNum && f.numProbs[i] < c.PThresh {
				r.Set("Anomaly_Score_Num("+f.name+")", value.Num(1-f.numProbs[i]))
				anomalous = true
			}
			if f.useCat && f.catProb[i] < c.PThresh {
				r.Set("Anomaly_Score_Cat("+f.name+")", value.Num(1-f.catProb[i]))
				anomalous = true
			}
		}
		if anomalous || c.Action == "annotate" {
			out = append(out, r)
		}
	}
	return out
}

func learnAVField(c *spl.AnomalousValueCommand, name string, rows []value.Fields) *avField {
	f := &avField{name: name, freq: map[string]int{}, isNum: true}
	f.catProb = make([]float64, len(rows))
	f.numProbs = make([]float64, len(rows))
	sum, sumSq := 0.0, 0.0
	for i, r := range rows {
		f.catProb[i], f.numProbs[i] = math.NaN(), math.NaN()
		v := r.Get(name)
		if v.IsNull() {
			continue
		}
		f.count++
		f.freq[v.String()]++
		if x, ok := v.Number(); ok {
			sum += x
			sumSq += x * x
		} else {
			f.isNum = false
		}
	}
	if f.count == 0 {
		f.isNum = false
		return f
	}
	f.supportFreq = float64(f.count) / float64(len(rows))
	f.supported = f.count >= c.MinSupCount && f.supportFreq >= c.MinSupFreq
	n := float64(f.count)
	if f.isNum {
		f.mean = sum / n
		if f.count > 1 {
			f.sd = math.Sqrt(math.Max(sumSq-n*f.mean*f.mean, 0) / (n - 1))
		}
	}
	for i, r := range rows {
		v := r.Get(name)
		if v.IsNull() {
			continue
		}
		f.catProb[i] = float64(f.freq[v.String()]) / n
		if f.catProb[i] < c.PThresh {
			f.catAno++
		}
		if f.isNum {
			x, _ := v.Number()
			f.numProbs[i] = 1
			if f.sd > 0 {
				f.numProbs[i] = math.Erfc(math.Abs(x-f.mean) / (f.sd * math.Sqrt2))
			}
			if f.numProbs[i] < c.PThresh {
				f.numAno++
			}
		}
	}
	usable := func(ano int) bool {
		share := float64(ano) / n
		return f.supported && share >= c.MinNormFreq && share <= c.MaxAnoFreq
	}
	f.useCat = usable(f.catAno)
	f.useNum = f.isNum && usable(f.numAno)
	return f
}

func avSummary(fields []*avField) []value.Fields {
	yes := func(b bool) value.Value {
		if b {
			return value.Str("YES")
		}
		return value.Str("NO")
	}
	var out []value.Fields
	for _, f := range fields {
		if f.count == 0 {
			continue
		}
		n := float64(f.count)
		r := value.Fields{
			{Name: "fieldname", Value: value.Str(f.name)},
			{Name: "count", Value: value.Num(n)},
			{Name: "distinct_count", Value: value.Num(float64(len(f.freq)))},
		}
		if f.isNum {
			r = append(r, value.Field{Name: "mean", Value: value.Num(f.mean)}, value.Field{Name: "stdev", Value: value.Num(f.sd)})
		}
		r = append(r,
			value.Field{Name: "isNum", Value: yes(f.isNum)},
			value.Field{Name: "catAnoFreq%", Value: value.Num(100 * float64(f.catAno) / n)},
			value.Field{Name: "catNormFreq%", Value: value.Num(100 - 100*float64(f.catAno)/n)},
		)
		if f.isNum {
			r = append(r, value.Field{Name: "numAnoFreq%", Value: value.Num(100 * float64(f.numAno) / n)})
		}
		r = append(r,
			value.Field{Name: "supportFreq%", Value: value.Num(100 * f.supportFreq)},
			value.Field{Name: "useCat", Value: yes(f.useCat)},
			value.Field{Name: "useNum", Value: yes(f.useNum)},
		)
		out = append(out, r)
	}
	return out
}
