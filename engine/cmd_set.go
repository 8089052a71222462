package engine

import (
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// set runs its two subsearches and returns the union of their results,
// their symmetric difference (diff: the results found in only one of
// them) or their intersection. Two results are the same when they hold
// the same fields with the same values, internal fields included
// [UNCONFIRMED: the page does not say which fields are compared]. Each
// result appears once: union gives the first subsearch's results, then
// the second's that are new; diff the first's missing from the second,
// then the second's missing from the first; intersect the first's that
// the second has.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/set
func init() {
	registerGen("set", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.SetCommand)
		return genFunc(func() error {
			a, err := rc.runSubsearch("set", c.A, rc.limits.SubsearchMaxOut, "--subsearch-maxout")
			if err != nil {
				return err
			}
			b, err := rc.runSubsearch("set", c.B, rc.limits.SubsearchMaxOut, "--subsearch-maxout")
			if err != nil {
				return err
			}
			return emitAll(next, setOp(c.Op, a, b))
		}), nil
	})
}

func setOp(op string, a, b []value.Fields) []value.Fields {
	inA, inB := rowSet(a), rowSet(b)
	seen := map[string]bool{}
	var out []value.Fields
	add := func(rows []value.Fields, keep func(k string) bool) {
		for _, r := range rows {
			k := rowKey(r)
			if !seen[k] && keep(k) {
				seen[k] = true
				out = append(out, r)
			}
		}
	}
	switch op {
	case "union":
		all := func(string) bool { return true }
		add(a, all)
		add(b, all)
	case "diff":
		add(a, func(k string) bool { return !inB[k] })
		add(b, func(k string) bool { return !inA[k] })
	case "intersect":
		add(a, func(k string) bool { return inB[k] })
	}
	return out
}

func rowSet(rows []value.Fields) map[string]bool {
	m := make(map[string]bool, len(rows))
	for _, r := range rows {
		m[rowKey(r)] = true
	}
	return m
}

// rowKey is a row's fields and values as one string, in name order.
func rowKey(r value.Fields) string {
	parts := make([]string, 0, len(r))
	for _, f := range r {
		if f.Value.IsNull() {
			continue
		}
		parts = append(parts, f.Name+"\x00"+strings.Join(f.Value.Strings(), "\x1f"))
	}
	sort.Strings(parts)
	return strings.Join(parts, "\x01")
}
