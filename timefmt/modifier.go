package timefmt

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Unit is a time unit of a relative time modifier [MOD].
type Unit uint8

// Units in increasing size. The sub-second ones are documented for
// metrics searches only [MOD]; relative_time accepts them here as well.
const (
	NoUnit Unit = iota
	Microsecond
	Millisecond
	Centisecond
	Decisecond
	Second
	Minute
	Hour
	Day
	Week
	Month
	Quarter
	Year
)

var unitNames = [...]string{"", "us", "ms", "cs", "ds", "s", "m", "h", "d", "w", "mon", "q", "y"}

// String gives the canonical (shortest documented) spelling.
func (u Unit) String() string {
	if int(u) < len(unitNames) {
		return unitNames[u]
	}
	return "Unit(" + strconv.Itoa(int(u)) + ")"
}

// unitAliases is the table in [MOD] "Define the time amount".
var unitAliases = map[string]Unit{
	"us": Microsecond, "ms": Millisecond, "cs": Centisecond, "ds": Decisecond,
	"s": Second, "sec": Second, "secs": Second, "second": Second, "seconds": Second,
	"m": Minute, "min": Minute, "mins": Minute, "minute": Minute, "minutes": Minute,
	"h": Hour, "hr": Hour, "hrs": Hour, "hour": Hour, "hours": Hour,
	"d": Day, "day": Day, "days": Day,
	"w": Week, "week": Week, "weeks": Week,
	"mon": Month, "month": Month, "months": Month,
	"q": Quarter, "qtr": Quarter, "qtrs": Quarter, "quarter": Quarter, "quarters": Quarter,
	"y": Year, "yr": Year, "yrs": Year, "year": Year, "years": Year,
}

// nanos is the fixed length of the units below a day; days and longer are
// calendar units whose length depends on the zone and date.
var nanos = [...]int64{Microsecond: 1e3, Millisecond: 1e6, Centisecond: 1e7,
	Decisecond: 1e8, Second: 1e9, Minute: 60e9, Hour: 3600e9}

// approxSeconds bounds how far a term can move a time, to refuse counts that
// would overflow package time's arithmetic before doing it.
var approxSeconds = [...]float64{Microsecond: 1e-6, Millisecond: 1e-3, Centisecond: 1e-2,
	Decisecond: 0.1, Second: 1, Minute: 60, Hour: 3600, Day: 86400, Week: 7 * 86400,
	Month: 31 * 86400, Quarter: 92 * 86400, Year: 366 * 86400}

// Term is one step of a modifier: an offset (Count Units, Count may be 0 or
// negative) or a snap down to the start of Unit. For a week snap Weekday is
// the day snapped to, 0 = Sunday.
type Term struct {
	Snap    bool
	Count   int64
	Unit    Unit
	Weekday int
}

// Modifier is a parsed relative time specifier. The zero Modifier is "now".
//
// Supported syntax (case-insensitive, surrounding spaces ignored):
//
//	now | now()                   the time itself
//	<digits>[.<digits>]           an absolute epoch ("0", "1", "1700000000.5")
//	[rt] term*                    terms applied strictly left to right
//	term  = [+|-][count]unit      offset; count defaults to 1 [MOD]
//	      | @unit | @w0 .. @w7    snap down; @w = @w0 = @w7 = Sunday [MOD]
//
// "rt" (real-time, as in "rt-5m") is accepted and recorded but does not
// change Apply; ParseTimeArg rejects it because the docs say real-time
// modifiers in a search string are an error [SPECIFY]. An offset without a
// sign ("2d@d", which [MOD] itself writes once) is taken as "+".
type Modifier struct {
	Absolute bool
	Epoch    float64
	RealTime bool
	Terms    []Term
}

// maxCount keeps count×unit inside int64 nanoseconds-of-hours arithmetic.
const maxCount = 1 << 40

// ParseModifier parses a relative time specifier such as "-7d@d", "@w0",
// "+1h", "now", "0", "-24h@h+30m", "@mon", "-1q@q" or "rt-5m".
func ParseModifier(spec string) (Modifier, error) {
	s := strings.ToLower(strings.TrimSpace(spec))
	switch {
	case s == "":
		return Modifier{}, errors.New("timefmt: empty time modifier")
	case s == "now" || s == "now()":
		return Modifier{}, nil
	case isEpochNumber(s):
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) {
			return Modifier{}, fmt.Errorf("timefmt: bad epoch time %q", spec)
		}
		return Modifier{Absolute: true, Epoch: v}, nil
	}
	var m Modifier
	if rest, ok := strings.CutPrefix(s, "rt"); ok {
		m.RealTime = true
		s = rest
	}
	for s != "" {
		var t Term
		var err error
		if t, s, err = parseTerm(s); err != nil {
			return Modifier{}, fmt.Errorf("timefmt: bad time modifier %q: %v", spec, err)
		}
		m.Terms = append(m.Terms, t)
	}
	return m, nil
}

