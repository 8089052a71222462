package engine

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// associate looks, for each reference field R and each of its values v
// met at least supcnt= times and in at least supfreq= of the results, at
// every other field T: T's Shannon entropy in bits over the results
// holding T (Unconditional_Entropy) against its entropy over those also
// holding R=v (Conditional_Entropy). When the entropy falls by at least
// improv=, a result gives Reference_Key, Reference_Value, Target_Key, the
// two entropies, Entropy_Improvement, a Description, Support (the share of
// the results with R=v) and Top_Conditional_Value, T's most frequent value
// given R=v with its share before and after ("a (50.00% -> 100.00%)").
// Results are sorted by Entropy_Improvement, largest first, else in the
// order fields and values are met [UNCONFIRMED: the page describes the
// columns, not Support's scale, the value format or the order]. Fields:
// those listed, else all but the internal ones.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/associate
func init() {
	registerStream("associate", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.AssociateCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runAssociate(c, rows), nil
		}}, nil
	})
}

type assocRule struct {
	row value.Fields
	imp float64
}

func runAssociate(c *spl.AssociateCommand, rows []value.Fields) []value.Fields {
	fields := namedOrAllFields(c.Fields, rows)
	total := float64(len(rows))
	var rules []assocRule
	for _, ref := range fields {
		var refVals tally
		for _, r := range rows {
			if v := r.Get(ref); !v.IsNull() {
				refVals.add(v.String(), 1)
			}
		}
		for i, v := range refVals.values {
			n := refVals.counts[i]
			if n < c.SupCnt || float64(n)/total < c.SupFreq {
				continue
			}
			for _, target := range fields {
				if target == ref {
					continue
				}
				if rule, ok := associateRule(c, rows, ref, v, target, float64(n)/total); ok {
					rules = append(rules, rule)
				}
			}
		}
	}
	sort.SliceStable(rules, func(a, b int) bool { return rules[a].imp > rules[b].imp })
	out := make([]value.Fields, len(rules))
	for i, r := range rules {
		out[i] = r.row
	}
	return out
}

func associateRule(c *spl.AssociateCommand, rows []value.Fields, ref, v, target string, support float64) (assocRule, bool) {
	var all, given tally
	for _, r := range rows {
		t := r.Get(target)
		if t.IsNull() {
			continue
		}
		all.add(t.String(), 1)
		if rv := r.Get(ref); !rv.IsNull() && rv.String() == v {
			given.add(t.String(), 1)
		}
	}
	if len(given.values) == 0 {
		return assocRule{}, false
	}
	hu, hc := entropyBits(all.counts), entropyBits(given.counts)
	imp := hu - hc
	if imp < c.Improv {
		return assocRule{}, false
	}
	top := given.keep(1, 1)[0]
	topVal := given.values[top]
	pc := 100 * float64(given.counts[top]) / float64(sum(given.counts))
	pu := 100 * float64(all.counts[all.index[topVal]]) / float64(sum(all.counts))
	row := value.Fields{
		{Name: "Reference_Key", Value: value.Str(ref)},
		{Name: "Reference_Value", Value: value.Str(v)},
		{Name: "Target_Key", Value: value.Str(target)},
		{Name: "Unconditional_Entropy", Value: value.Num(hu)},
		{Name: "Conditional_Entropy", Value: value.Num(hc)},
		{Name: "Entropy_Improvement", Value: value.Num(imp)},
		{Name: "Description", Value: value.Str(fmt.Sprintf("When the '%s' has the value '%s', the entropy of '%s' decreases from %.3f to %.3f.", ref, v, target, hu, hc))},
		{Name: "Support", Value: value.Num(support)},
		{Name: "Top_Conditional_Value", Value: value.Str(fmt.Sprintf("%s (%.2f%% -> %.2f%%)", topVal, pu, pc))},
	}
	return assocRule{row: row, imp: imp}, true
}

// entropyBits is the Shannon entropy, in bits, of a distribution given by
// its counts.
func entropyBits(counts []int) float64 {
	n := float64(sum(counts))
	h := 0.0
	for _, k := range counts {
		if k > 0 {
			p := float64(k) / n
			h -= p * math.Log2(p)
		}
	}
	return h + 0 // -0 prints as 0
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// namedOrAllFields is the names listed, else every non-internal field in
// the order first met.
func namedOrAllFields(named []spl.FieldName, rows []value.Fields) []string {
	if len(named) > 0 {
		var out []string
		for _, f := range named {
			out = append(out, f.Name)
		}
		return out
	}
	return publicFieldNames(rows)
}

// publicFieldNames is every non-internal field (no leading _) of rows,
// in the order first met.
func publicFieldNames(rows []value.Fields) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, f := range r {
			if !seen[f.Name] && !strings.HasPrefix(f.Name, "_") {
				seen[f.Name] = true
				out = append(out, f.Name)
			}
		}
	}
	return out
}
