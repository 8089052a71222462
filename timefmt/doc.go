// Package timefmt implements Splunk's time formatting (strftime), parsing
// (strptime) and relative time modifiers ("-1d@d", "@w0", "+1h").
//
// Times are float64 epoch seconds, as in SPL; the fraction is kept. Every
// function takes the *time.Location that stands for the user's or search
// head's time zone (nil means UTC).
//
// Sources (Splunk Search Reference; copies checked 10.0/10.2):
//   - [FMT] "Date and time format variables",
//     help.splunk.com/en/splunk-enterprise/spl-search-reference/10.2/time-format-variables-and-modifiers/date-and-time-format-variables
//   - [MOD] "Time modifiers",
//     help.splunk.com/splunk-enterprise/spl-search-reference/10.0/time-format-variables-and-modifiers/time-modifiers
//   - [FUNC] "Date and Time functions" (relative_time, strftime, strptime),
//     help.splunk.com/splunk-enterprise/spl-search-reference/9.2/evaluation-functions/date-and-time-functions
//   - [CONVERT] "convert" command (default timeformat, ctime/mktime/mstime examples).
//   - [SPECIFY] Search Manual "Specify time modifiers in your search" (real-time
//     "rt" modifiers are an error in a search string).
package timefmt

import (
	"math"
	"time"
)

// Formats that other packages need; kept here so there is a single spelling.
const (
	// DefaultTimeArgFormat is the format of absolute earliest=/latest= values
	// and of the timeformat= search modifier default [MOD].
	DefaultTimeArgFormat = "%m/%d/%Y:%H:%M:%S"
	// ConvertTimeFormat is the convert command's default timeformat for ctime
	// and mktime; the docs stress it ignores the locale [CONVERT].
	ConvertTimeFormat = "%m/%d/%Y %H:%M:%S"
)

// maxAbsEpoch bounds the epoch seconds we turn into calendar fields (about
// ±1.1 million years). Past it, int64 arithmetic inside package time could
// wrap, and no real search needs such times.
const maxAbsEpoch = 1 << 45

var pow10 = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// split turns epoch seconds into whole seconds (floored, so negative times
// keep a positive fraction) and nanoseconds.
//
// A float64 near 1.7e9 carries only ~7 significant decimals after the point,
// so 1521467703.049 is stored as ...703.04899997. Truncating that to %3N
// would print 048 where Splunk's own doc example prints 049 [FUNC strftime].
// We therefore round the fraction to the finest decimal the float can
// actually hold at that magnitude before any later truncation.
func split(t float64) (sec, nsec int64, ok bool) {
	if math.IsNaN(t) || math.IsInf(t, 0) || math.Abs(t) > maxAbsEpoch {
		return 0, 0, false
	}
	fl := math.Floor(t)
	frac := t - fl
	d := fracDigits(t)
	q := int64(math.Round(frac * float64(pow10[d])))
	sec, nsec = int64(fl), q*pow10[9-d]
	if nsec >= 1e9 {
		sec++
		nsec -= 1e9
	}
	return sec, nsec, true
}

// fracDigits is the number of fractional decimal digits (at most 9) that a
// float64 of t's magnitude can represent: the largest d with 10^-d ≥ ulp(t).
func fracDigits(t float64) int {
	a := math.Abs(t)
	ulp := math.Nextafter(a, math.Inf(1)) - a
	for d := 9; d > 0; d-- {
		if math.Pow10(-d) >= ulp {
			return d
		}
	}
	return 0
}

func join(sec, nsec int64) float64 {
	return float64(sec) + float64(nsec)/1e9
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// directive is one parsed %-conversion: %[:...][width][E]conv.
type directive struct {
	conv   byte
	colons int // %:z, %::z, %:::z
	width  int // %3N, %6Q; 0 = default
	e      bool
}

// known lists the conversion characters we implement; anything else is kept
// as literal text by Strftime and must match literally in Strptime, so the
// two stay inverse to each other. [FMT] documents no behaviour for unknown
// variables; C strftime implementations commonly echo them, so we do too.
const known = "aAbBcCdDeFfgGhHIjklmMnNpQrRsStTuUVwWxXyYzZ+%"

// lexDirective reads the directive at f[0] == '%'. ok is false for
// anything we do not implement; the caller then treats the '%' literally.
func lexDirective(f string) (d directive, n int, ok bool) {
	j := 1
	for j < len(f) && f[j] == ':' && d.colons < 3 {
		d.colons++
		j++
	}
	if j < len(f) && f[j] >= '1' && f[j] <= '9' {
		d.width = int(f[j] - '0')
		j++
	}
	if j < len(f) && f[j] == 'E' {
		d.e = true
		j++
	}
	if j >= len(f) {
		return d, 0, false
	}
	d.conv = f[j]
	switch {
	case d.colons > 0 && (d.conv != 'z' || d.width != 0 || d.e):
		return d, 0, false
	case d.width > 0 && (d.conv != 'N' && d.conv != 'Q' || d.e):
		return d, 0, false
	case d.e && d.conv != 'z':
		return d, 0, false
	}
	for i := 0; i < len(known); i++ {
		if known[i] == d.conv {
			return d, j + 1, true
		}
	}
	return d, 0, false
}

// composite gives the expansion of the conversions that stand for others.
// %c and %+ follow the examples in [FMT] ("Thu Jul 18 09:30:00 2019",
// "... PDT 2019"), which are the C/POSIX locale forms. %x is documented as
// "7/13/2019 for US English": we keep the four-digit year but pad like every
// other numeric field ("07/13/2019"). %X is "9:30:00" in the docs; the C
// locale form %H:%M:%S ("09:30:00") is used. %D, %R, %r are C's.
func composite(c byte) string {
	switch c {
	case 'c':
		return "%a %b %e %H:%M:%S %Y"
	case '+':
		return "%a %b %e %H:%M:%S %Z %Y"
	case 'x':
		return "%m/%d/%Y"
	case 'X', 'T':
		return "%H:%M:%S"
	case 'D':
		return "%m/%d/%y"
	case 'F':
		return "%Y-%m-%d"
	case 'R':
		return "%H:%M"
	case 'r':
		return "%I:%M:%S %p"
	}
	return ""
}

var (
	monthNames = [...]string{"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"}
	dayNames = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
		"Friday", "Saturday"}
)
