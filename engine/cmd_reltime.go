package engine

import (
	"fmt"
	"math"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// reltime adds, for each time field (timefield=, default _time), how long
// before the search's now the time is, in the largest whole unit that
// fits: "5 days ago", "1 minute ago", "2 years ago" as the page shows;
// units are second, minute, hour, day, month (30 days) and year (365
// days) [UNCONFIRMED: the page gives only examples], a time less than a
// second before now is "now", and a later one reads "in 5 minutes"
// [UNCONFIRMED]. The field is reltime for a single time field without
// prefix=, else prefix (default reltime_) followed by the field's name.
// A result whose field is not a time gets nothing.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/reltime
func init() {
	registerStream("reltime", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ReltimeCommand)
		names := make([]string, len(c.TimeFields))
		for i, f := range c.TimeFields {
			switch {
			case c.Prefix != "":
				names[i] = c.Prefix + f
			case len(c.TimeFields) == 1:
				names[i] = "reltime"
			default:
				names[i] = "reltime_" + f
			}
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			for i, f := range c.TimeFields {
				if t, ok := r.Get(f).Number(); ok {
					r.Set(names[i], value.Str(relTime(rc.now-t)))
				}
			}
			return nil
		}}, nil
	})
}

// relTime words a number of seconds before now.
func relTime(d float64) string {
	ahead := d < 0
	d = math.Abs(d)
	if d < 1 {
		return "now"
	}
	units := []struct {
		name string
		sec  float64
	}{{"year", 365 * 86400}, {"month", 30 * 86400}, {"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}}
	for _, u := range units {
		if n := math.Floor(d / u.sec); n >= 1 {
			s := fmt.Sprintf("%d %s", int64(n), u.name)
			if n != 1 {
				s += "s"
			}
			if ahead {
				return "in " + s
			}
			return s + " ago"
		}
	}
	return "now"
}
