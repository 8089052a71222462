package timefmt

import (
	"strconv"
	"strings"
	"time"
)

// Strptime parses s with Splunk's format variables [FMT] and returns epoch
// seconds, or false when s does not match. Fields missing from the format
// are filled from the current wall-clock date; the engine should prefer
// StrptimeAt with the search's now() so results are reproducible.
func Strptime(s, format string, loc *time.Location) (float64, bool) {
	now := time.Now()
	return StrptimeAt(s, format, join(now.Unix(), int64(now.Nanosecond())), loc)
}

// StrptimeAt is Strptime with an explicit reference time for missing date
// fields. Rules, with the documentation where there is any:
//
//   - A time-only format ("%H:%M") yields that time on now's date in loc:
//     [FUNC strptime] says strptime(timeStr, "%H:%M") of "11:59" "returns
//     the time as a timestamp" without naming the date; today's date is
//     the only reading under which the documented idiom is useful.
//   - A format with a year or month but no day fails: "The strptime
//     function doesn't work with timestamps that consist of only a month
//     and year. The timestamps must include a day." [FUNC strptime]. A
//     missing year (syslog's "%b %d %H:%M:%S") is taken from now.
//   - [FUNC] also says the date "must be January 1, 1971 or later". We do
//     not enforce that: earlier dates get their (negative or small) epoch.
//   - Whitespace in the format matches any run of whitespace, possibly
//     empty, and numeric fields skip leading spaces (C strptime rules; this
//     is what lets %e and %k read " 5"). Text after the format is ignored,
//     as C strptime does: strptime(ts, "%Y-%m-%d") reads the date of a
//     full timestamp.
//   - Names (%a %A %b %B %h %p) match case-insensitively, full or
//     abbreviated. Weekday names are checked for shape only: [FUNC]'s own
//     example parses "Mon July 23 2022", a Saturday.
//   - A '.' or ',' directly before %N/%Q/%f may be absent together with the
//     fraction: [FUNC]'s gentimes example parses "Mon Aug 13 00:00:00 2018"
//     with "%a %B %d %H:%M:%S.%N %Y".
//   - %N/%Q/%f read up to their width (9, 3, 6 by default) of fraction
//     digits: ".89" under %N is 0.89 s [FUNC].
//   - Impossible dates (Feb 30, month 13) fail rather than roll over.
//   - %s sets the epoch directly; other date fields are then ignored, but a
//     following %N/%Q/%f fraction is added.
func StrptimeAt(s, format string, now float64, loc *time.Location) (float64, bool) {
	var p parsed
	if _, ok := p.match(s, 0, format); !ok {
		return 0, false
	}
	return p.resolve(now, orUTC(loc))
}

// strptimeFull is StrptimeAt that also demands the whole input be consumed
// (trailing whitespace aside); search time arguments use it so that
// "10/5/2016" is not silently read as a prefix of something else.
func strptimeFull(s, format string, now float64, loc *time.Location) (float64, bool) {
	var p parsed
	pos, ok := p.match(s, 0, format)
	if !ok || strings.TrimSpace(s[pos:]) != "" {
		return 0, false
	}
	return p.resolve(now, orUTC(loc))
}

