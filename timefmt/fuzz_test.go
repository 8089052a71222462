package timefmt

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var fuzzLocs = []*time.Location{time.UTC, ny, la, kolkata}

// roundTripFormats carry enough to recover the instant: a full date, the
// time and the complete UTC offset (%::z, because early LMT offsets have
// seconds that %z would drop). tol is the precision each keeps.
var roundTripFormats = []struct {
	format string
	tol    float64
}{
	{"%Y-%m-%dT%H:%M:%S.%6N%::z", 1e-6},
	{"%s.%9N", 1e-6},
	{"%a %d %b %Y %I:%M:%S %p %::z", 1},
	{"%j %Y %T %::z", 1},
	{"%c %::z", 1},
	{"%A, %B %e %y %H%M%S.%3Q %::z", 1e-3},
}

// Years 1..9999 with a day of slack for zone offsets: %Y prints four
// digits there and Strptime reads at most four.
const (
	minRoundTrip = -62135596800 + 86400
	maxRoundTrip = 253402300799 - 86400
)

func FuzzStrftime(f *testing.F) {
	for i, c := range strftimeCases {
		f.Add(c.t, c.format, uint8(i))
	}
	f.Fuzz(func(t *testing.T, epoch float64, format string, which uint8) {
		loc := fuzzLocs[int(which)%len(fuzzLocs)]
		_ = Strftime(epoch, format, loc)

		if math.IsNaN(epoch) || epoch < minRoundTrip || epoch > maxRoundTrip {
			return
		}
		// %y keeps only two digits; its format is valid for 1969..2068 only.
		rt := roundTripFormats[int(which)%len(roundTripFormats)]
		if rt.format[1] == 'A' && (epoch < -31536000+86400 || epoch > 3124224000-86400) {
			return
		}
		s := Strftime(epoch, rt.format, loc)
		got, ok := StrptimeAt(s, rt.format, refNow, loc)
		if !ok {
			t.Fatalf("Strptime(%q, %q) failed for t=%v in %v", s, rt.format, epoch, loc)
		}
		// Every format truncates, so the parse is at most tol below t, give
		// or take split's rounding to the digits a float64 holds (half a
		// unit of the last kept digit, which is under ten ulps or 1 ns).
		slack := 10*(math.Nextafter(math.Abs(epoch), math.Inf(1))-math.Abs(epoch)) + 1e-9
		if d := epoch - got; d < -slack || d >= rt.tol+slack {
			t.Fatalf("round trip of t=%v via %q in %v: %q parsed as %v (diff %v)", epoch, rt.format, loc, s, got, d)
		}
	})
}

func FuzzStrptime(f *testing.F) {
	for i, c := range strptimeCases {
		f.Add(c.s, c.format, uint8(i))
	}
	f.Fuzz(func(t *testing.T, s, format string, which uint8) {
		loc := fuzzLocs[int(which)%len(fuzzLocs)]
		got, ok := StrptimeAt(s, format, refNow, loc)
		if ok && (math.IsNaN(got) || math.IsInf(got, 0)) {
			t.Fatalf("StrptimeAt(%q, %q) = %v", s, format, got)
		}
		_, _ = strptimeFull(s, format, refNow, loc)
		_, _ = ParseTimeArgFormat(s, format, refNow, loc)
	})
}

func FuzzModifier(f *testing.F) {
	for _, c := range modCases {
		f.Add(c.spec, c.now)
	}
	for _, s := range badSpecs {
		f.Add(s, float64(refNow))
	}
	f.Fuzz(func(t *testing.T, spec string, now float64) {
		_, _ = ParseTimeArg(spec, now, ny)
		m, err := ParseModifier(spec)
		if err != nil {
			return
		}
		again, err := ParseModifier(m.String())
		if err != nil {
			t.Fatalf("ParseModifier(%q).String() = %q does not parse: %v", spec, m.String(), err)
		}
		if diff := cmp.Diff(m, again); diff != "" {
			t.Fatalf("%q → %q changed the modifier (-first +second):\n%s", spec, m.String(), diff)
		}
		for _, loc := range fuzzLocs {
			a, b := m.Apply(now, loc), again.Apply(now, loc)
			if a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
				t.Fatalf("%q and %q apply differently at %v in %v: %v vs %v", spec, m.String(), now, loc, a, b)
			}
		}
	})
}
