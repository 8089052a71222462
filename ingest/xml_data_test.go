package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/value"
)

// The one-pass EventData scan (scanDataTo) gives the fields of finding
// the block, then scanning it, for a read that does not keep
// EventData_Xml: whatever the record, odd quoting, comments, several
// blocks and missing ends included.
func FuzzEventDataFused(f *testing.F) {
	for _, s := range []string{
		exampleSysmon1, exampleSecurity4688, system7045,
		"<EventData><Data Name='a'>1</Data><Data Name='b'/><Data Name='c' >2</Data><Data Name=\"d\">3</Data><Data>4</Data><Data Name='e' Name='f'>5</Data></EventData>",
		"<EventData><Data Name='a</EventData>'>1</Data></EventData><EventData><Data Name='b'>2</Data></EventData>",
		"<EventData><Data Name=\"a\" X='</EventData>'>1</Data></EventData>",
		"<EventData><!-- </EventData> --><Data Name='a'>1</Data></EventData>",
		"<EventData><Data Name='a'>1</Data><EventData/><EventData x='y'><Data Name='b'>2</Data></EventData>",
		"<EventData><Data Name='a'>1", "<EventData><Data Name='a", "<EventData><Data Name='a'/></EventData",
		"<EventData ><Data Name='a' <b>1</Data></EventData>", "<EventDataX><Data Name='a'>1</Data></EventDataX>",
		"<System><EventID>1</EventID></System><EventData><Data Name='Image'>x</Data></EventData><EventData><Data Name='Image'>y</Data></EventData>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		// Every name either way reads, so that a field one of them
		// makes wrongly is not filtered out.
		var all, one xmlParser
		all.parse(raw)
		one.b.reset()
		for at := 0; ; {
			open, ok := eventDataOpen(raw, at)
			if !ok {
				break
			}
			if at, ok = one.scanDataTo(raw, open); !ok {
				break
			}
		}
		var names []string
		for _, fl := range append(all.b.take(), one.b.take()...) {
			if fl.Name != eventDataBlock.field {
				names = append(names, fl.Name)
			}
		}
		parse := func(fused bool) value.Fields {
			defer func(v bool) { fusedData = v }(fusedData)
			fusedData = fused
			p := xmlParser{only: newFieldSet(append([]string{}, names...))}
			p.parse(raw)
			return p.b.take()
		}
		if diff := cmp.Diff(parse(false), parse(true), cmp.Comparer(func(a, b value.Value) bool {
			return a.Kind() == b.Kind() && cmp.Equal(a.Strings(), b.Strings())
		})); diff != "" {
			t.Errorf("%q (-block then scan +one pass):\n%s", raw, diff)
		}
	})
}