type parsed struct {
	year, month, day, yday        int
	hour, min, sec                int
	nsec                          int64
	century, year2                int
	haveYear, haveMonth, haveDay  bool
	haveYday, haveCentury, haveY2 bool
	hour12                        bool
	pm                            int8 // 0 unknown, 1 AM, 2 PM
	haveOff                       bool
	off                           int
	zone                          string
	haveEpoch                     bool
	epoch                         int64
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func skipSpaces(s string, pos int) int {
	for pos < len(s) && isSpace(s[pos]) {
		pos++
	}
	return pos
}

// fracDirectiveLen reports the length of a %N/%Q/%f directive at f[0], or 0.
func fracDirectiveLen(f string) int {
	if len(f) < 2 || f[0] != '%' {
		return 0
	}
	d, n, ok := lexDirective(f)
	if !ok || (d.conv != 'N' && d.conv != 'Q' && d.conv != 'f') {
		return 0
	}
	return n
}

func (p *parsed) match(s string, pos int, format string) (int, bool) {
	for i := 0; i < len(format); {
		c := format[i]
		switch {
		case isSpace(c):
			pos = skipSpaces(s, pos)
			i++
			continue
		case c != '%':
			if c == '.' || c == ',' {
				if n := fracDirectiveLen(format[i+1:]); n > 0 && (pos >= len(s) || s[pos] != c) {
					i += 1 + n
					continue
				}
			}
			if pos >= len(s) || s[pos] != c {
				return pos, false
			}
			pos++
			i++
			continue
		}
		d, n, ok := lexDirective(format[i:])
		if !ok {
			if pos >= len(s) || s[pos] != '%' {
				return pos, false
			}
			pos++
			i++
			continue
		}
		if pos, ok = p.directive(s, pos, d); !ok {
			return pos, false
		}
		i += n
	}
	return pos, true
}

func (p *parsed) directive(s string, pos int, d directive) (int, bool) {
	var v int
	var ok bool
	num := func(maxDigits, lo, hi int) bool {
		v, pos, ok = getNum(s, pos, maxDigits)
		return ok && v >= lo && v <= hi
	}
	switch d.conv {
	case 'Y':
		if !num(4, 0, 9999) {
			return pos, false
		}
		p.year, p.haveYear = v, true
	case 'y':
		if !num(2, 0, 99) {
			return pos, false
		}
		p.year2, p.haveY2 = v, true
	case 'C':
		if !num(2, 0, 99) {
			return pos, false
		}
		p.century, p.haveCentury = v, true
	case 'm':
		if !num(2, 1, 12) {
			return pos, false
		}
		p.month, p.haveMonth = v, true
	case 'd', 'e':
		if !num(2, 1, 31) {
			return pos, false
		}
		p.day, p.haveDay = v, true
	case 'j':
		if !num(3, 1, 366) {
			return pos, false
		}
		p.yday, p.haveYday = v, true
	case 'H', 'k':
		if !num(2, 0, 23) {
			return pos, false
		}
		p.hour, p.hour12 = v, false
	case 'I', 'l':
		if !num(2, 1, 12) {
			return pos, false
		}
		p.hour, p.hour12 = v, true
	case 'M':
		if !num(2, 0, 59) {
			return pos, false
		}
		p.min = v
	case 'S':
		// 60 admits a leap second; time.Date rolls it into the next minute.
		if !num(2, 0, 60) {
			return pos, false
		}
		p.sec = v
	case 'U', 'W', 'V':
		// Week numbers cannot fix a date without more rules than Splunk
		// documents; like glibc we read and ignore them.
		return pos, num(2, 0, 53)
	case 'u':
		return pos, num(1, 1, 7)
	case 'w':
		return pos, num(1, 0, 6)
	case 'G':
		return pos, num(4, 0, 9999)
	case 'g':
		return pos, num(2, 0, 99)
	case 'b', 'B', 'h':
		if v, pos, ok = matchName(s, pos, monthNames[:]); !ok {
			return pos, false
		}
		p.month, p.haveMonth = v+1, true
	case 'a', 'A':
		_, pos, ok = matchName(s, pos, dayNames[:])
		return pos, ok
	case 'p':
		switch {
		case hasPrefixFold(s[pos:], "AM"):
			p.pm = 1
		case hasPrefixFold(s[pos:], "PM"):
			p.pm = 2
		default:
			return pos, false
		}
		return pos + 2, true
	case 'z':
		var off int
		if d.e {
			off, pos, ok = getMinutesOffset(s, pos)
		} else {
			off, pos, ok = getOffset(s, pos)
		}
		if !ok {
			return pos, false
		}
		p.off, p.haveOff = off, true
	case 'Z':
		start := pos
		for pos < len(s) && (isLetter(s[pos]) || pos > start && (s[pos] == '/' || s[pos] == '_')) {
			pos++
		}
		if pos == start {
			return pos, false
		}
		p.zone = s[start:pos]
	case 's':
		start := pos
		if pos < len(s) && s[pos] == '-' {
			pos++
		}
		for pos < len(s) && s[pos] >= '0' && s[pos] <= '9' {
			pos++
		}
		e, err := strconv.ParseInt(s[start:pos], 10, 64)
		if err != nil || e > maxAbsEpoch || e < -maxAbsEpoch {
			return pos, false
		}
		p.epoch, p.haveEpoch = e, true
	case 'N', 'Q', 'f':
		width := d.width
		switch {
		case width > 0:
		case d.conv == 'N':
			width = 9
		case d.conv == 'Q':
			width = 3
		default:
			width = 6
		}
		start := pos
		var ns int64
		for pos < len(s) && pos-start < width && s[pos] >= '0' && s[pos] <= '9' {
			ns = ns*10 + int64(s[pos]-'0')
			pos++
		}
		if pos == start {
			return pos, false
		}
		p.nsec = ns * pow10[9-(pos-start)]
	case 'n', 't':
		return skipSpaces(s, pos), true
	case '%':
		if pos >= len(s) || s[pos] != '%' {
			return pos, false
		}
		return pos + 1, true
	default:
		return p.match(s, pos, composite(d.conv))
	}
	return pos, true
}

// getNum reads 1..maxDigits decimal digits after optional spaces.
func getNum(s string, pos, maxDigits int) (int, int, bool) {
	pos = skipSpaces(s, pos)
	start, v := pos, 0
	for pos < len(s) && pos-start < maxDigits && s[pos] >= '0' && s[pos] <= '9' {
		v = v*10 + int(s[pos]-'0')
		pos++
	}
	return v, pos, pos > start
}

// matchName matches a full name or its three-letter abbreviation,
// case-insensitively, returning the index into names.
func matchName(s string, pos int, names []string) (int, int, bool) {
	rest := s[pos:]
	for i, n := range names {
		if hasPrefixFold(rest, n) {
			return i, pos + len(n), true
		}
	}
	for i, n := range names {
		if hasPrefixFold(rest, n[:3]) {
			return i, pos + 3, true
		}
	}
	return 0, pos, false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit2(s string, pos int) bool {
	return pos+1 < len(s) && s[pos] >= '0' && s[pos] <= '9' && s[pos+1] >= '0' && s[pos+1] <= '9'
}

// getOffset reads Z, ±hh, ±hhmm, ±hh:mm or ±hh:mm:ss, the forms %z, %:z,
// %::z and %:::z print [FMT]; any of them is accepted for any spelling.
func getOffset(s string, pos int) (int, int, bool) {
	pos = skipSpaces(s, pos)
	if pos < len(s) && (s[pos] == 'Z' || s[pos] == 'z') {
		return 0, pos + 1, true
	}
	if pos >= len(s) || s[pos] != '+' && s[pos] != '-' {
		return 0, pos, false
	}
	neg := s[pos] == '-'
	pos++
	if !isDigit2(s, pos) {
		return 0, pos, false
	}
	h := int(s[pos]-'0')*10 + int(s[pos+1]-'0')
	pos += 2
	var m, sec int
	switch {
	case pos < len(s) && s[pos] == ':' && isDigit2(s, pos+1):
		m = int(s[pos+1]-'0')*10 + int(s[pos+2]-'0')
		pos += 3
		if pos < len(s) && s[pos] == ':' && isDigit2(s, pos+1) {
			sec = int(s[pos+1]-'0')*10 + int(s[pos+2]-'0')
			pos += 3
		}
	case isDigit2(s, pos):
		m = int(s[pos]-'0')*10 + int(s[pos+1]-'0')
		pos += 2
	}
	if h > 24 || m > 59 || sec > 59 {
		return 0, pos, false
	}
	off := h*3600 + m*60 + sec
	if neg {
		off = -off
	}
	return off, pos, true
}

// getMinutesOffset reads the signed minute count that %Ez stands for.
func getMinutesOffset(s string, pos int) (int, int, bool) {
	pos = skipSpaces(s, pos)
	neg := false
	if pos < len(s) && (s[pos] == '+' || s[pos] == '-') {
		neg = s[pos] == '-'
		pos++
	}
	v, pos, ok := getNum(s, pos, 4)
	if !ok || v > 24*60 {
		return 0, pos, false
	}
	if neg {
		v = -v
	}
	return v * 60, pos, true
}

// zoneOffsets resolves the abbreviations %Z most often meets in US-centric
// logs. Abbreviations are ambiguous worldwide (CST, IST), so the search's
// own zone is consulted first; unknown names leave the search zone in force,
// as glibc's %Z does.
var zoneOffsets = map[string]int{
	"UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0,
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
	"WEST": 3600, "BST": 3600, "CET": 3600, "CEST": 2 * 3600,
	"EET": 2 * 3600, "EEST": 3 * 3600, "JST": 9 * 3600,
	"AEST": 10 * 3600, "AEDT": 11 * 3600,
}

func (p *parsed) resolve(now float64, loc *time.Location) (float64, bool) {
	if p.haveEpoch {
		return join(p.epoch, p.nsec), true
	}
	nsec, nns, ok := split(now)
	if !ok {
		nsec, nns = 0, 0
	}
	ref := time.Unix(nsec, nns).In(loc)

	year, yearGiven := ref.Year(), true
	switch {
	case p.haveYear:
		year = p.year
	case p.haveY2 && p.haveCentury:
		year = p.century*100 + p.year2
	case p.haveY2:
		// POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068.
		year = 1900 + p.year2
		if p.year2 < 69 {
			year = 2000 + p.year2
		}
	case p.haveCentury:
		year = p.century * 100
	default:
		yearGiven = false
	}

	var month, day int
	switch {
	case p.haveYday && !p.haveMonth && !p.haveDay:
		if p.yday > daysInYear(year) {
			return 0, false
		}
		d := time.Date(year, 1, p.yday, 0, 0, 0, 0, time.UTC)
		month, day = int(d.Month()), d.Day()
	case p.haveDay:
		month, day = int(ref.Month()), p.day
		if p.haveMonth {
			month = p.month
		}
	case yearGiven || p.haveMonth:
		return 0, false
	default:
		month, day = int(ref.Month()), ref.Day()
	}
	if day > daysIn(month, year) {
		return 0, false
	}

	hour := p.hour
	if p.hour12 {
		hour %= 12
		if p.pm == 2 {
			hour += 12
		}
	}

	zl := loc
	switch {
	case p.haveOff:
		zl = time.FixedZone("", p.off)
	case p.zone != "":
		zl = p.zoneLocation(year, month, day, hour, loc)
	}
	t := time.Date(year, time.Month(month), day, hour, p.min, p.sec, 0, zl)
	return join(t.Unix(), p.nsec), true
}

func (p *parsed) zoneLocation(year, month, day, hour int, loc *time.Location) *time.Location {
	name := strings.ToUpper(p.zone)
	if local, _ := time.Date(year, time.Month(month), day, hour, p.min, 0, 0, loc).Zone(); strings.EqualFold(local, name) {
		return loc
	}
	if off, ok := zoneOffsets[name]; ok {
		return time.FixedZone(name, off)
	}
	if strings.Contains(p.zone, "/") {
		if l, err := time.LoadLocation(p.zone); err == nil {
			return l
		}
	}
	return loc
}

func daysIn(month, year int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func daysInYear(year int) int {
	return time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).YearDay()
}
