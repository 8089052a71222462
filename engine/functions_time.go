package engine

import (
	"time"

	"github.com/spelunk-dev/spelunk/engine/timefmt"
	"github.com/spelunk-dev/spelunk/engine/value"
)

// Date and time functions.
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/10.2/evaluation-functions/date-and-time-functions

func init() {
	registerFunc(&FuncSpec{
		Name: "now", MinArgs: 0, MaxArgs: 0, Usage: "now()",
		Doc:   "The time the search started, in epoch seconds (the same for every row).",
		Eager: func(rc *runCtx, _ []value.Value) value.Value { return value.Num(rc.now) },
	})
	registerFunc(&FuncSpec{
		Name: "time", MinArgs: 0, MaxArgs: 0, Usage: "time()",
		Doc: "The wall-clock time when the row is processed, in epoch seconds with microseconds.",
		Eager: func(*runCtx, []value.Value) value.Value {
			return value.Num(float64(time.Now().UnixMicro()) / 1e6)
		},
	})
	registerFunc(&FuncSpec{
		Name: "strftime", MinArgs: 2, MaxArgs: 2, Usage: "strftime(<epoch>, <format>)",
		Doc:      "Formats epoch seconds as text with Splunk's time format variables (%Y-%m-%d %H:%M:%S.%3N).",
		Examples: []FuncExample{{`strftime(0, "%Y-%m-%dT%H:%M:%S")`, "1970-01-01T00:00:00"}},
		Eager: func(rc *runCtx, a []value.Value) value.Value {
			t, ok := a[0].Number()
			f, ok2 := str(a[1])
			if !ok || !ok2 {
				return value.Null
			}
			return value.Str(timefmt.Strftime(t, f, rc.tz))
		},
	})
	registerFunc(&FuncSpec{
		Name: "strptime", MinArgs: 2, MaxArgs: 2, Usage: "strptime(<str>, <format>)",
		Doc:      "Parses text into epoch seconds with Splunk's time format variables; null when it does not match.",
		Examples: []FuncExample{{`strptime("1970-01-02T00:00:00", "%Y-%m-%dT%H:%M:%S")`, "86400"}},
		Eager: func(rc *runCtx, a []value.Value) value.Value {
			s, ok := str(a[0])
			f, ok2 := str(a[1])
			if !ok || !ok2 {
				return value.Null
			}
			t, ok := timefmt.Strptime(s, f, rc.tz)
			if !ok {
				return value.Null
			}
			return value.Num(t)
		},
	})
	registerFunc(&FuncSpec{
		Name: "relative_time", MinArgs: 2, MaxArgs: 2, Usage: `relative_time(<epoch>, "<modifier>")`,
		Doc:      `Applies a relative time modifier such as "-1d@d" to epoch seconds (snapping rounds down).`,
		Examples: []FuncExample{{`relative_time(86400*3 + 3600*11 + 59*60, "@h")`, "298800"}},
		Eager: func(rc *runCtx, a []value.Value) value.Value {
			t, ok := a[0].Number()
			m, ok2 := str(a[1])
			if !ok || !ok2 {
				return value.Null
			}
			r, err := timefmt.RelativeTime(t, m, rc.tz)
			if err != nil {
				return value.Null
			}
			return value.Num(r)
		},
	})
}
