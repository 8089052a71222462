package engine

import (
	"testing"

	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

func TestPartitionSkip(t *testing.T) {
	part := func(st, src string) value.Fields {
		return value.Fields{{Name: "index", Value: value.Str("main")}, {Name: "sourcetype", Value: value.Str(st)}, {Name: "source", Value: value.Str(src)}}
	}
	tests := []struct {
		search string
		part   value.Fields
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
		{`host=x`, part("a", "s"), false},
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
			t.Errorf("%s over %v: skip=%v, want %v", tc.search, tc.part, got, tc.skip)
		}
	}
}
