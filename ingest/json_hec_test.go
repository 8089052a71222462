package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestReadHEC reads records in the shape of Splunk's "Format events for
// HTTP Event Collector" and "Automate indexed field extractions with HTTP
// Event Collector" examples: the event, not the envelope, is what is
// indexed, with the envelope's metadata and indexed fields.
func TestReadHEC(t *testing.T) {
	obj := `{"time": 1426279439, "host": "localhost", "source": "datasource", "sourcetype": "txt", "index": "main", "event": {"message": "Something happened", "severity": "INFO"}}`
	str := `{"time": "1426279439.500", "event": "Hello world!"}`
	idx := `{"event": {"club": "glee"}, "fields": {"wins": ["regionals", "nationals"], "season": 3}, "sourcetype": "stash", "index": "risk"}`
	jsonStr := `{"event": "{\"a\": 1}", "host": "h1"}`
	notHEC := `{"event": {"a": 1}, "other": "x"}`
	numEvent := `{"event": 5, "time": 1}`
	tests := []struct {
		name  string
		input string
		opt   Options
		want  []*Event
	}{{
		name:  "object event with metadata",
		input: obj,
		want: []*Event{{Time: 1426279439, Raw: `{"message": "Something happened", "severity": "INFO"}`, Host: "localhost",
			Source: "datasource", Sourcetype: "txt", Index: "main", File: "f.json", Line: 1,
			Fields: kv("message", "Something happened", "severity", "INFO")}},
	}, {
		name:  "string event is _raw; time as a string",
		input: str,
		want: []*Event{{Time: 1426279439.5, Raw: "Hello world!", Host: "unknown", Source: "f.json", Sourcetype: "_json",
			Index: "main", File: "f.json", Line: 1}},
	}, {
		name:  "indexed fields, an array a multivalue; index and sourcetype",
		input: idx,
		want: []*Event{{Raw: `{"club": "glee"}`, Host: "unknown", Source: "f.json", Sourcetype: "stash", Index: "risk",
			File: "f.json", Line: 1, Fields: kv("club", "glee", "wins", mv("regionals", "nationals"), "season", "3")}},
	}, {
		name:  "a string event holding JSON gives its fields",
		input: jsonStr,
		want: []*Event{{Raw: `{"a": 1}`, Host: "h1", Source: "f.json", Sourcetype: "_json", Index: "main",
			File: "f.json", Line: 1, Fields: kv("a", "1")}},
	}, {
		name:  "a key HEC does not define: ordinary JSON",
		input: notHEC,
		want: []*Event{{Raw: notHEC, Host: "unknown", Source: "f.json", Sourcetype: "_json", Index: "main",
			File: "f.json", Line: 1, Fields: kv("event.a", "1", "other", "x")}},
	}, {
		name:  "an event that is a number: ordinary JSON",
		input: numEvent,
		want: []*Event{{Time: 1, Raw: numEvent, Host: "unknown", Source: "f.json", Sourcetype: "_json", Index: "main",
			File: "f.json", Line: 1, Fields: kv("event", "5", "time", "1")}},
	}, {
		name:  "flags win over the envelope",
		input: obj,
		opt:   Options{Sourcetype: "mine", Source: "s", Host: "h", Index: "i"},
		want: []*Event{{Time: 1426279439, Raw: `{"message": "Something happened", "severity": "INFO"}`, Host: "h",
			Source: "s", Sourcetype: "mine", Index: "i", File: "f.json", Line: 1,
			Fields: kv("message", "Something happened", "severity", "INFO")}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, st, err := readString(t, tc.input+"\n", "f.json", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if st.Bad != 0 {
				t.Errorf("problems: %+v", st.Problems)
			}
			if diff := cmp.Diff(tc.want, got, cmpValues, cmpopts.EquateEmpty(), ignoreDateZone); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}
