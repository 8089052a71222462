package timefmt

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

type modCase struct {
	name string
	spec string
	now  float64
	loc  *time.Location
	want float64
}

// Unless noted, now is refNow: Thursday 2024-03-14 11:59:00 UTC.
var modCases = []modCase{
	// [MOD]: "if it is 11:59:00 and you snap to hours, you will snap to 11:00".
	{"doc 11:59 @h", "@h", refNow, time.UTC, 1710414000},
	// [FUNC relative_time]: "-1d@d" is the start of yesterday.
	{"doc -1d@d", "-1d@d", refNow, time.UTC, 1710288000},
	// [FUNC relative_time]: "-2h@h" and "-1h@h" bracket the previous hour.
	{"doc -2h@h", "-2h@h", refNow, time.UTC, 1710406800},
	{"doc -1h@h", "-1h@h", refNow, time.UTC, 1710410400},
	// [MOD]: "@d-2h snaps to the beginning of today ... 10 PM yesterday".
	{"doc @d-2h", "@d-2h", refNow, time.UTC, 1710367200},
	// [MOD] example 3, last full business week: -5d@w1 .. @w6.
	{"doc -5d@w1", "-5d@w1", refNow, time.UTC, 1709510400},
	{"doc @w6", "@w6", refNow, time.UTC, 1709942400},
	// [MOD]: 11:59 PM on a Friday, @w6 is the previous Saturday, midnight.
	{"doc Friday @w6", "@w6", 1710547140, time.UTC, 1709942400},
	{"@d", "@d", refNow, time.UTC, 1710374400},
	{"-7d@d", "-7d@d", refNow, time.UTC, 1709769600},
	{"@w0", "@w0", refNow, time.UTC, 1710028800},
	{"@w is Sunday", "@w", refNow, time.UTC, 1710028800},
	{"@week is Sunday", "@week", refNow, time.UTC, 1710028800},
	{"@w7 is Sunday", "@w7", refNow, time.UTC, 1710028800},
	{"@w1 Monday", "@w1", refNow, time.UTC, 1710115200},
	{"@w4 today", "@w4", refNow, time.UTC, 1710374400},
	{"@w5 last Friday", "@w5", refNow, time.UTC, 1709856000},
	{"+1h", "+1h", refNow, time.UTC, refNow + 3600},
	{"-h means -1h", "-h", refNow, time.UTC, refNow - 3600},
	{"-60m", "-60m", refNow, time.UTC, refNow - 3600},
	{"-60minutes", "-60minutes", refNow, time.UTC, refNow - 3600},
	{"-30s", "-30s", refNow, time.UTC, refNow - 30},
	{"now", "now", refNow, time.UTC, refNow},
	{"now()", "now()", refNow, time.UTC, refNow},
	{"-24h@h+30m", "-24h@h+30m", refNow, time.UTC, 1710329400},
	{"-1d@d-1h", "-1d@d-1h", refNow, time.UTC, 1710284400},
	{"@d+3h", "@d+3h", refNow, time.UTC, 1710385200},
	{"@mon", "@mon", refNow, time.UTC, 1709251200},
	{"@month", "@month", refNow, time.UTC, 1709251200},
	{"-1mon@mon", "-1mon@mon", refNow, time.UTC, 1706745600},
	{"@q", "@q", refNow, time.UTC, 1704067200},
	{"@qtr", "@qtr", refNow, time.UTC, 1704067200},
	{"-1q@q", "-1q@q", refNow, time.UTC, 1696118400},
	{"-1quarters", "-1quarters", refNow, time.UTC, 1702555140},
	{"@y", "@y", refNow, time.UTC, 1704067200},
	{"-1y@y", "-1y@y", refNow, time.UTC, 1672531200},
	{"-2weeks", "-2weeks", refNow, time.UTC, refNow - 14*86400},
	{"+0d", "+0d", refNow, time.UTC, refNow},
	{"unsigned is plus", "2d@d", refNow, time.UTC, 1710547200},
	{"upper case", "-1D@D", refNow, time.UTC, 1710288000},
	{"spaces trimmed", "  -1d@d ", refNow, time.UTC, 1710288000},
	{"real-time prefix", "rt-5m", refNow, time.UTC, refNow - 300},
	{"epoch 0", "0", refNow, time.UTC, 0},
	{"epoch 1", "1", refNow, time.UTC, 1},
	{"epoch fraction", "1700000000.5", refNow, time.UTC, 1700000000.5},
	// Calendar arithmetic overflows like mktime/AddDate (docs are silent).
	{"Jan 31 +1mon", "+1mon", 1706695200, time.UTC, 1709373600},
	{"Feb 29 -1y", "-1y", 1709200800, time.UTC, 1677664800},
	// Sub-second units and snaps keep or cut the fraction.
	{"-1500ms", "-1500ms", refNow + 0.25, time.UTC, refNow - 1.25},
	{"+1us", "+1us", refNow, time.UTC, refNow + 1e-6},
	{"+3ds", "+3ds", refNow, time.UTC, refNow + 0.3},
	{"@s drops fraction", "@s", refNow + 0.75, time.UTC, refNow},
	{"@ms", "@ms", refNow + 0.1234, time.UTC, refNow + 0.123},
	{"@cs", "@cs", refNow + 0.1234, time.UTC, refNow + 0.12},
	{"+1h keeps fraction", "+1h", refNow + 0.049, time.UTC, refNow + 3600.049},
	{"negative time @d", "@d", -1, time.UTC, -86400},

	// New York: 2024-03-10 is 23 hours long, 2024-11-03 is 25 hours long.
	{"NY @d spring", "@d", 1710086400, ny, 1710046800},
	{"NY -1d is calendar", "-1d", 1710086400, ny, 1710003600},
	{"NY -24h is elapsed", "-24h", 1710086400, ny, 1710086400 - 86400},
	{"NY -1d@d spring", "-1d@d", 1710086400, ny, 1709960400},
	{"NY @h after gap", "@h", 1710055800, ny, 1710054000},
	{"NY @h fall EDT 01:30", "@h", 1730611800, ny, 1730610000},
	{"NY @h fall EST 01:30", "@h", 1730615400, ny, 1730613600},
	{"NY @d fall", "@d", 1730653200, ny, 1730606400},
	{"NY -1d fall", "-1d", 1730653200, ny, 1730563200},
	{"NY @w0 on Sunday", "@w0", 1730653200, ny, 1730606400},
	// Kolkata (+05:30) snaps to its own hour and midnight.
	{"Kolkata @h", "@h", refNow, kolkata, 1710415800},
	{"Kolkata @d", "@d", refNow, kolkata, 1710354600},
}

