package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/value"
)

// Rows encoded one after another decode to their own multivalues, whether
// those are shared (equal lists of strings outside the event's text) or
// not (strings inside the text, numbers, lists that differ), and rows with
// equal outside lists share one slice.
func TestSharedMultivalues(t *testing.T) {
	raws := []string{"user=alice host=a", "user=bob host=b"}
	tags := func() value.Value { return value.Multi(value.Str("process"), value.Str("endpoint")) }
	inRaw := func(raw string) value.Value { return value.Multi(value.Str(raw[5:10]), value.Str(raw[11:])) }
	cases := []struct {
		name  string
		multi func(raw string) value.Value
		share bool
	}{
		{"tags outside the text", func(string) value.Value { return tags() }, true},
		{"values inside the text", inRaw, false},
		{"numbers", func(string) value.Value { return value.Multi(value.Num(1), value.Num(2)) }, false},
		{"differing lists", func(raw string) value.Value { return value.Multi(value.Str("x"), value.Str(raw[5:8]+"!")) }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			enc := newRowEncoder(newNameTable())
			var rows []crow
			var want []value.Fields
			for _, raw := range raws {
				raw = string([]byte(raw)) // a text of its own, as a reader's record
				row := value.Fields{{Name: "_raw", Value: value.Str(raw)}, {Name: "tag", Value: tc.multi(raw)}}
				want = append(want, value.Fields{{Name: "_raw", Value: value.Str(raw)}, {Name: "tag", Value: tc.multi(raw)}})
				rows = append(rows, enc.encode(row))
			}
			for i := range rows {
				if diff := cmp.Diff(want[i].Get("tag").Strings(), rows[i].decode(enc.names.names, nil).Get("tag").Strings()); diff != "" {
					t.Errorf("row %d (-want +got):\n%s", i, diff)
				}
			}
			if shared := rows[0].mv == rows[1].mv; shared != tc.share {
				t.Errorf("shared = %v, want %v", shared, tc.share)
			}
		})
	}
}
