package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestReadMetricsCSV reads the two CSV forms of Getting Data In, "Get
// metrics in from other sources": metric_name with _value (one
// measurement a row) and metric_name:<name> columns (several a row); the
// other columns are dimensions, host and index among them.
func TestReadMetricsCSV(t *testing.T) {
	tests := []struct {
		name, input string
		want        []*Event
		problems    []Problem
	}{{
		name:  "one measurement a row",
		input: "metric_timestamp,metric_name,_value,host,region\n1700000000.5,cpu.util,40,web1,east\n",
		want: []*Event{{Time: 1700000000.5, Raw: "1700000000.5,cpu.util,40,web1,east", Host: "web1", Source: "m.csv",
			Sourcetype: "metrics_csv", Index: "main", File: "m.csv", Line: 2,
			Fields: kv("metric_name", "cpu.util", "_value", "40", "region", "east")}},
	}, {
		name:  "several measurements a row; an empty cell is no field",
		input: "metric_timestamp,metric_name:cpu.util,metric_name:mem.used,index,dc\n1700000000,40,,metrics,fr\n",
		want: []*Event{{Time: 1700000000, Raw: "1700000000,40,,metrics,fr", Host: "unknown", Source: "m.csv",
			Sourcetype: "metrics_csv", Index: "metrics", File: "m.csv", Line: 2,
			Fields: kv("metric_name:cpu.util", "40", "dc", "fr")}},
	}, {
		name:     "a row without a numeric timestamp is bad",
		input:    "metric_timestamp,metric_name,_value\nyesterday,cpu,1\n",
		problems: []Problem{{File: "m.csv", Line: 2, Reason: "metrics CSV row without a metric_timestamp in epoch seconds"}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, st, err := readString(t, tc.input, "m.csv", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpValues, ignoreDateZone, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.problems, st.Problems, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
