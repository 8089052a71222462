package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// TestSpathNamesFieldsAsIngest checks that spath's auto-extraction on a
// JSON _raw gives the fields the JSON reader gives the same record
// (KV_MODE=json): the same names, values and multivalues, in the same
// order.
func TestSpathNamesFieldsAsIngest(t *testing.T) {
	records := []string{
		`{"a": {"b": 1, "c": [true, false, null]}, "d": ""}`,
		`{"Records": 1, "x": [{"y": "1"}, {"y": "2", "z": {}}], "e": []}`,
		`{"s": "tab\there \u00e9 \ud83d\ude00", "n": -1.5e3, "a.b": "dotted", "a": {"b": "nested"}}`,
		`{"userIdentity": {"sessionContext": {"attributes": {"mfaAuthenticated": "false"}}}, "resources": [{"ARN": "arn:1"}, {"ARN": "arn:2"}]}`,
	}
	for _, rec := range records {
		var want value.Fields
		_, err := ingest.Read(strings.NewReader(rec), "r.json", ingest.Options{Sourcetype: "_json"}, func(ev *ingest.Event) error {
			want = ev.Fields
			return nil
		})
		if err != nil || want == nil {
			t.Fatalf("ingest.Read(%s): %v, %v", rec, want, err)
		}
		res, err := runQuery(t, &memSource{events: []value.Fields{row("_raw", rec)}}, `search * | spath`)
		if err != nil {
			t.Fatal(err)
		}
		var got value.Fields
		for _, f := range res.Rows[0] {
			if f.Name != "_raw" {
				got = append(got, f)
			}
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(value.Equal)); diff != "" {
			t.Errorf("spath on %s (-ingest +spath):\n%s", rec, diff)
		}
	}
}
