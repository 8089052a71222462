package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// selfjoin joins results that have the same values of the join fields.
// In each group of such results the last one is the main result and the
// ones before it, first to last, are the "other" results: the main one
// is joined with each of up to max= of them (default 1; 0: all), one
// output result per pair. With overwrite=true (the default) the other
// result's fields replace the main one's; with false they only add the
// fields it lacks. A group of one result is dropped unless
// keepsingle=true keeps it as it is. Groups come out in the order of
// their first result; results lacking a join field are dropped.
// [UNCONFIRMED: the page does not say which result of a group is the
// main one; the last is the choice that gives the page's keepsingle
// example (employees joined to their managers, as shown in a public
// walk-through of it), where the earlier result's fields win.]
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/selfjoin
func init() {
	registerStream("selfjoin", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.SelfjoinCommand)
		keys := fieldNames(c.Fields)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			groups := map[string][]value.Fields{}
			var order []string
			for _, r := range rows {
				k, ok := selfjoinKey(r, keys)
				if !ok {
					continue
				}
				if _, seen := groups[k]; !seen {
					order = append(order, k)
				}
				groups[k] = append(groups[k], r)
			}
			var out []value.Fields
			for _, k := range order {
				g := groups[k]
				if len(g) == 1 {
					if c.KeepSingle {
						out = append(out, g[0])
					}
					continue
				}
				main, others := g[len(g)-1], g[:len(g)-1]
				if c.Max > 0 && len(others) > c.Max {
					others = others[:c.Max]
				}
				for _, o := range others {
					j := main.Clone()
					for _, f := range o {
						if _, has := j.Lookup(f.Name); c.Overwrite || !has {
							j.Set(f.Name, f.Value)
						}
					}
					out = append(out, j)
				}
			}
			return out, nil
		}}, nil
	})
}

// selfjoinKey is the values of keys in r as one string; false when r lacks
// one.
func selfjoinKey(r value.Fields, keys []string) (string, bool) {
	var b strings.Builder
	for _, k := range keys {
		v, ok := r.Lookup(k)
		if !ok || v.IsNull() {
			return "", false
		}
		b.WriteString(strings.Join(v.Strings(), "\x1f"))
		b.WriteByte(0)
	}
	return b.String(), true
}
