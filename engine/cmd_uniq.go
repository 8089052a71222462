package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// uniq removes each result that is an exact duplicate of the result just
// before it: the same fields with the same values.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/uniq
func init() {
	registerStream("uniq", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		var prev value.Fields
		have := false
		return &filterStage{next: next, keep: func(r value.Fields) (bool, error) {
			dup := have && sameRow(prev, r)
			prev, have = r.Clone(), true
			return !dup, nil
		}}, nil
	})
}

// sameRow reports whether two rows hold the same fields with equal
// values, in any order.
func sameRow(a, b value.Fields) bool {
	if len(a) != len(b) {
		return false
	}
	for _, f := range a {
		v, ok := b.Lookup(f.Name)
		if !ok || !value.Equal(f.Value, v) || f.Value.Kind() != v.Kind() {
			return false
		}
	}
	return true
}
