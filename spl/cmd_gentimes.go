package spl

import (
	"strconv"
	"strings"
	"time"
)

// GentimesCommand generates adjacent time ranges:
//
//	| gentimes start=<timestamp> [end=<timestamp>] [increment=<int>(s|m|h|d)]
//
// where a timestamp is MM/DD/YYYY[:HH:MM:SS] or a whole number of days
// from today (-5 is five days ago).
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/gentimes
type GentimesCommand struct {
	Loc
	Start GentimesTime
	// End is nil for the default: the midnight before now.
	End *GentimesTime
	// Increment is the length of each range; the default is 1d.
	Increment GentimesIncrement
}

// GentimesTime is a timestamp of gentimes: Days from today's midnight
// when Relative, otherwise a date and time of day in the search's zone.
type GentimesTime struct {
	Text                           string // as written
	Relative                       bool
	Days                           int
	Year, Month, Day, Hour, Minute int
	Second                         int
}

// GentimesIncrement is <N><unit>, unit one of s, m, h, d.
type GentimesIncrement struct {
	N    int
	Unit byte
}

func (i GentimesIncrement) String() string { return itoa(i.N) + string(i.Unit) }

func (c *GentimesCommand) CommandName() string { return "gentimes" }

func (c *GentimesCommand) String() string {
	parts := []string{"gentimes", "start=" + c.Start.Text}
	if c.End != nil {
		parts = append(parts, "end="+c.End.Text)
	}
	if c.Increment != (GentimesIncrement{1, 'd'}) {
		parts = append(parts, "increment="+c.Increment.String())
	}
	return strings.Join(parts, " ")
}

func init() {
	register(&CommandSpec{
		Name:       "gentimes",
		Generating: true,
		Syntax:     "gentimes start=<timestamp> [end=<timestamp>] [increment=<int>(s|m|h|d)]",
		Doc:        "Generates one result per time range from start up to end (default: the midnight before now), each increment long (default 1d), with starttime, endtime, starthuman and endhuman; a timestamp is MM/DD/YYYY[:HH:MM:SS] or days from today (-5).",
		Parse: func(p *cmdParser) (Command, error) {
			c := &GentimesCommand{Loc: p.loc(), Increment: GentimesIncrement{1, 'd'}}
			seenStart := false
			for !p.atEnd() {
				o, ok, err := p.knownOption(optionSet{"start": optAny, "end": optAny, "increment": optAny})
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, p.unexpected(p.peek(), "start=", "end=", "increment=")
				}
				bad := func(msg string) error { return &Error{Pos: o.Start, End: o.End, Msg: "gentimes: " + msg} }
				switch o.Key {
				case "start", "end":
					t, ok := parseGentimesTime(o.Value)
					if !ok {
						return nil, bad(o.Key + " takes MM/DD/YYYY[:HH:MM:SS] or a number of days such as -5, not " + strconv.Quote(o.Value))
					}
					if o.Key == "start" {
						c.Start, seenStart = t, true
					} else {
						c.End = &t
					}
				case "increment":
					inc, ok := parseGentimesIncrement(o.Value)
					if !ok {
						return nil, bad("increment takes a whole number and s, m, h or d, such as 6h, not " + strconv.Quote(o.Value))
					}
					c.Increment = inc
				}
			}
			if !seenStart {
				return nil, p.errorf(p.name, "missing start=").withHint("for example: | gentimes start=4/4/2021 end=4/7/2021")
			}
			return c, nil
		},
	})
}

// parseGentimesTime reads MM/DD/YYYY[:HH:MM:SS] (one- or two-digit
// month and day) or a signed whole number of days.
func parseGentimesTime(s string) (GentimesTime, bool) {
	t := GentimesTime{Text: s}
	if n, err := strconv.Atoi(s); err == nil {
		t.Relative, t.Days = true, n
		return t, true
	}
	date, clock, hasClock := strings.Cut(s, ":")
	dp := strings.Split(date, "/")
	if len(dp) != 3 || len(dp[2]) != 4 {
		return t, false
	}
	nums := []*int{&t.Month, &t.Day, &t.Year}
	parts := dp
	if hasClock {
		cp := strings.Split(clock, ":")
		if len(cp) != 3 {
			return t, false
		}
		nums = append(nums, &t.Hour, &t.Minute, &t.Second)
		parts = append(parts, cp...)
	}
	for i, part := range parts {
		n, err := strconv.Atoi(part)
		if err != nil || part == "" || part[0] == '+' || part[0] == '-' {
			return t, false
		}
		*nums[i] = n
	}
	// A day the month does not have (4/31) is refused, not rolled over.
	d := time.Date(t.Year, time.Month(t.Month), t.Day, 0, 0, 0, 0, time.UTC)
	ok := t.Month >= 1 && t.Month <= 12 && t.Day >= 1 && d.Day() == t.Day && t.Hour <= 23 && t.Minute <= 59 && t.Second <= 59
	return t, ok
}

func parseGentimesIncrement(s string) (GentimesIncrement, bool) {
	if len(s) < 2 || !strings.ContainsRune("smhd", rune(s[len(s)-1])) {
		return GentimesIncrement{}, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 1 || s[0] == '+' {
		return GentimesIncrement{}, false
	}
	return GentimesIncrement{N: n, Unit: s[len(s)-1]}, true
}
