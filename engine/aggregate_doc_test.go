package engine

import (
	"testing"
)

// TestAggregationExamples runs every documented statistical function
// example; each expected value was worked out by hand from the
// function's definition in Splunk's Search Reference.
func TestAggregationExamples(t *testing.T) {
	for name, f := range aggFuncs {
		if name != f.names[0] {
			continue
		}
		spec, ok := LookupAggregation(name)
		if !ok || spec.Usage == "" || spec.Category == "" || len(spec.Examples) == 0 {
			t.Errorf("%s: no usage, category or example in aggDocs", name)
			continue
		}
		for _, ex := range spec.Examples {
			t.Run(name+"/"+ex.Search, func(t *testing.T) {
				res, err := runQuery(t, &memSource{}, ex.Search)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Rows) != 1 {
					t.Fatalf("%d rows, want 1", len(res.Rows))
				}
				if got := res.Rows[0].Get(ex.Field).String(); got != ex.Want {
					t.Errorf("%s = %q, want %q", ex.Field, got, ex.Want)
				}
			})
		}
	}
	for _, spec := range helpOnlyAggs {
		for _, ex := range spec.Examples {
			res, err := runQuery(t, &memSource{}, ex.Search)
			if err != nil {
				t.Fatalf("%s: %v", ex.Search, err)
			}
			if len(res.Rows) != 1 || res.Rows[0].Get(ex.Field).String() != ex.Want {
				t.Errorf("%s: %s = %v, want %q", ex.Search, ex.Field, res.Rows, ex.Want)
			}
		}
	}
	for _, name := range []string{"p95", "perc99.5", "distinct_count", "mean", "C", "sparkline", "per_second", "rate_sum"} {
		if _, ok := LookupAggregation(name); !ok {
			t.Errorf("LookupAggregation(%q) found nothing", name)
		}
	}
}
