package timefmt

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// refNow is the reference "now" for fields a format leaves out:
// Thursday 2024-03-14 11:59:00 UTC.
const refNow = 1710417540

type strptimeCase struct {
	name   string
	s      string
	format string
	loc    *time.Location
	want   float64
	ok     bool
}

var strptimeCases = []strptimeCase{
	// [FMT] "Converting timestamps into UNIX" (shown in US Pacific time).
	{"doc %Q", "2022-9-25T09:45:22.000", "%Y-%m-%dT%H:%M:%S.%Q", la, 1664124322, true},
	{"doc plain", "2022-12-15 09:45:22", "%Y-%m-%d %H:%M:%S", la, 1671126322, true},
	// [FUNC strptime] gentimes example: "%a %B %d %H:%M:%S.%N %Y" reads
	// strings with an abbreviated month and no fraction at all.
	{"doc gentimes 1", "Mon Aug 13 00:00:00 2018", "%a %B %d %H:%M:%S.%N %Y", la, 1534143600, true},
	{"doc gentimes 2", "Mon Aug 13 06:00:00 2018", "%a %B %d %H:%M:%S.%N %Y", la, 1534165200, true},
	{"doc gentimes 8", "Tue Aug 14 18:00:00 2018", "%a %B %d %H:%M:%S.%N %Y", la, 1534294800, true},
	// [FUNC strptime] usage table; "Mon July 23 2022" is really a Saturday,
	// so weekday names are not checked against the date.
	{"doc usage 1", "Mon July 23 2022 17:19:01.89", "%a %B %d %Y %H:%M:%S.%N", time.UTC, 1658596741.89, true},
	{"doc usage 2", "Mon 7/23/2022 17:19:01.89", "%a %m/%d/%Y %H:%M:%S.%N", time.UTC, 1658596741.89, true},
	{"doc usage 3", "2022/07/23 17:19:01.89", "%Y/%m/%d %H:%M:%S.%N", time.UTC, 1658596741.89, true},
	{"doc usage 4", "2022-07-23T17:19:01.89", "%Y-%m-%dT%H:%M:%S.%N", time.UTC, 1658596741.89, true},
	{"doc example", "2022-08-13 11:22:33", "%Y-%m-%d %H:%M:%S", time.UTC, 1660389753, true},
	{"doc %s", "1534143600", "%s", la, 1534143600, true},
	{"%s with fraction", "1534143600.25", "%s.%2N", la, 1534143600.25, true},
	{"negative %s", "-86400", "%s", time.UTC, -86400, true},
	// [FUNC]: "11:59" with "%H:%M" is a time on the reference day.
	{"doc time only UTC", "11:59", "%H:%M", time.UTC, refNow, true},
	{"time only NY", "11:59", "%H:%M", ny, 1710431940, true},
	// [FUNC]: "doesn't work with timestamps that consist of only a month and year".
	{"month and year only", "2022-08", "%Y-%m", time.UTC, 0, false},
	{"year only", "2022", "%Y", time.UTC, 0, false},
	{"missing year from now", "Aug 13 11:22:33", "%b %d %H:%M:%S", time.UTC, 1723548153, true},
	// [CONVERT] mktime with the default timeformat.
	{"convert mktime", "03/27/2018 17:20:14", ConvertTimeFormat, la, 1522196414, true},

	// Offsets and zone names.
	{"%z -0700", "2025-04-29 23:45:22 -0700", "%Y-%m-%d %H:%M:%S %z", time.UTC, fmtDocTime, true},
	{"%z -07:00", "2025-04-29 23:45:22 -07:00", "%Y-%m-%d %H:%M:%S %z", ny, fmtDocTime, true},
	{"%z -07", "2025-04-29 23:45:22 -07", "%Y-%m-%d %H:%M:%S %:::z", ny, fmtDocTime, true},
	{"%z Z", "2025-04-30T06:45:22Z", "%Y-%m-%dT%H:%M:%S%z", la, fmtDocTime, true},
	{"%Ez minutes", "2025-04-29 23:45:22 -420", "%Y-%m-%d %H:%M:%S %Ez", time.UTC, fmtDocTime, true},
	{"%z garbage", "2025-04-29 23:45:22 PDT", "%Y-%m-%d %H:%M:%S %z", time.UTC, 0, false},
	{"%Z PDT", "2025-04-29 23:45:22 PDT", "%Y-%m-%d %H:%M:%S %Z", time.UTC, fmtDocTime, true},
	{"%Z EST in summer", "2025-04-30 01:45:22 EST", "%Y-%m-%d %H:%M:%S %Z", ny, fmtDocTime, true},
	{"%Z UTC", "2025-04-30 06:45:22 UTC", "%Y-%m-%d %H:%M:%S %Z", la, fmtDocTime, true},
	{"%Z lowercase", "2025-04-30 06:45:22 gmt", "%Y-%m-%d %H:%M:%S %Z", la, fmtDocTime, true},
	{"%Z IANA", "2025-04-29 23:45:22 America/Los_Angeles", "%Y-%m-%d %H:%M:%S %Z", time.UTC, fmtDocTime, true},
	{"%Z own zone IST", "2024-03-14 17:29:00 IST", "%Y-%m-%d %H:%M:%S %Z", kolkata, refNow, true},
	{"%Z unknown keeps loc", "2025-04-29 23:45:22 XYZ", "%Y-%m-%d %H:%M:%S %Z", la, fmtDocTime, true},
	{"%Z empty", "2025-04-29 23:45:22 ", "%Y-%m-%d %H:%M:%S %Z", la, 0, false},

	// Names, case and the 12-hour clock.
	{"%b lowercase", "29/apr/2025:23:45:22.000000 -0700", "%d/%b/%Y:%H:%M:%S.%f %z", time.UTC, fmtDocTime, true},
	{"%B upper", "JULY 23 2022", "%B %d %Y", time.UTC, 1658534400, true},
	{"%A full", "Saturday, July 23 2022", "%A, %B %d %Y", time.UTC, 1658534400, true},
	{"bad month name", "Jly 23 2022", "%b %d %Y", time.UTC, 0, false},
	{"doc %I %p", "04-29-2025 11:45:22 PM", "%m-%d-%Y %I:%M:%S %p", la, fmtDocTime, true},
	{"12 am is midnight", "01-01-2024 12:00:00 am", "%m-%d-%Y %I:%M:%S %p", time.UTC, 1704067200, true},
	{"12:30 pm is noon", "01-01-2024 12:30:00 PM", "%m-%d-%Y %I:%M:%S %p", time.UTC, 1704112200, true},
	{"%I 13", "01-01-2024 13:30:00 PM", "%m-%d-%Y %I:%M:%S %p", time.UTC, 0, false},

	// Numbers: optional leading zeros, space padding, day of year, %y.
	{"%e space", "Jan  5 2024", "%b %e %Y", time.UTC, 1704412800, true},
	{"%j leap day", "2024 060", "%Y %j", time.UTC, 1709164800, true},
	{"%j past year end", "2023 366", "%Y %j", time.UTC, 0, false},
	{"%y 69", "01/02/69", "%m/%d/%y", time.UTC, -31449600, true},
	{"%y 68", "01/02/68", "%m/%d/%y", time.UTC, 3092688000, true},
	{"%C %y", "20 24-01-02", "%C %y-%m-%d", time.UTC, 1704153600, true},
	{"%T %F", "11:22:33 2022-08-13", "%T %F", time.UTC, 1660389753, true},
	{"%c", "Sat Jan 21 10:15:00 2017", "%c", time.UTC, 1484993700, true},
	{"%D", "03/14/24", "%D", time.UTC, 1710374400, true},
	{"%3N stops at 3 digits", "17:19:01.891234", "%H:%M:%S.%3N", time.UTC, 1710374400 + 62341.891, true},
	{"leap second rolls over", "2023-12-31 23:59:60", "%Y-%m-%d %H:%M:%S", time.UTC, 1704067200, true},

	// Whitespace, literals and trailing text.
	{"leading spaces", "  2022-08-13", "%Y-%m-%d", time.UTC, 1660348800, true},
	{"space run", "2022-08-13    11:22:33", "%Y-%m-%d %H:%M:%S", time.UTC, 1660389753, true},
	{"space matches none", "2022-08-1311:22:33", "%Y-%m-%d %H:%M:%S", time.UTC, 1660389753, true},
	{"trailing text ignored", "2022-08-13T11:22:33Z", "%Y-%m-%d", time.UTC, 1660348800, true},
	{"literal mismatch", "2022-08-13", "%Y/%m/%d", time.UTC, 0, false},
	{"literal %%", "50% 2022-08-13", "50%% %Y-%m-%d", time.UTC, 1660348800, true},
	{"unknown directive is literal", "2022-08-13 %q", "%Y-%m-%d %q", time.UTC, 1660348800, true},
	{"not a number", "abc", "%Y", time.UTC, 0, false},
	{"empty input", "", "%Y-%m-%d", time.UTC, 0, false},
	{"truncated input", "2022-08-", "%Y-%m-%d", time.UTC, 0, false},
	{"fraction required after dot", "11:22:33.x", "%H:%M:%S.%N", time.UTC, 0, false},

	// Impossible dates fail instead of rolling over.
	{"Feb 30", "2023-02-30", "%Y-%m-%d", time.UTC, 0, false},
	{"month 13", "2023-13-01", "%Y-%m-%d", time.UTC, 0, false},
	{"hour 24", "2023-01-01 24:00", "%Y-%m-%d %H:%M", time.UTC, 0, false},
	{"Feb 29 leap", "2024-02-29", "%Y-%m-%d", time.UTC, 1709164800, true},

	// New York around the spring-forward gap.
	{"NY before gap", "2024-03-10 01:59:59", "%Y-%m-%d %H:%M:%S", ny, 1710053999, true},
	{"NY after gap", "2024-03-10 03:00:00", "%Y-%m-%d %H:%M:%S", ny, 1710054000, true},
	{"NY winter", "11/15/2022:20:00:00", DefaultTimeArgFormat, ny, 1668560400, true},
}