func TestRelativeTime(t *testing.T) {
	approx := cmpopts.EquateApprox(0, 1e-6)
	for _, c := range modCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := RelativeTime(c.now, c.spec, c.loc)
			if err != nil {
				t.Fatalf("RelativeTime(%v, %q): %v", c.now, c.spec, err)
			}
			if diff := cmp.Diff(c.want, got, approx); diff != "" {
				t.Errorf("RelativeTime(%v, %q) mismatch (-want +got):\n%s", c.now, c.spec, diff)
			}
		})
	}
}

var badSpecs = []string{
	"", "   ", "-1x", "@w8", "@", "-", "1d@", "+-1d", "abc", "-1d@d junk",
	"@w0x", "-1.5h", "now-1d", "-99999999999999d", "1e5", "@ms5", "rtrt",
}

func TestParseModifierErrors(t *testing.T) {
	for _, spec := range badSpecs {
		if m, err := ParseModifier(spec); err == nil {
			t.Errorf("ParseModifier(%q) = %+v, want error", spec, m)
		}
		if _, err := RelativeTime(refNow, spec, time.UTC); err == nil {
			t.Errorf("RelativeTime(%q) succeeded, want error", spec)
		}
	}
}

func TestRelativeTimeOutOfRange(t *testing.T) {
	for _, c := range []struct {
		t    float64
		spec string
	}{
		{math.NaN(), "-1d"},
		{math.Inf(1), "@d"},
		{1e300, "-1h"},
		{refNow, "+100000000y"},
		{refNow, "+1099511627776w"},
		{maxAbsEpoch, "+1d"},
	} {
		if got, err := RelativeTime(c.t, c.spec, ny); err == nil {
			t.Errorf("RelativeTime(%v, %q) = %v, want error", c.t, c.spec, got)
		}
	}
	// A modifier without terms passes the input through untouched.
	if got := (Modifier{}).Apply(math.Inf(1), nil); !math.IsInf(got, 1) {
		t.Errorf("now.Apply(+Inf) = %v", got)
	}
}

