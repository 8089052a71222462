package engine

import (
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// arules reads its fields as rules "the values of the first fields imply
// the value of the last" [UNCONFIRMED: the page names the columns, not
// which fields give and which are implied], over the results holding
// every field: for each combination of the first fields' values met in at
// least sup= results with a value of the last, Strength is the share of
// the combination's results holding that value (the rule's confidence),
// kept when at least conf=. The columns are the page's: Given fields
// ("f1=v1, f2=v2"), Implied fields ("f3=v3"), Strength, Given fields
// support and Implied fields support (counts of results). Sorted by
// Strength, strongest first, else in the order met.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/arules
func init() {
	registerStream("arules", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ArulesCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runArules(c, rows), nil
		}}, nil
	})
}

func runArules(c *spl.ArulesCommand, rows []value.Fields) []value.Fields {
	given := c.Fields[:len(c.Fields)-1]
	implied := c.Fields[len(c.Fields)-1].Name
	var givens, imps tally
	pair := map[[2]int]int{}
	var order [][2]int
	for _, r := range rows {
		parts := make([]string, 0, len(given))
		complete := true
		for _, f := range given {
			v := r.Get(f.Name)
			if v.IsNull() {
				complete = false
				break
			}
			parts = append(parts, f.Name+"="+v.String())
		}
		iv := r.Get(implied)
		if !complete || iv.IsNull() {
			continue
		}
		g := givens.add(strings.Join(parts, ", "), 1)
		i := imps.add(implied+"="+iv.String(), 1)
		k := [2]int{g, i}
		if pair[k] == 0 {
			order = append(order, k)
		}
		pair[k]++
	}
	type rule struct {
		row      value.Fields
		strength float64
	}
	var rules []rule
	for _, k := range order {
		n := pair[k]
		strength := float64(n) / float64(givens.counts[k[0]])
		if n < c.Sup || strength < c.Conf {
			continue
		}
		rules = append(rules, rule{strength: strength, row: value.Fields{
			{Name: "Given fields", Value: value.Str(givens.values[k[0]])},
			{Name: "Implied fields", Value: value.Str(imps.values[k[1]])},
			{Name: "Strength", Value: value.Num(strength)},
			{Name: "Given fields support", Value: value.Num(float64(givens.counts[k[0]]))},
			{Name: "Implied fields support", Value: value.Num(float64(imps.counts[k[1]]))},
		}})
	}
	sort.SliceStable(rules, func(a, b int) bool { return rules[a].strength > rules[b].strength })
	out := make([]value.Fields, len(rules))
	for i, r := range rules {
		out[i] = r.row
	}
	return out
}
