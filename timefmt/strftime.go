package timefmt

import (
	"strconv"
	"time"
)

// Strftime renders epoch seconds t in loc using Splunk's format variables
// [FMT]. Unknown variables are copied literally (see known). It returns ""
// for NaN, ±Inf and times beyond about a million years, which have no
// calendar rendering; callers map that to null.
func Strftime(t float64, format string, loc *time.Location) string {
	sec, nsec, ok := split(t)
	if !ok {
		return ""
	}
	b := newBroken(sec, nsec, orUTC(loc))
	// Typical formats fit the stack buffer, leaving the string as the only
	// allocation.
	var arr [64]byte
	return string(b.appendFormat(arr[:0], format))
}

// broken is a time split into the calendar fields the conversions need,
// computed once per call rather than once per directive.
type broken struct {
	tm               time.Time
	unix, nsec       int64
	year, month, day int
	hour, min, sec   int
	wday, yday       int // wday 0 = Sunday; yday 0-based
	zoneDone         bool
	zoneName         string
	zoneOff          int
}

func newBroken(sec, nsec int64, loc *time.Location) broken {
	tm := time.Unix(sec, nsec).In(loc)
	b := broken{tm: tm, unix: sec, nsec: nsec}
	y, m, d := tm.Date()
	b.year, b.month, b.day = y, int(m), d
	b.hour, b.min, b.sec = tm.Clock()
	b.wday = int(tm.Weekday())
	b.yday = tm.YearDay() - 1
	return b
}

func (b *broken) zone() (string, int) {
	if !b.zoneDone {
		b.zoneName, b.zoneOff = b.tm.Zone()
		b.zoneDone = true
	}
	return b.zoneName, b.zoneOff
}

func (b *broken) appendFormat(buf []byte, format string) []byte {
	for i := 0; i < len(format); {
		c := format[i]
		if c != '%' {
			j := i + 1
			for j < len(format) && format[j] != '%' {
				j++
			}
			buf = append(buf, format[i:j]...)
			i = j
			continue
		}
		d, n, ok := lexDirective(format[i:])
		if !ok {
			buf = append(buf, '%')
			i++
			continue
		}
		buf = b.appendDirective(buf, d)
		i += n
	}
	return buf
}

func (b *broken) appendDirective(buf []byte, d directive) []byte {
	switch d.conv {
	case 'Y':
		return appendYear(buf, b.year)
	case 'y':
		return appendPad(buf, mod(b.year, 100), 2, '0')
	case 'C':
		return appendPad(buf, floorDiv(b.year, 100), 2, '0')
	case 'G':
		y, _ := b.tm.ISOWeek()
		return appendYear(buf, y)
	case 'g':
		y, _ := b.tm.ISOWeek()
		return appendPad(buf, mod(y, 100), 2, '0')
	case 'm':
		return appendPad(buf, b.month, 2, '0')
	case 'd':
		return appendPad(buf, b.day, 2, '0')
	case 'e':
		return appendPad(buf, b.day, 2, ' ')
	case 'j':
		return appendPad(buf, b.yday+1, 3, '0')
	case 'H':
		return appendPad(buf, b.hour, 2, '0')
	case 'k':
		return appendPad(buf, b.hour, 2, ' ')
	case 'I':
		return appendPad(buf, hour12(b.hour), 2, '0')
	case 'l':
		return appendPad(buf, hour12(b.hour), 2, ' ')
	case 'M':
		return appendPad(buf, b.min, 2, '0')
	case 'S':
		return appendPad(buf, b.sec, 2, '0')
	case 'p':
		if b.hour < 12 {
			return append(buf, "AM"...)
		}
		return append(buf, "PM"...)
	case 'A':
		return append(buf, dayNames[b.wday]...)
	case 'a':
		return append(buf, dayNames[b.wday][:3]...)
	case 'B':
		return append(buf, monthNames[b.month-1]...)
	case 'b', 'h':
		return append(buf, monthNames[b.month-1][:3]...)
	case 'w':
		return strconv.AppendInt(buf, int64(b.wday), 10)
	case 'u':
		return strconv.AppendInt(buf, int64((b.wday+6)%7+1), 10)
	case 'U':
		return appendPad(buf, (b.yday+7-b.wday)/7, 2, '0')
	case 'W':
		return appendPad(buf, (b.yday+7-(b.wday+6)%7)/7, 2, '0')
	case 'V':
		// ISO 8601 week, as in C. [FMT] also shows strftime(_time,"%V") = 33
		// for 2022-08-14, which is the %U value; its 10.2 year-of-week table
		// (2025-02-02 → 05, 2025-02-03 → 06) only fits ISO, so ISO wins.
		_, w := b.tm.ISOWeek()
		return appendPad(buf, w, 2, '0')
	case 's':
		return strconv.AppendInt(buf, b.unix, 10)
	case 'N':
		return appendFrac(buf, b.nsec, d.width, 9)
	case 'Q':
		// "The subsecond component of a UTC timestamp. The default is
		// milliseconds, %3Q" [FMT].
		return appendFrac(buf, b.nsec, d.width, 3)
	case 'f':
		// "Microseconds as a decimal number"; the [FMT] example
		// "%d/%b/%Y:%H:%M:%S.%f %z" prints ".000000".
		return appendFrac(buf, b.nsec, 6, 6)
	case 'Z':
		name, _ := b.zone()
		return append(buf, name...)
	case 'z':
		_, off := b.zone()
		if d.e {
			// "%Ez: Splunk-specific, timezone in minutes" [FMT]; the output
			// shape is undocumented, we print a signed minute count.
			if off >= 0 {
				buf = append(buf, '+')
			}
			return strconv.AppendInt(buf, int64(off/60), 10)
		}
		return appendOffset(buf, off, d.colons)
	case 'n':
		return append(buf, '\n')
	case 't':
		return append(buf, '\t')
	case '%':
		return append(buf, '%')
	}
	if exp := composite(d.conv); exp != "" {
		return b.appendFormat(buf, exp)
	}
	return buf
}

