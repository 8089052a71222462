package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/value"
)

// TestBangIsNot checks that "!" negates in where as NOT does. The Search
// Reference writes mvfilter(!isnull(<value>)) (multivalue eval functions,
// 10.0); the rows were worked out by hand.
func TestBangIsNot(t *testing.T) {
	src := &memSource{events: []value.Fields{row("_raw", "1", "x", "a"), row("_raw", "2"), row("_raw", "3", "x", "c")}}
	for _, q := range []string{`* | where !isnull(x) | table _raw`, `* | where NOT isnull(x) | table _raw`, `* | where !(x="b") AND isnotnull(x) | table _raw`} {
		res, err := runQuery(t, src, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if diff := cmp.Diff([]string{"_raw=1", "_raw=3"}, table(res)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", q, diff)
		}
	}
}
