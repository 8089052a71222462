package spl

import (
	"strconv"
	"strings"
)

// TimewrapCommand puts each period of a timechart's results in a series
// of its own:
//
//	timewrap [<int>]<timescale> [align=now|end] [series=relative|exact|short] [time_format=<str>]
//
// In timewrap, m is months (in timechart it is minutes).
// https://help.splunk.com/en/splunk-enterprise/spl-search-reference/9.4/search-commands/timewrap
type TimewrapCommand struct {
	Loc
	N          int
	Unit       string // second, minute, hour, day, week, month, quarter or year
	Written    string // the span as written
	Align      string // end (default) or now
	Series     string // relative (default), exact or short
	TimeFormat string
	Options    []Option
}

func (c *TimewrapCommand) CommandName() string { return "timewrap" }

func (c *TimewrapCommand) String() string {
	s := "timewrap " + c.Written
	if len(c.Options) > 0 {
		s += " " + optionsString(c.Options)
	}
	return s
}

var timewrapUnits = map[string]string{
	"s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
	"min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
	"h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
	"d": "day", "day": "day", "days": "day",
	"w": "week", "week": "week", "weeks": "week",
	"m": "month", "mon": "month", "month": "month", "months": "month",
	"q": "quarter", "qtr": "quarter", "qtrs": "quarter", "quarter": "quarter", "quarters": "quarter",
	"y": "year", "yr": "year", "yrs": "year", "year": "year", "years": "year",
}

// ParseTimewrapSpan reads [<int>]<timescale>.
func ParseTimewrapSpan(s string) (int, string, bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n := 1
	if i > 0 {
		var err error
		if n, err = strconv.Atoi(s[:i]); err != nil || n < 1 {
			return 0, "", false
		}
	}
	u, ok := timewrapUnits[strings.ToLower(s[i:])]
	return n, u, ok
}

func init() {
	register(&CommandSpec{
		Name:   "timewrap",
		Syntax: "timewrap [<int>]<timescale> [align=now|end] [series=relative|exact|short] [time_format=<str>]",
		Doc:    "Wraps a timechart's results by period (day over day, week over week, ...): one row per time within the latest period, one column per series and period (latest_week, 1week_before, ...).",
		Parse: func(p *cmdParser) (Command, error) {
			set := optionSet{"align": optOneOf("now", "end"), "series": optOneOf("relative", "exact", "short"), "time_format": optAny}
			opts, fields, err := p.optionsAndFields(set)
			if err != nil {
				return nil, err
			}
			if len(fields) == 0 {
				return nil, p.errorf(p.name, "missing the span, [<int>]<timescale>").withHint("for example: timewrap 1week")
			}
			if len(fields) > 1 {
				f := fields[1]
				return nil, &Error{Pos: f.Start, End: f.End, Msg: "timewrap: unexpected " + strconv.Quote(f.Name)}
			}
			sp := fields[0]
			n, unit, ok := ParseTimewrapSpan(sp.Name)
			if !ok {
				return nil, &Error{Pos: sp.Start, End: sp.End, Msg: "timewrap: " + strconv.Quote(sp.Name) + " is not a span: write [<int>]<timescale>, the timescale one of s, min, h, d, w, m (months), q, y",
					Hint: "for example: timewrap 1week"}
			}
			c := &TimewrapCommand{Loc: p.loc(), N: n, Unit: unit, Written: sp.Name, Align: "end", Series: "relative", Options: opts}
			for _, o := range opts {
				switch o.Key {
				case "align":
					c.Align = strings.ToLower(o.Value)
				case "series":
					c.Series = strings.ToLower(o.Value)
				case "time_format":
					c.TimeFormat = o.Value
				}
			}
			return c, nil
		},
	})
}
