package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/spelunk-dev/spelunk/value"
)

// cmpValues compares values by value.Equal (Value has unexported fields).
var cmpValues = cmp.Comparer(value.Equal)

// kv builds fields from name, value pairs; a value is a string or a
// value.Value (for multivalues).
func kv(pairs ...any) value.Fields {
	if len(pairs)%2 != 0 {
		panic("kv: odd number of arguments")
	}
	fs := value.Fields{}
	for i := 0; i < len(pairs); i += 2 {
		var v value.Value
		switch x := pairs[i+1].(type) {
		case string:
			v = value.Str(x)
		case value.Value:
			v = x
		default:
			panic(fmt.Sprintf("kv: value of type %T", x))
		}
		fs = append(fs, value.Field{Name: pairs[i].(string), Value: v})
	}
	return fs
}

func mv(s ...string) value.Value { return value.Strs(s...) }

// between returns the text between the first a in s and the next b.
func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		panic("between: no " + a)
	}
	s = s[i+len(a):]
	j := strings.Index(s, b)
	if j < 0 {
		panic("between: no " + b)
	}
	return s[:j]
}

// readString reads input as file name with Read and collects the events.
func readString(t *testing.T, input, name string, opt Options) ([]*Event, Stats, error) {
	t.Helper()
	var evs []*Event
	st, err := Read(strings.NewReader(input), name, opt, func(ev *Event) error {
		evs = append(evs, ev)
		return nil
	})
	return evs, st, err
}

// withoutBlocks drops the *_Xml block fields, which repeat the record text,
// so that cases about other fields stay short.
func withoutBlocks(evs []*Event) []*Event {
	out := make([]*Event, len(evs))
	for i, ev := range evs {
		c := *ev
		c.Fields = nil
		for _, f := range ev.Fields {
			if !strings.HasSuffix(f.Name, "_Xml") {
				c.Fields = append(c.Fields, f)
			}
		}
		out[i] = &c
	}
	return out
}

// stats builds the expected Stats of a read.
func stats(events int, bySourcetype map[string]int, problems ...Problem) Stats {
	if bySourcetype == nil {
		bySourcetype = map[string]int{}
	}
	return Stats{Events: events, Bad: len(problems), Problems: problems, BySourcetype: bySourcetype}
}

// ignoreDateZone leaves Event.DateZone to TestDateZone.
var ignoreDateZone = cmpopts.IgnoreFields(Event{}, "DateZone")
