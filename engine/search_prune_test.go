package engine

import (
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// testPart is a partition with index, sourcetype and source known, and
// listed values for other fields (lists: values; "" in a list stands for
// events without the field).
type testPart struct {
	st, src string
	lists   map[string][]string
}

func (p testPart) Known(f string) bool { return f == "index" || f == "sourcetype" || f == "source" }

func (p testPart) Values(f string) ([]value.Value, bool, bool) {
	switch f {
	case "index":
		return []value.Value{value.Str("main")}, false, true
	case "sourcetype":
		return []value.Value{value.Str(p.st)}, false, true
	case "source":
		return []value.Value{value.Str(p.src)}, false, true
	}
	l, ok := p.lists[f]
	if !ok {
		return nil, false, false
	}
	var vals []value.Value
	missing := false
	for _, s := range l {
		if s == "" {
			missing = true
		} else {
			vals = append(vals, value.Str(s))
		}
	}
	return vals, missing, true
}

func TestPartitionSkip(t *testing.T) {
	part := func(st, src string) testPart { return testPart{st: st, src: src} }
	withList := func(p testPart, f string, vals ...string) testPart {
		p.lists = map[string][]string{f: vals}
		return p
	}
	tests := []struct {
		search string
		part   testPart
		skip   bool
	}{
		{`sourcetype=a`, part("b", "s"), true},
		{`sourcetype=a`, part("a", "s"), false},
		{`sourcetype=A*`, part("a1", "s"), false}, // values match case-insensitively
		{`sourcetype=a foo`, part("b", "s"), true},
		{`sourcetype=a foo`, part("a", "s"), false},
		{`sourcetype=a OR foo`, part("b", "s"), false}, // foo may match
		{`sourcetype=a OR sourcetype=b`, part("c", "s"), true},
		{`sourcetype=a OR sourcetype=b`, part("b", "s"), false},
		{`NOT sourcetype=a`, part("a", "s"), true},
		{`NOT sourcetype=a`, part("b", "s"), false},
		{`NOT (sourcetype=a foo)`, part("a", "s"), false}, // NOT (true AND unknown) is unknown
		{`NOT (sourcetype=a OR foo)`, part("a", "s"), true},
		{`index=main EventCode=1 sourcetype IN (x, y)`, part("z", "s"), true},
		{`index=main EventCode=1 sourcetype IN (x, y)`, part("y", "s"), false},
		{`index=other`, part("a", "s"), true},
		{`Sourcetype=a`, part("b", "s"), false}, // another field: names are case-sensitive
		{`source!=s`, part("a", "s"), true},
		{`source="s*" earliest=-1d`, part("a", "t"), true},
		{`host=x`, part("a", "s"), false}, // host is not listed
		// Listed values decide when all agree.
		{`EventCode=4688`, withList(part("a", "s"), "EventCode", "4624", "4625"), true},
		{`EventCode=4688`, withList(part("a", "s"), "EventCode", "4624", "4688"), false},
		{`EventCode=4688`, withList(part("a", "s"), "EventCode", ""), true},                                     // no event has it
		{`NOT EventCode=4688`, withList(part("a", "s"), "EventCode", "4688", ""), false},                        // events without it match
		{`NOT EventCode=4688`, withList(part("a", "s"), "EventCode", "4688"), true},                             // all have 4688
		{`EventCode!=4688`, withList(part("a", "s"), "EventCode", ""), true},                                    // != needs the field
		{`(eventtype=x OR Channel=security) EventCode=1`, withList(part("a", "s"), "Channel", "Sysmon"), false}, // EventCode unlisted
		{`(Channel=x OR Channel=security) sourcetype=a`, withList(part("a", "s"), "Channel", "Sysmon"), true},
	}
	for _, tc := range tests {
		x, err := spl.ParseSearch(tc.search)
		if err != nil {
			t.Fatalf("%s: %v", tc.search, err)
		}
		skip, err := (&searchCompiler{rc: &runCtx{tz: utc}}).partitionSkip(x)
		if err != nil {
			t.Fatalf("%s: %v", tc.search, err)
		}
		got := skip != nil && skip(tc.part)
		if got != tc.skip {
			t.Errorf("%s over %+v: skip=%v, want %v", tc.search, tc.part, got, tc.skip)
		}
	}
}