func isEpochNumber(s string) bool {
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

func parseTerm(s string) (Term, string, error) {
	var t Term
	if s[0] == '@' {
		t.Snap = true
		word, rest := cutLetters(s[1:])
		u, ok := unitAliases[word]
		if !ok {
			return t, s, fmt.Errorf("unknown snap unit %q", word)
		}
		t.Unit = u
		if u == Week && word == "w" && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
			if rest[0] > '7' {
				return t, s, fmt.Errorf("weekday must be w0..w7, got w%c", rest[0])
			}
			t.Weekday = int(rest[0]-'0') % 7
			rest = rest[1:]
		}
		return t, rest, nil
	}
	sign := int64(1)
	rest := s
	if rest[0] == '+' || rest[0] == '-' {
		if rest[0] == '-' {
			sign = -1
		}
		rest = rest[1:]
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	t.Count = 1
	if i > 0 {
		n, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil || n > maxCount {
			return t, s, fmt.Errorf("count %q too large", rest[:i])
		}
		t.Count = n
	}
	t.Count *= sign
	word, rest := cutLetters(rest[i:])
	u, ok := unitAliases[word]
	if !ok {
		if word == "" {
			return t, s, errors.New("missing time unit")
		}
		return t, s, fmt.Errorf("unknown time unit %q", word)
	}
	t.Unit = u
	return t, rest, nil
}

func cutLetters(s string) (word, rest string) {
	i := 0
	for i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
		i++
	}
	return s[:i], s[i:]
}

// String renders m canonically; ParseModifier(m.String()) gives m back.
func (m Modifier) String() string {
	if m.Absolute {
		return strconv.FormatFloat(m.Epoch, 'f', -1, 64)
	}
	var b strings.Builder
	if m.RealTime {
		b.WriteString("rt")
	}
	for _, t := range m.Terms {
		switch {
		case t.Snap:
			b.WriteByte('@')
			b.WriteString(t.Unit.String())
			if t.Unit == Week {
				b.WriteByte(byte('0' + t.Weekday))
			}
		case t.Count < 0:
			fmt.Fprintf(&b, "%d%s", t.Count, t.Unit)
		default:
			fmt.Fprintf(&b, "+%d%s", t.Count, t.Unit)
		}
	}
	if b.Len() == 0 {
		return "now"
	}
	return b.String()
}

// Apply evaluates m at time t in loc. It returns NaN when t or an
// intermediate result is not finite or lies beyond about a million years.
//
// Semantics [MOD]: terms run left to right ("the left-hand side of the @
// symbol is applied before the right-hand side", "@d-2h ... 10 PM
// yesterday"); a snap "always snaps backwards or rounds down to the latest
// time not after the specified time" (11:59 @h → 11:00), in loc's wall
// clock; @wN goes back to the most recent weekday N, today included.
//
// Offsets below a day are exact elapsed time ("-1h is exactly 1 hour",
// SPL2 "Specifying relative time"). Days, weeks, months, quarters and
// years move the wall-clock date and keep the wall-clock time, so -1d
// across a DST change is 23 or 25 hours; month arithmetic overflows the
// way C mktime and Go's AddDate do (Jan 31 +1mon → Mar 2 or 3), since the
// docs do not say what Splunk does.
func (m Modifier) Apply(t float64, loc *time.Location) float64 {
	if m.Absolute {
		t = m.Epoch
	}
	if len(m.Terms) == 0 {
		return t
	}
	loc = orUTC(loc)
	sec, nsec, ok := split(t)
	if !ok {
		return math.NaN()
	}
	for _, term := range m.Terms {
		if sec, nsec, ok = term.apply(sec, nsec, loc); !ok {
			return math.NaN()
		}
	}
	return join(sec, nsec)
}

func (t Term) apply(sec, nsec int64, loc *time.Location) (int64, int64, bool) {
	if t.Unit == NoUnit || int(t.Unit) >= len(approxSeconds) {
		return 0, 0, false
	}
	if t.Snap {
		sec, nsec = t.snap(sec, nsec, loc)
	} else {
		if math.Abs(float64(t.Count))*approxSeconds[t.Unit] > 2*maxAbsEpoch {
			return 0, 0, false
		}
		sec, nsec = t.offset(sec, nsec, loc)
	}
	if sec > maxAbsEpoch || sec < -maxAbsEpoch {
		return 0, 0, false
	}
	return sec, nsec, true
}

