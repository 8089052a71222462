package engine

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// sort orders the results by its keys, stably (ties keep input order
// [docs/SEMANTICS.md §14 UNCONFIRMED]), and keeps the first count results.
// Results missing a field go last in both directions: "treated as having
// the smallest or largest possible value of that field if the order is
// descending or ascending, respectively".
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/sort
func init() {
	registerStream("sort", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.SortCommand)
		// Without a count sort keeps Limits.SortLimit results (Search
		// Reference, sort: "the default limit is 10000").
		limit := rc.limits.SortLimit
		if c.Limit != nil {
			limit = *c.Limit
		}
		keys, reverse := c.Keys, c.Desc
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			sortRows(rows, keys, reverse)
			if limit > 0 && len(rows) > limit {
				if c.Limit == nil {
					// Splunk cuts without a word; say so, since the
					// default is easy to forget.
					rc.warn("sort: kept the first %d of %d results (sort's default limit; write sort 0 to keep all, or use --sort-limit)", limit, len(rows))
				}
				rows = rows[:limit]
			}
			return rows, nil
		}}, nil
	})
}

func sortRows(rows []value.Fields, keys []spl.SortKey, reverse bool) {
	sort.SliceStable(rows, func(i, j int) bool {
		for _, k := range keys {
			a, b := rows[i].Get(k.Field), rows[j].Get(k.Field)
			switch {
			case a.IsNull() && b.IsNull():
				continue
			case a.IsNull():
				return reverse
			case b.IsNull():
				return !reverse
			}
			c := collate(k.Collation, a.First(), b.First())
			if c == 0 {
				continue
			}
			if k.Desc {
				c = -c
			}
			if reverse {
				c = -c
			}
			return c < 0
		}
		return false
	})
}

// collate compares two values under a sort collation. auto decides per
// pair: numbers numerically, IP addresses as addresses, values that start
// with a number by that number, anything else by UTF-8 bytes. num and ip
// put values that are not numbers or addresses after those that are.
func collate(coll string, a, b value.Value) int {
	as, bs := a.String(), b.String()
	switch coll {
	case "str":
		return strings.Compare(as, bs)
	case "num":
		x, okx := a.Number()
		y, oky := b.Number()
		return orderedOrText(okx, oky, x, y, as, bs)
	case "ip":
		x, ex := netip.ParseAddr(as)
		y, ey := netip.ParseAddr(bs)
		if ex == nil && ey == nil {
			return x.Compare(y)
		}
		return orderedOrText(ex == nil, ey == nil, 0, 0, as, bs)
	}
	if x, ok := a.Number(); ok {
		if y, ok := b.Number(); ok {
			return cmpFloat(x, y)
		}
	}
	if x, err := netip.ParseAddr(as); err == nil {
		if y, err := netip.ParseAddr(bs); err == nil {
			return x.Compare(y)
		}
	}
	if x, ok := leadingNum(as); ok {
		if y, ok := leadingNum(bs); ok {
			if c := cmpFloat(x, y); c != 0 {
				return c
			}
		}
	}
	return strings.Compare(as, bs)
}

func orderedOrText(okx, oky bool, x, y float64, as, bs string) int {
	switch {
	case okx && oky:
		if c := cmpFloat(x, y); c != 0 {
			return c
		}
		return strings.Compare(as, bs)
	case okx:
		return -1
	case oky:
		return 1
	}
	return strings.Compare(as, bs)
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// leadingNum reads the number a string starts with ("10abc" → 10).
func leadingNum(s string) (float64, bool) {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start {
		return 0, false
	}
	if i+1 < len(s) && s[i] == '.' && s[i+1] >= '0' && s[i+1] <= '9' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	f, err := strconv.ParseFloat(s[:i], 64)
	return f, err == nil
}