func TestModifierParseAndString(t *testing.T) {
	cases := []struct {
		spec string
		want Modifier
		str  string
	}{
		{"-7d@d", Modifier{Terms: []Term{{Count: -7, Unit: Day}, {Snap: true, Unit: Day}}}, "-7d@d"},
		{"@w", Modifier{Terms: []Term{{Snap: true, Unit: Week}}}, "@w0"},
		{"@w3", Modifier{Terms: []Term{{Snap: true, Unit: Week, Weekday: 3}}}, "@w3"},
		{"@w7", Modifier{Terms: []Term{{Snap: true, Unit: Week}}}, "@w0"},
		{"+1h", Modifier{Terms: []Term{{Count: 1, Unit: Hour}}}, "+1h"},
		{"-h", Modifier{Terms: []Term{{Count: -1, Unit: Hour}}}, "-1h"},
		{"now", Modifier{}, "now"},
		{"0", Modifier{Absolute: true}, "0"},
		{"1700000000.5", Modifier{Absolute: true, Epoch: 1700000000.5}, "1700000000.5"},
		{"-24h@h+30m", Modifier{Terms: []Term{{Count: -24, Unit: Hour}, {Snap: true, Unit: Hour}, {Count: 30, Unit: Minute}}}, "-24h@h+30m"},
		{"@mon", Modifier{Terms: []Term{{Snap: true, Unit: Month}}}, "@mon"},
		{"-1q@q", Modifier{Terms: []Term{{Count: -1, Unit: Quarter}, {Snap: true, Unit: Quarter}}}, "-1q@q"},
		{"rt-5m", Modifier{RealTime: true, Terms: []Term{{Count: -5, Unit: Minute}}}, "rt-5m"},
		{"rt", Modifier{RealTime: true}, "rt"},
		{"-2weeks@years", Modifier{Terms: []Term{{Count: -2, Unit: Week}, {Snap: true, Unit: Year}}}, "-2w@y"},
		{"2d@d", Modifier{Terms: []Term{{Count: 2, Unit: Day}, {Snap: true, Unit: Day}}}, "+2d@d"},
		{"-1500ms@s", Modifier{Terms: []Term{{Count: -1500, Unit: Millisecond}, {Snap: true, Unit: Second}}}, "-1500ms@s"},
		{"+0secs", Modifier{Terms: []Term{{Count: 0, Unit: Second}}}, "+0s"},
	}
	for _, c := range cases {
		m, err := ParseModifier(c.spec)
		if err != nil {
			t.Errorf("ParseModifier(%q): %v", c.spec, err)
			continue
		}
		if diff := cmp.Diff(c.want, m); diff != "" {
			t.Errorf("ParseModifier(%q) mismatch (-want +got):\n%s", c.spec, diff)
		}
		if got := m.String(); got != c.str {
			t.Errorf("ParseModifier(%q).String() = %q, want %q", c.spec, got, c.str)
		}
	}
	if got := Unit(99).String(); got != "Unit(99)" {
		t.Errorf("Unit(99).String() = %q", got)
	}
}

func TestParseTimeArg(t *testing.T) {
	cases := []struct {
		name string
		arg  string
		loc  *time.Location
		want float64
	}{
		// [MOD] examples: absolute times in %m/%d/%Y:%H:%M:%S.
		{"doc absolute", "10/5/2016:20:00:00", time.UTC, 1475697600},
		{"doc absolute NY", "11/15/2022:20:00:00", ny, 1668560400},
		{"relative", "-7d@d", time.UTC, 1709769600},
		{"doc @w6", "@w6", time.UTC, 1709942400},
		{"now", "now", time.UTC, refNow},
		{"doc earliest=0", "0", time.UTC, 0},
		{"doc earliest=1", "1", time.UTC, 1},
		{"epoch", "1700000000", ny, 1700000000},
		{"snap in NY", "@d", ny, 1710388800},
	}
	for _, c := range cases {
		got, err := ParseTimeArg(c.arg, refNow, c.loc)
		if err != nil {
			t.Errorf("ParseTimeArg(%q): %v", c.arg, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("ParseTimeArg(%q) mismatch (-want +got):\n%s", c.arg, diff)
		}
	}
	// [SPECIFY]: real-time modifiers in a search string are an error.
	for _, bad := range []string{"rt-5m", "rt", "10/5/2016", "10/5/2016:20:00:00junk", "garbage", "", "13/5/2016:20:00:00"} {
		if got, err := ParseTimeArg(bad, refNow, time.UTC); err == nil {
			t.Errorf("ParseTimeArg(%q) = %v, want error", bad, got)
		}
	}
	if got, err := ParseTimeArg("-1d", math.Inf(1), time.UTC); err == nil {
		t.Errorf("ParseTimeArg with infinite now = %v, want error", got)
	}
}

func TestParseTimeArgFormat(t *testing.T) {
	got, err := ParseTimeArgFormat("20240102", "%Y%m%d", refNow, time.UTC)
	if err != nil || got != 1704153600 {
		t.Errorf(`ParseTimeArgFormat("20240102", "%%Y%%m%%d") = %v, %v; want 1704153600`, got, err)
	}
	got, err = ParseTimeArgFormat("-1d@d", "%Y%m%d", refNow, time.UTC)
	if err != nil || got != 1710288000 {
		t.Errorf(`ParseTimeArgFormat("-1d@d", "%%Y%%m%%d") = %v, %v; want 1710288000`, got, err)
	}
}
