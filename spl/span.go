package spl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Span is a bucket or window width: a time span such as 5m (span=5m,
// time_window=1h, maxspan=30s), or a plain number where the option also
// takes one (bin span=10 buckets numbers).
type Span struct {
	N float64
	// Unit is "s", "m", "h", "d", "w" or "mon"; "" for a plain number.
	Unit string
	// LogBase is the base of a log span (span=2log10: N=2, LogBase=10);
	// 0 for other spans.
	LogBase float64
}

// IsTime reports whether the span has a time unit.
func (s Span) IsTime() bool { return s.Unit != "" }

// Seconds is the span's width in seconds; a month counts as 30 days (for
// windows, which have no calendar alignment), a plain number as seconds.
func (s Span) Seconds() float64 {
	switch s.Unit {
	case "m":
		return s.N * 60
	case "h":
		return s.N * 3600
	case "d":
		return s.N * 86400
	case "w":
		return s.N * 7 * 86400
	case "mon":
		return s.N * 30 * 86400
	}
	return s.N
}

var timeSpanRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+(?:\.\d+)?)?\s*([a-zA-Z]+)$`) })

// ParseTimeSpan reads <int><unit> with units s/sec/secs/second(s),
// m/min/mins/minute(s), h/hr/hrs/hour(s), d/day(s), w/week(s),
// mon/month(s) (Search Reference, bin: span); the number defaults to 1.
func ParseTimeSpan(s string) (Span, error) {
	m := timeSpanRe().FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Span{}, fmt.Errorf("expected a number and a time unit, e.g. 1h or 5m")
	}
	n := 1.0
	if m[1] != "" {
		n, _ = strconv.ParseFloat(m[1], 64)
	}
	if n <= 0 {
		return Span{}, fmt.Errorf("the span must be greater than zero")
	}
	unit := ""
	switch strings.ToLower(m[2]) {
	case "s", "sec", "secs", "second", "seconds":
		unit = "s"
	case "m", "min", "mins", "minute", "minutes":
		unit = "m"
	case "h", "hr", "hrs", "hour", "hours":
		unit = "h"
	case "d", "day", "days":
		unit = "d"
	case "w", "week", "weeks":
		unit = "w"
	case "mon", "month", "months":
		unit = "mon"
	default:
		return Span{}, fmt.Errorf("unknown time unit %q (use s, m, h, d, w or mon)", m[2])
	}
	return Span{N: n, Unit: unit}, nil
}

// parseBinSpan reads bin's span=: a positive number (numeric buckets), a
// log span [<coefficient>]log[<base>] or a time span.
func parseBinSpan(s string) (Span, error) {
	if f, ok := parseNumber(s); ok {
		if f <= 0 {
			return Span{}, fmt.Errorf("the span must be greater than zero")
		}
		return Span{N: f}, nil
	}
	if strings.Contains(strings.ToLower(s), "log") {
		return parseLogSpan(s)
	}
	if m := subsecondRe().FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		return parseSubsecond(m[1], strings.ToLower(m[2]))
	}
	return ParseTimeSpan(s)
}

var subsecondRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(\d+)\s*(us|ms|cs|ds)$`) })

// parseSubsecond reads a bin or timechart span in microseconds,
// milliseconds, centiseconds or deciseconds as a fraction of a second.
// The Search Reference (bin, timechart: "Subsecond bin time spans") wants
// a number that divides a second evenly, and span=1000ms written as 1s.
func parseSubsecond(num, unit string) (Span, error) {
	per := map[string]int{"us": 1000000, "ms": 1000, "cs": 100, "ds": 10}[unit]
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 || n >= per || per%n != 0 {
		return Span{}, fmt.Errorf("a subsecond span must divide a second evenly and be shorter than it (for ms: 1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250 or 500); write 1000ms as 1s")
	}
	return Span{N: float64(n) / float64(per), Unit: "s"}, nil
}

var logSpanRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^(\d+(?:\.\d+)?)?log(\d+(?:\.\d+)?)?$`) })

// parseLogSpan reads [<num>]log[<num>]: the coefficient (default 1) must
// be at least 1 and below the base, the base (default 10) above 1 (Search
// Reference, bin: log-span).
func parseLogSpan(s string) (Span, error) {
	m := logSpanRe().FindStringSubmatch(s)
	if m == nil {
		return Span{}, fmt.Errorf("a log span is [<coefficient>]log[<base>], such as log10 or 2log10")
	}
	coef, base := 1.0, 10.0
	if m[1] != "" {
		coef, _ = strconv.ParseFloat(m[1], 64)
	}
	if m[2] != "" {
		base, _ = strconv.ParseFloat(m[2], 64)
	}
	if base <= 1 {
		return Span{}, fmt.Errorf("the base of a log span must be greater than 1")
	}
	if coef < 1 || coef >= base {
		return Span{}, fmt.Errorf("the coefficient of a log span must be at least 1 and less than its base")
	}
	return Span{N: coef, LogBase: base}, nil
}

// parseSecondsOrSpan reads transaction's maxspan/maxpause: a time span,
// or a plain number of seconds.
func parseSecondsOrSpan(s string) (float64, error) {
	if f, ok := parseNumber(s); ok {
		return f, nil
	}
	sp, err := ParseTimeSpan(s)
	if err != nil {
		return 0, err
	}
	return sp.Seconds(), nil
}
