package timefmt

import (
	"math"
	"testing"
	"time"
	_ "time/tzdata" // tests must not depend on the host's zoneinfo

	"github.com/google/go-cmp/cmp"
)

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

var (
	la      = mustLoad("America/Los_Angeles")
	ny      = mustLoad("America/New_York")
	kolkata = mustLoad("Asia/Kolkata")
)

// 2025-04-29 23:45:22 PDT, the instant behind every row of the [FMT]
// "Converting UNIX timestamps into dates (and times)" tables.
const fmtDocTime = 1745995522

type strftimeCase struct {
	name   string
	t      float64
	format string
	loc    *time.Location
	want   string
}

var strftimeCases = []strftimeCase{
	// [FMT] "Converting UNIX timestamps into dates".
	{"doc %Y-%m-%d", fmtDocTime, "%Y-%m-%d", la, "2025-04-29"},
	{"doc %y-%m-%d", fmtDocTime, "%y-%m-%d", la, "25-04-29"},
	{"doc %b %d, %Y", fmtDocTime, "%b %d, %Y", la, "Apr 29, 2025"},
	{"doc %B %d, %Y", fmtDocTime, "%B %d, %Y", la, "April 29, 2025"},
	{"doc %a %b %d, %Y", fmtDocTime, "%a %b %d, %Y", la, "Tue Apr 29, 2025"},
	{"doc quote", fmtDocTime, "%d %b '%y = %Y-%m-%d", la, "29 Apr '25 = 2025-04-29"},
	// [FMT] "Converting UNIX timestamps into dates and times".
	{"doc %Q", fmtDocTime, "%Y-%m-%dT%H:%M:%S.%Q", la, "2025-04-29T23:45:22.000"},
	{"doc .%Z", fmtDocTime, "%Y-%m-%dT %H:%M:%S.%Z", la, "2025-04-29T 23:45:22.PDT"},
	// The doc prints "PDT -07:00" for "%Z%:z"; the space is a doc typo.
	{"doc %Z %:z", fmtDocTime, "%Y-%m-%dT %H:%M:%S %Z %:z", la, "2025-04-29T 23:45:22 PDT -07:00"},
	{"doc %QZ", fmtDocTime, "%Y-%m-%dT%H:%M:%S.%QZ", la, "2025-04-29T23:45:22.000Z"},
	{"doc ISO", fmtDocTime, "%Y-%m-%dT%H:%M:%S", la, "2025-04-29T23:45:22"},
	{"doc %T", fmtDocTime, "%Y-%m-%dT%T", la, "2025-04-29T23:45:22"},
	{"doc %I %p", fmtDocTime, "%m-%d-%Y %I:%M:%S %p", la, "04-29-2025 11:45:22 PM"},
	{"doc %b %I %p", fmtDocTime, "%b %d, %Y %I:%M:%S %p", la, "Apr 29, 2025 11:45:22 PM"},
	{"doc %Q %z", fmtDocTime, "%m-%d-%Y %H:%M:%S.%Q %z", la, "04-29-2025 23:45:22.000 -0700"},
	{"doc %f %z", fmtDocTime, "%d/%b/%Y:%H:%M:%S.%f %z", la, "29/Apr/2025:23:45:22.000000 -0700"},
	{"same instant in UTC", fmtDocTime, "%F %T %Z %z", time.UTC, "2025-04-30 06:45:22 UTC +0000"},
	{"nil loc is UTC", fmtDocTime, "%F %T", nil, "2025-04-30 06:45:22"},

	// [FMT] year-of-week table, _time shown in the doc's US Pacific zone.
	{"doc %Y-%V Mon", 1738569600, "%Y-%V", la, "2025-06"},
	{"doc %G-%V Mon", 1738569600, "%G-%V", la, "2025-06"},
	{"doc %Y-%V Sun", 1738483200, "%Y-%V", la, "2025-05"},
	{"doc %Y-%V Thu", 1738224000, "%Y-%V", la, "2025-05"},

	// [FUNC strftime]: 1521467703049000000/pow(10,9) → 2018-03-19T06:55:03.049,
	// shown in US Pacific. The float is 1521467703.04899997...
	{"doc ns→s %Q", 1521467703049000000 / 1e9, "%Y-%m-%dT%H:%M:%S.%Q", la, "2018-03-19T06:55:03.049"},
	{"doc ns→s %Q UTC", 1521467703049000000 / 1e9, "%Y-%m-%dT%H:%M:%S.%Q", time.UTC, "2018-03-19T13:55:03.049"},
	// [FUNC strftime]: _time 2022-08-10 11:48:23 → hour_min 11:48.
	{"doc %H:%M", 1660132103, "%H:%M", time.UTC, "11:48"},
	// [CONVERT] mstime/ctime example rows (US Pacific): 1522196414.839 is
	// 2018-03-27 17:20:14.839; timeformat="%H:%M:%S" gives 17:20:14.
	{"convert ctime %H:%M:%S", 1522196414.839, "%H:%M:%S", la, "17:20:14"},
	{"convert default format", 1522196414.839, ConvertTimeFormat, la, "03/27/2018 17:20:14"},
	{"convert row %3N", 1522196414.839, "%Y-%m-%d %H:%M:%S.%3N", la, "2018-03-27 17:20:14.839"},
	{"convert row 2", 1522197715.548, "%Y-%m-%d %H:%M:%S.%3N", la, "2018-03-27 17:41:55.548"},
	{"ESCU format", 1704164645, "%Y-%m-%dT%H:%M:%S", time.UTC, "2024-01-02T03:04:05"},

	// %s and %c: [FMT] claims 1484993700 is "Tue Jan 21 10:15:00 2020"; it
	// is really Saturday 2017-01-21 10:15:00 UTC.
	{"%s", 1484993700, "%s", time.UTC, "1484993700"},
	{"%s ignores zone", 1484993700, "%s", ny, "1484993700"},
	{"%c", 1484993700, "%c", time.UTC, "Sat Jan 21 10:15:00 2017"},
	{"%+", 1484993700, "%+", ny, "Sat Jan 21 05:15:00 EST 2017"},
	{"%c single-digit day", 1704585909, "%c", time.UTC, "Sun Jan  7 00:05:09 2024"},
	{"%x %X", 1484993700, "%x %X", time.UTC, "01/21/2017 10:15:00"},

	// Subseconds: plain %N is %9N, plain %Q is %3Q [FMT].
	{"%N default 9", 1.5, "%N", time.UTC, "500000000"},
	{"%3N", 1.5, "%3N", time.UTC, "500"},
	{"%6N", 1.5, "%6N", time.UTC, "500000"},
	{"%9N small t keeps ns", 0.123456789, "%9N", time.UTC, "123456789"},
	{"%Q default 3", 0.123456789, "%Q", time.UTC, "123"},
	{"%6Q", 0.123456789, "%6Q", time.UTC, "123456"},
	{"%1N truncates", 0.99, "%1N", time.UTC, "9"},
	{"%f", 1704585909.25, "%S.%f", time.UTC, "09.250000"},
	{"%9N at 1.7e9 shows µs only", 1704585909.123456, "%9N", time.UTC, "123456000"},
	{"fraction rounding carries", 1704585909.9999999, "%S.%3N", time.UTC, "10.000"},

	// Field padding, 12-hour clock and week numbers at midnight on a Sunday
	// (2024-01-07 00:05:09 UTC) and on 2024-12-31 13:00 (ISO week 1 of 2025).
	{"Sunday fields", 1704585909, "%U %W %V %G %g %j %u %w", time.UTC, "01 01 01 2024 24 007 7 0"},
	{"Sunday clock", 1704585909, "%I|%l|%p|%k|%e|%H", time.UTC, "12|12|AM| 0| 7|00"},
	{"year end fields", 1735650000, "%U %W %V %G %g %j %u %w", time.UTC, "52 53 01 2025 25 366 2 2"},
	{"year end clock", 1735650000, "%I|%l|%p|%k|%C|%D|%R|%r", time.UTC, "01| 1|PM|13|20|12/31/24|13:00|01:00:00 PM"},
	{"%A %h", 1735650000, "%A %h", time.UTC, "Tuesday Dec"},
	{"%n %t %%", 0, "a%nb%tc%%d", time.UTC, "a\nb\tc%d"},

	// Zones: New York standard and daylight time, across the spring gap and
	// the repeated fall hour; Kolkata's half-hour offset.
	{"NY offsets winter", 1484993700, "%z|%:z|%::z|%:::z|%Ez|%Z", ny, "-0500|-05:00|-05:00:00|-05|-300|EST"},
	{"NY offsets summer", fmtDocTime, "%z|%:z|%Z", ny, "-0400|-04:00|EDT"},
	{"NY before spring gap", 1710053999, "%F %T %Z %z", ny, "2024-03-10 01:59:59 EST -0500"},
	{"NY after spring gap", 1710054000, "%F %T %Z %z", ny, "2024-03-10 03:00:00 EDT -0400"},
	{"NY fall first 01:30", 1730611800, "%T %Z", ny, "01:30:00 EDT"},
	{"NY fall second 01:30", 1730615400, "%T %Z", ny, "01:30:00 EST"},
	{"Kolkata", 1710417540, "%F %T %Z %z %:::z %Ez", kolkata, "2024-03-14 17:29:00 IST +0530 +05:30 +330"},

	// Unknown or malformed variables stay literal.
	{"unknown %q", 0, "x%qy", time.UTC, "x%qy"},
	{"trailing %", 0, "100%", time.UTC, "100%"},
	{"width on %d", 0, "%3d", time.UTC, "%3d"},
	{"colon on %Y", 0, "%:Y", time.UTC, "%:Y"},
	{"%E without z", 0, "%Ey", time.UTC, "%Ey"},
	{"empty format", 0, "", time.UTC, ""},

	// Negative, huge and non-finite times.
	{"epoch 0", 0, "%F %T", time.UTC, "1970-01-01 00:00:00"},
	{"negative", -1, "%F %T", time.UTC, "1969-12-31 23:59:59"},
	{"negative fraction floors", -0.5, "%T.%3N %s", time.UTC, "23:59:59.500 -1"},
	{"far future", 253402300799, "%F %T", time.UTC, "9999-12-31 23:59:59"},
	{"five-digit year", 253402300800, "%Y", time.UTC, "10000"},
	{"ancient", -62135596800, "%F", time.UTC, "0001-01-01"},
	{"year before 1 BC", -62198755200, "%Y %C %y", time.UTC, "-0001 -01 99"},
	{"NaN", math.NaN(), "%F", time.UTC, ""},
	{"+Inf", math.Inf(1), "%F", time.UTC, ""},
	{"-Inf", math.Inf(-1), "%F", time.UTC, ""},
	{"beyond range", 1e300, "%F", time.UTC, ""},
}

func TestStrftime(t *testing.T) {
	for _, c := range strftimeCases {
		t.Run(c.name, func(t *testing.T) {
			got := Strftime(c.t, c.format, c.loc)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Strftime(%v, %q) mismatch (-want +got):\n%s", c.t, c.format, diff)
			}
		})
	}
}

func BenchmarkStrftime(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = Strftime(1704164645+float64(i%86400), "%Y-%m-%dT%H:%M:%S", time.UTC)
	}
}