// appendOffset writes a UTC offset in the %z family [FMT]: %z -0500,
// %:z -05:00, %::z -05:00:00, %:::z -05 (hours only, with :mm added when
// the zone is not a whole number of hours, as GNU date does).
func appendOffset(buf []byte, off, colons int) []byte {
	sign := byte('+')
	if off < 0 {
		sign = '-'
		off = -off
	}
	h, m, s := off/3600, off/60%60, off%60
	buf = append(buf, sign)
	buf = appendPad(buf, h, 2, '0')
	switch colons {
	case 0:
		return appendPad(buf, m, 2, '0')
	case 1:
		return appendPad(append(buf, ':'), m, 2, '0')
	case 2:
		buf = appendPad(append(buf, ':'), m, 2, '0')
		return appendPad(append(buf, ':'), s, 2, '0')
	default:
		if m != 0 {
			buf = appendPad(append(buf, ':'), m, 2, '0')
		}
		return buf
	}
}

// appendFrac writes the first width digits of the fraction, truncated
// (never rounded up into the next second), like the C implementations.
func appendFrac(buf []byte, nsec int64, width, def int) []byte {
	if width == 0 {
		width = def
	}
	return appendPad(buf, int(nsec/pow10[9-width]), width, '0')
}

func appendYear(buf []byte, y int) []byte {
	if y < 0 {
		buf = append(buf, '-')
		y = -y
	}
	return appendPad(buf, y, 4, '0')
}

// appendPad writes v padded on the left to width with pad. Negative
// values only arise for absurd years (%C of year -500) and get a sign.
func appendPad(buf []byte, v, width int, pad byte) []byte {
	if v < 0 {
		buf = append(buf, '-')
		v = -v
	}
	digits := 1
	for x := v; x >= 10; x /= 10 {
		digits++
	}
	for ; digits < width; digits++ {
		buf = append(buf, pad)
	}
	return strconv.AppendInt(buf, int64(v), 10)
}

func hour12(h int) int {
	if h%12 == 0 {
		return 12
	}
	return h % 12
}

func mod(a, n int) int {
	r := a % n
	if r < 0 {
		r += n
	}
	return r
}

func floorDiv(a, n int) int {
	q := a / n
	if a%n != 0 && (a < 0) != (n < 0) {
		q--
	}
	return q
}
