package engine

import (
	"math"
	"time"

	"github.com/spelunk-dev/spelunk/spl"
)

// timeSpan is a bucket width for _time, as in span=1h.
type timeSpan struct {
	n    float64
	unit string // "s", "m", "h", "d", "w", "mon"
}

// spanOf is the parser's span of an option (spl.ParseTimeSpan) for the
// engine's bucketing.
func spanOf(sp spl.Span) timeSpan { return timeSpan{n: sp.N, unit: sp.Unit} }

// floor returns the start of the bucket holding t. Spans under a day are
// aligned to the epoch; day and longer spans to midnight in the search's
// time zone (Search Reference, bin: "aligned to midnight in the timezone
// of the user").
func (s timeSpan) floor(t float64, loc *time.Location) float64 {
	secs := map[string]float64{"s": 1, "m": 60, "h": 3600}
	if w, ok := secs[s.unit]; ok {
		width := s.n * w
		return math.Floor(t/width) * width
	}
	tm := time.Unix(int64(math.Floor(t)), 0).In(loc)
	switch s.unit {
	case "d", "w":
		days := int(s.n)
		if s.unit == "w" {
			days *= 7
		}
		mid := time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, loc)
		// Count whole days since the epoch in this zone to align buckets.
		epochDay := time.Date(1970, 1, 1, 0, 0, 0, 0, loc)
		d := int(math.Floor(mid.Sub(epochDay).Hours()/24 + 0.5))
		d -= ((d % days) + days) % days
		return float64(epochDay.AddDate(0, 0, d).Unix())
	case "mon":
		months := int(s.n)
		idx := tm.Year()*12 + int(tm.Month()) - 1
		idx -= idx % months
		return float64(time.Date(idx/12, time.Month(idx%12+1), 1, 0, 0, 0, 0, loc).Unix())
	}
	return t
}

// seconds is the span's width in seconds (spl.Span's rule).
func (s timeSpan) seconds() float64 { return spl.Span{N: s.n, Unit: s.unit}.Seconds() }