func (t Term) offset(sec, nsec int64, loc *time.Location) (int64, int64) {
	if t.Unit <= Hour {
		n := nanos[t.Unit]
		per := int64(1e9) / n // units per second, for sub-second units
		if n >= 1e9 {
			return sec + t.Count*(n/1e9), nsec
		}
		sec += t.Count / per
		nsec += (t.Count % per) * n
		return normNanos(sec, nsec)
	}
	tm := time.Unix(sec, nsec).In(loc)
	switch t.Unit {
	case Day:
		tm = tm.AddDate(0, 0, int(t.Count))
	case Week:
		tm = tm.AddDate(0, 0, int(7*t.Count))
	case Month:
		tm = tm.AddDate(0, int(t.Count), 0)
	case Quarter:
		tm = tm.AddDate(0, int(3*t.Count), 0)
	case Year:
		tm = tm.AddDate(int(t.Count), 0, 0)
	}
	return tm.Unix(), int64(tm.Nanosecond())
}

func normNanos(sec, nsec int64) (int64, int64) {
	sec += nsec / 1e9
	nsec %= 1e9
	if nsec < 0 {
		sec--
		nsec += 1e9
	}
	return sec, nsec
}

func (t Term) snap(sec, nsec int64, loc *time.Location) (int64, int64) {
	switch {
	case t.Unit < Second:
		return sec, nsec - nsec%nanos[t.Unit]
	case t.Unit == Second:
		return sec, 0
	case t.Unit <= Hour:
		// Floor in local wall-clock seconds so zones such as +05:30 snap to
		// their own hour. The offset at t is kept: a result inside the same
		// hour never straddles a DST change in zones that move on the hour.
		_, off := time.Unix(sec, 0).In(loc).Zone()
		step := nanos[t.Unit] / 1e9
		local := sec + int64(off)
		local -= ((local % step) + step) % step
		return local - int64(off), 0
	}
	tm := time.Unix(sec, 0).In(loc)
	y, mo, d := tm.Date()
	switch t.Unit {
	case Week:
		d -= (int(tm.Weekday()) - t.Weekday + 7) % 7
	case Month:
		d = 1
	case Quarter:
		mo, d = (mo-1)/3*3+1, 1
	case Year:
		mo, d = 1, 1
	}
	return time.Date(y, mo, d, 0, 0, 0, 0, loc).Unix(), 0
}

// RelativeTime is eval's relative_time(t, spec) [FUNC]. An unparsable spec
// or an out-of-range result is an error, which eval turns into null.
func RelativeTime(t float64, spec string, loc *time.Location) (float64, error) {
	m, err := ParseModifier(spec)
	if err != nil {
		return 0, err
	}
	r := m.Apply(t, loc)
	if math.IsNaN(r) {
		return 0, fmt.Errorf("timefmt: relative_time(%v, %q) is out of range", t, spec)
	}
	return r, nil
}

// ParseTimeArg evaluates a search time argument (earliest=, latest=,
// _index_earliest=...): a modifier relative to now, "now", an epoch number
// ("earliest=1", "earliest=0" [MOD]) or an absolute time in
// DefaultTimeArgFormat ("10/5/2016:20:00:00"; one-digit month and day are
// fine) read in loc.
func ParseTimeArg(s string, now float64, loc *time.Location) (float64, error) {
	return ParseTimeArgFormat(s, DefaultTimeArgFormat, now, loc)
}

// ParseTimeArgFormat is ParseTimeArg with the search's timeformat= value.
// The absolute format is tried first and must match the whole argument,
// so a digits-only timeformat ("%Y%m%d") wins over the epoch reading.
func ParseTimeArgFormat(s, timeformat string, now float64, loc *time.Location) (float64, error) {
	s = strings.TrimSpace(s)
	if v, ok := strptimeFull(s, timeformat, now, loc); ok {
		return v, nil
	}
	m, err := ParseModifier(s)
	if err != nil {
		return 0, fmt.Errorf("timefmt: time argument %q is neither a time modifier nor in format %q", s, timeformat)
	}
	if m.RealTime {
		return 0, fmt.Errorf("timefmt: real-time modifier %q is not allowed in a search string", s)
	}
	r := m.Apply(now, loc)
	if math.IsNaN(r) {
		return 0, fmt.Errorf("timefmt: time argument %q is out of range", s)
	}
	return r, nil
}
