package engine

import (
	"math"
	"time"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// gentimes generates one result per time range, from start, each
// increment long, while the range starts before end ("up to the end time,
// but not including the end time"); the last range is not cut at end
// [UNCONFIRMED: the page says only that generation "terminates when
// enough results are generated to pass the endtime value"]. Each result
// has starttime and endtime (the range's last second, as the page's
// "23:59:59" shows) in UNIX time, and starthuman and endhuman in the form
// of the page's "Sun Apr 4 00:00:00 2021", C's ctime form, the day padded
// with a space [UNCONFIRMED: the page's text collapses spaces]. Times are
// in the search's time zone (--tz), as Splunk uses the user's; a
// relative timestamp counts days from the midnight before now, and the
// default end is that midnight. Day increments add calendar days, so a
// day across a daylight saving change keeps its midnight.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/gentimes
func init() {
	registerGen("gentimes", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.GentimesCommand)
		sec, frac := math.Modf(rc.now)
		now := time.Unix(int64(sec), int64(frac*1e9)).In(rc.tz)
		midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, rc.tz)
		at := func(t spl.GentimesTime) time.Time {
			if t.Relative {
				return midnight.AddDate(0, 0, t.Days)
			}
			return time.Date(t.Year, time.Month(t.Month), t.Day, t.Hour, t.Minute, t.Second, 0, rc.tz)
		}
		start, end := at(c.Start), midnight
		if c.End != nil {
			end = at(*c.End)
		}
		step := func(t time.Time) time.Time {
			n := c.Increment.N
			switch c.Increment.Unit {
			case 'd':
				return t.AddDate(0, 0, n)
			case 'h':
				return t.Add(time.Duration(n) * time.Hour)
			case 'm':
				return t.Add(time.Duration(n) * time.Minute)
			}
			return t.Add(time.Duration(n) * time.Second)
		}
		return &gentimesGen{next: next, t: start, end: end, step: step}, nil
	})
}

type gentimesGen struct {
	next stage
	t    time.Time
	end  time.Time
	step func(time.Time) time.Time
}

func (g *gentimesGen) generate() error {
	b := &batcher{next: g.next}
	for g.t.Before(g.end) {
		nt := g.step(g.t)
		last := nt.Add(-time.Second)
		row := value.Fields{
			{Name: "starttime", Value: value.Num(float64(g.t.Unix()))},
			{Name: "starthuman", Value: value.Str(g.t.Format(time.ANSIC))},
			{Name: "endtime", Value: value.Num(float64(last.Unix()))},
			{Name: "endhuman", Value: value.Str(last.Format(time.ANSIC))},
		}
		if err := b.add(row); err != nil {
			return err
		}
		g.t = nt
	}
	if err := b.flush(); err != nil {
		return err
	}
	return g.next.finish()
}
