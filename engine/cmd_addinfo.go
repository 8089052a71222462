package engine

import (
	"math"
	"strconv"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// addinfo adds the search's information to each result. Offline there is
// no time range picker, so the search's time range is what the leading
// search's time modifiers (earliest=, latest=, ...) set, and all time
// otherwise:
//   - info_min_time: the earliest time, 0 for all time (Splunk's value for
//     an all-time search);
//   - info_max_time: the latest time, +Infinity for all time (likewise);
//   - info_search_time: the search's now (--now);
//   - info_sid: "spelunk_" and now in whole seconds [offline choice: no
//     search job, so no Splunk search ID; this one is stable for a given
//     --now].
//
// The times print with three decimals, as Splunk shows them.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/addinfo
func init() {
	registerStream("addinfo", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		sid := value.Str("spelunk_" + strconv.FormatFloat(math.Floor(rc.now), 'f', 0, 64))
		return &mapStage{next: next, f: func(r *value.Fields) error {
			// The leading search is built after this stage (stages are
			// built from the last), so its range is read here.
			lo, hi := value.Str("0.000"), value.Str("+Infinity")
			if rc.earliest != nil {
				lo = infoTime(*rc.earliest)
			}
			if rc.latest != nil {
				hi = infoTime(*rc.latest)
			}
			r.Set("info_min_time", lo)
			r.Set("info_max_time", hi)
			r.Set("info_sid", sid)
			r.Set("info_search_time", infoTime(rc.now))
			return nil
		}}, nil
	})
}

// infoTime is an epoch time with three decimals.
func infoTime(t float64) value.Value { return value.NumPrec(t, 17, 3) }

// noteTimeRange records the bounds a leading search's time modifier sets;
// when an end is given twice, the last one written is kept.
func (rc *runCtx) noteTimeRange(lo, hi *float64) {
	if lo != nil {
		rc.earliest = lo
	}
	if hi != nil {
		rc.latest = hi
	}
}
