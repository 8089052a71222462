package engine

import (
	"math"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// analyzefields gives one result per numeric field (every value a number;
// internal fields and classfield aside), in the order fields are first
// met, with the page's five columns:
//   - count: the results holding the field;
//   - cocur: of the results holding classfield, the share also holding
//     the field;
//   - acc: of the results holding both, the share whose class is
//     predicted right: the class whose distribution of the field (its
//     mean and population standard deviation over that class's results)
//     gives the value the highest z-probability, the two-sided normal
//     tail probability of its z-score; equal probabilities go to the class
//     met first [UNCONFIRMED: the page names the "z-probability" only];
//   - balacc: the mean over the classes of the share of each class's
//     results predicted right.
//
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/analyzefields
func init() {
	registerStream("analyzefields", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AnalyzeFieldsCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runAnalyzeFields(c, rows), nil
		}}, nil
	})
}

func runAnalyzeFields(c *spl.AnalyzeFieldsCommand, rows []value.Fields) []value.Fields {
	var names []string
	numeric := map[string]bool{}
	for _, r := range rows {
		for _, f := range r {
			if strings.HasPrefix(f.Name, "_") || f.Name == c.ClassField || f.Value.IsNull() {
				continue
			}
			isNum, seen := numeric[f.Name]
			if !seen {
				names = append(names, f.Name)
				isNum = true
			}
			_, ok := f.Value.Number()
			numeric[f.Name] = isNum && ok
		}
	}
	withClass := 0
	for _, r := range rows {
		if !r.Get(c.ClassField).IsNull() {
			withClass++
		}
	}
	var out []value.Fields
	for _, name := range names {
		if !numeric[name] {
			continue
		}
		out = append(out, analyzeField(c, name, rows, withClass))
	}
	return out
}

func analyzeField(c *spl.AnalyzeFieldsCommand, name string, rows []value.Fields, withClass int) value.Fields {
	type class struct {
		n, right   int
		sum, sumSq float64
		mean, sd   float64
	}
	var order []string
	classes := map[string]*class{}
	var xs []float64
	var labels []string
	count := 0
	for _, r := range rows {
		x, ok := r.Get(name).Number()
		if !ok {
			continue
		}
		count++
		cv := r.Get(c.ClassField)
		if cv.IsNull() {
			continue
		}
		l := cv.String()
		k, ok := classes[l]
		if !ok {
			k = &class{}
			classes[l] = k
			order = append(order, l)
		}
		k.n++
		k.sum += x
		k.sumSq += x * x
		xs = append(xs, x)
		labels = append(labels, l)
	}
	for _, k := range classes {
		k.mean = k.sum / float64(k.n)
		k.sd = math.Sqrt(math.Max(k.sumSq/float64(k.n)-k.mean*k.mean, 0))
	}
	right := 0
	for i, x := range xs {
		best, bestP := "", -1.0
		for _, l := range order {
			k := classes[l]
			p := 0.0
			switch {
			case k.sd > 0:
				p = math.Erfc(math.Abs(x-k.mean) / (k.sd * math.Sqrt2))
			case x == k.mean:
				p = 1
			}
			if p > bestP {
				best, bestP = l, p
			}
		}
		if best == labels[i] {
			right++
			classes[best].right++
		}
	}
	acc, balacc, cocur := 0.0, 0.0, 0.0
	if len(xs) > 0 {
		acc = float64(right) / float64(len(xs))
		for _, k := range classes {
			balacc += float64(k.right) / float64(k.n)
		}
		balacc /= float64(len(classes))
	}
	if withClass > 0 {
		cocur = float64(len(xs)) / float64(withClass)
	}
	return value.Fields{
		{Name: "field", Value: value.Str(name)},
		{Name: "count", Value: value.Num(float64(count))},
		{Name: "cocur", Value: value.Num(cocur)},
		{Name: "acc", Value: value.Num(acc)},
		{Name: "balacc", Value: value.Num(balacc)},
	}
}