func TestStrptime(t *testing.T) {
	approx := cmpopts.EquateApprox(0, 1e-6)
	for _, c := range strptimeCases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := StrptimeAt(c.s, c.format, refNow, c.loc)
			if ok != c.ok {
				t.Fatalf("StrptimeAt(%q, %q) ok = %v, want %v (value %v)", c.s, c.format, ok, c.ok, got)
			}
			if !ok {
				return
			}
			if diff := cmp.Diff(c.want, got, approx); diff != "" {
				t.Errorf("StrptimeAt(%q, %q) mismatch (-want +got):\n%s", c.s, c.format, diff)
			}
		})
	}
}

func TestStrptimeUsesWallClockDate(t *testing.T) {
	before := float64(time.Now().Unix())
	got, ok := Strptime("00:00", "%H:%M", time.UTC)
	if !ok {
		t.Fatal("Strptime(00:00) failed")
	}
	day := float64(int64(before) / 86400 * 86400)
	// Allow for the test running across midnight.
	if got != day && got != day+86400 {
		t.Errorf("Strptime(00:00) = %v, want today's midnight %v", got, day)
	}
	if _, ok := Strptime("2022-08-13", "%Y-%m-%d", nil); !ok {
		t.Error("Strptime with nil location failed")
	}
}
