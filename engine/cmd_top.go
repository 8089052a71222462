package engine

import (
	"sort"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// top and rare count each combination of the listed fields (per group of
// the BY fields) and keep the limit (default 10) most or least common,
// with count and percent columns.
//
//   - Rows lacking a listed field are not counted; percent is the share
//     of the counted rows of the group [UNCONFIRMED denominator].
//   - Equal counts keep the automatic order of the values [UNCONFIRMED].
//   - percent prints with six decimals, as Splunk's tables show it
//     (e.g. 33.333333).
//   - useother=true adds a row named otherstr (OTHER) with what the
//     limit left out.
//
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/top
func init() {
	registerStream("top", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TopCommand)
		return newTopStage(false, c.TopOptions, c.Fields, c.By, next)
	})
	registerStream("rare", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.RareCommand)
		return newTopStage(true, c.TopOptions, c.Fields, c.By, next)
	})
}

type topStage struct {
	next                     stage
	rare                     bool
	limit                    int
	countField, percentField string
	showCount, showPerc      bool
	useOther                 bool
	otherStr                 string
	fields, by               []string
	gr                       *grouper
}

func newTopStage(rare bool, o spl.TopOptions, fields, by []spl.FieldName, next stage) (stage, error) {
	s := &topStage{next: next, rare: rare, limit: o.Limit, countField: o.CountField, percentField: o.PercentField,
		showCount: o.ShowCount, showPerc: o.ShowPerc, useOther: o.UseOther, otherStr: o.OtherStr,
		fields: fieldNames(fields), by: fieldNames(by)}
	count := &compiledAgg{fn: aggFuncs["count"], name: "count"}
	s.gr = newGrouper(append(append([]string{}, s.by...), s.fields...), []*compiledAgg{count})
	return s, nil
}

func (s *topStage) push(rows []value.Fields) error {
	for _, r := range rows {
		if err := s.gr.add(r); err != nil {
			return err
		}
	}
	return nil
}

func (s *topStage) finish() error {
	nb := len(s.by)
	type bucket struct {
		key    []value.Value
		groups []*group
		total  float64
	}
	var buckets []*bucket
	index := map[string]*bucket{}
	for _, g := range s.gr.order {
		k := s.gr.keyString(g.key[:nb])
		b := index[k]
		if b == nil {
			b = &bucket{key: g.key[:nb]}
			index[k] = b
			buckets = append(buckets, b)
		}
		n, _ := g.states[0].result().Number()
		b.total += n
		b.groups = append(b.groups, g)
	}
	sort.SliceStable(buckets, func(i, j int) bool { return compareKeys(buckets[i].key, buckets[j].key) < 0 })
	var out []value.Fields
	for _, b := range buckets {
		gs := b.groups
		sort.SliceStable(gs, func(i, j int) bool {
			a, _ := gs[i].states[0].result().Number()
			c, _ := gs[j].states[0].result().Number()
			if a != c {
				if s.rare {
					return a < c
				}
				return a > c
			}
			if s.rare {
				return compareKeys(gs[i].key[nb:], gs[j].key[nb:]) < 0
			}
			return compareLex(gs[j].key[nb:], gs[i].key[nb:]) < 0
		})
		kept, rest := gs, []*group(nil)
		if s.limit > 0 && len(gs) > s.limit {
			kept, rest = gs[:s.limit], gs[s.limit:]
		}
		for _, g := range kept {
			n, _ := g.states[0].result().Number()
			out = append(out, s.row(b.key, g.key[nb:], n, b.total))
		}
		if s.useOther && len(rest) > 0 {
			var n float64
			for _, g := range rest {
				c, _ := g.states[0].result().Number()
				n += c
			}
			other := make([]value.Value, len(s.fields))
			for i := range other {
				other[i] = value.Str(s.otherStr)
			}
			out = append(out, s.row(b.key, other, n, b.total))
		}
	}
	if len(out) > 0 {
		if err := s.next.push(out); err != nil {
			return err
		}
	}
	return s.next.finish()
}

func (s *topStage) row(byKey, vals []value.Value, n, total float64) value.Fields {
	r := make(value.Fields, 0, len(s.by)+len(s.fields)+2)
	for i, f := range s.by {
		r = append(r, value.Field{Name: f, Value: byKey[i]})
	}
	for i, f := range s.fields {
		r = append(r, value.Field{Name: f, Value: vals[i]})
	}
	if s.showCount {
		r = append(r, value.Field{Name: s.countField, Value: value.Num(n)})
	}
	if s.showPerc {
		r = append(r, value.Field{Name: s.percentField, Value: value.Str(strconv.FormatFloat(n/total*100, 'f', 6, 64))})
	}
	return r
}

// compareLex orders keys by their text, byte by byte. top puts equal
// counts in descending text order: the top page (10.0, "Lexicographic
// order of results") says a limit keeps "the last lexicographical value"
// of tied ones (Orlando before Dallas and Atlanta).
func compareLex(a, b []value.Value) int {
	for k := range a {
		if c := strings.Compare(a[k].String(), b[k].String()); c != 0 {
			return c
		}
	}
	return 0
}
