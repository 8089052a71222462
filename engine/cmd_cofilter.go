package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// cofilter computes, for each pair of distinct items X and Y, "sum(A has
// X and A has Y) ... A is each distinct user": a result per pair that
// some user holds, with the columns of the page's example, Item 1, Item 1
// <field1> count (the users holding it), Item 2, Item 2 <field1> count and
// Pair count. Items are ordered as first met and each pair comes once,
// the earlier item first, as in the page's example output [UNCONFIRMED:
// the column names beyond the example's user field]. Each value of a
// multivalue counts.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/cofilter
func init() {
	registerStream("cofilter", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.CofilterCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			return runCofilter(c, rows), nil
		}}, nil
	})
}

func runCofilter(c *spl.CofilterCommand, rows []value.Fields) []value.Fields {
	var items tally
	var userOrder []string
	holds := map[string]map[int]bool{} // user -> items held
	for _, r := range rows {
		u, it := r.Get(c.User.Name), r.Get(c.Item.Name)
		if u.IsNull() || it.IsNull() {
			continue
		}
		for _, us := range u.Strings() {
			set, ok := holds[us]
			if !ok {
				set = map[int]bool{}
				holds[us] = set
				userOrder = append(userOrder, us)
			}
			for _, is := range it.Strings() {
				set[items.add(is, 0)] = true // the index only: users are counted below
			}
		}
	}
	n := len(items.values)
	users := make([]int, n)
	pairs := make([][]int, n)
	for i := range pairs {
		pairs[i] = make([]int, n)
	}
	for _, us := range userOrder {
		set := holds[us]
		for i := range set {
			users[i]++
			for j := range set {
				if i < j {
					pairs[i][j]++
				}
			}
		}
	}
	countCol := func(k int) string { return "Item " + itoaInt(k) + " " + c.User.Name + " count" }
	var out []value.Fields
	for i := range n {
		for j := i + 1; j < n; j++ {
			if pairs[i][j] == 0 {
				continue
			}
			out = append(out, value.Fields{
				{Name: "Item 1", Value: value.Str(items.values[i])},
				{Name: countCol(1), Value: value.Num(float64(users[i]))},
				{Name: "Item 2", Value: value.Str(items.values[j])},
				{Name: countCol(2), Value: value.Num(float64(users[j]))},
				{Name: "Pair count", Value: value.Num(float64(pairs[i][j]))},
			})
		}
	}
	return out
}

func itoaInt(n int) string { return value.FormatNumber(float64(n)) }
