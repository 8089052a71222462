package engine

import (
	"time"

	"github.com/spelunk-dev/spelunk/timefmt"
	"github.com/spelunk-dev/spelunk/value"
)

// Date and time functions. Times are epoch seconds; formatting and
// snapping to days use the run's time zone (--tz, UTC by default).
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/10.2/evaluation-functions/date-and-time-functions

func init() {
	registerIn("Date and time",
		&FuncSpec{
			Name: "now", MinArgs: 0, MaxArgs: 0, Usage: "now()", Returns: tNum,
			Doc:      "The time the search started, in epoch seconds: the same for every row (spelunk run --now sets it).",
			Examples: []FuncExample{{`if(now() == now(), "constant", "varies")`, "constant", ""}},
			Eager:    func(rc *runCtx, _ []value.Value) value.Value { return value.Num(rc.now) },
		},
		&FuncSpec{
			Name: "time", MinArgs: 0, MaxArgs: 0, Usage: "time()", Returns: tNum,
			Doc:      "The wall-clock time when the row is processed, in epoch seconds with microseconds.",
			Examples: []FuncExample{{`if(time() > 1500000000, "after 2017", "before")`, "after 2017", ""}},
			Eager: func(*runCtx, []value.Value) value.Value {
				return value.Num(float64(time.Now().UnixMicro()) / 1e6)
			},
		},
		&FuncSpec{
			Name: "strftime", MinArgs: 2, MaxArgs: 2, Usage: "strftime(<time>, <format>)", Returns: tStr,
			Doc: "Formats epoch seconds as text with Splunk's time format variables (%Y-%m-%d %H:%M:%S, %3N milliseconds, %Q, %z ...).",
			Examples: []FuncExample{
				{`strftime(0, "%Y-%m-%dT%H:%M:%S")`, "1970-01-01T00:00:00", ""},
				{`strftime(1521467703.049, "%Y-%m-%dT%H:%M:%S.%Q")`, "2018-03-19T13:55:03.049", ""},
				{`strftime(1521467703.049, "%d/%m/%Y %I:%M:%S %p %3N %6N")`, "19/03/2018 01:55:03 PM 049 049000", ""},
			},
			Eager: func(rc *runCtx, a []value.Value) value.Value {
				t, ok := a[0].Number()
				f, ok2 := str(a[1])
				if !ok || !ok2 {
					return value.Null
				}
				return value.Str(timefmt.Strftime(t, f, rc.tz))
			},
		},
		&FuncSpec{
			Name: "strptime", MinArgs: 2, MaxArgs: 2, Usage: "strptime(<str>, <format>)", Returns: tNum,
			Doc: "Parses text into epoch seconds with Splunk's time format variables; null when the text does not match.",
			Examples: []FuncExample{
				{`strptime("1970-01-02T00:00:00", "%Y-%m-%dT%H:%M:%S")`, "86400.000000", ""},
				{`strptime("2018-03-19 13:55:03.049", "%Y-%m-%d %H:%M:%S.%3N")`, "1521467703.049000", ""},
				{`strptime("not a date", "%Y-%m-%d")`, "", ""},
			},
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
				return strptimeResult(t)
			},
		},
		&FuncSpec{
			Name: "relative_time", MinArgs: 2, MaxArgs: 2, Usage: `relative_time(<time>, <specifier>)`, Returns: tNum,
			Doc: `Applies a relative time specifier such as "-1d@d" ([+|-]<int><unit>@<snap>) to epoch seconds; snapping rounds down, @w0 is Sunday.`,
			Examples: []FuncExample{
				// 1970-01-04T11:59:00 (a Sunday): @h snaps down to 11:00.
				{`relative_time(3*86400 + 11*3600 + 59*60, "@h")`, "298800", ""},
				{`strftime(relative_time(1521467703, "-1d@d"), "%Y-%m-%d %H:%M:%S")`, "2018-03-18 00:00:00", ""},
				{`strftime(relative_time(1521467703, "@w0"), "%A %Y-%m-%d")`, "Sunday 2018-03-18", ""},
				{`strftime(relative_time(1521467703, "+1mon@mon"), "%Y-%m-%d")`, "2018-04-01", ""},
			},
			Eager: func(rc *runCtx, a []value.Value) value.Value {
				t, ok := a[0].Number()
				m, ok2 := str(a[1])
				if !ok || !ok2 {
					return value.Null
				}
				r, err := timefmt.RelativeTime(t, m, rc.tz)
				if err != nil {
					rc.warnOnce("relative_time(): %v", err)
					return value.Null
				}
				return value.Num(r)
			},
		},
	)
}

// strptimeResult is a parsed time as Splunk shows it: epoch seconds with
// six decimal places (the date and time functions page prints
// 1534143600.000000), which eval arithmetic then carries.
func strptimeResult(t float64) value.Value {
	return value.NumDecimals(t, 6)
}
