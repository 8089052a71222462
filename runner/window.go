package runner

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/timefmt"
)

// A search's "now" (docs/SEMANTICS.md, "One search time"): Config.Now;
// else, when the search reads data, one second after the latest event of
// the data read (before Earliest and Latest drop any); else the clock.
// Relative Earliest and Latest count back from the same now.

// dataEnd is the latest event time of the data read, whether or not the
// time range kept the event; get's ok is false until an event is seen.
// Loading workers call see for every event, so it takes no lock.
type dataEnd struct {
	bits atomic.Uint64 // math.Float64bits of the end, +1 (0: none yet)
}

func (d *dataEnd) see(t float64) {
	for {
		old := d.bits.Load()
		if old != 0 && math.Float64frombits(old-1) >= t {
			return
		}
		if d.bits.CompareAndSwap(old, math.Float64bits(t)+1) {
			return
		}
	}
}

func (d *dataEnd) get() (float64, bool) {
	b := d.bits.Load()
	if b == 0 {
		return 0, false
	}
	return math.Float64frombits(b - 1), true
}

// endTime is the moment one second after t.
func endTime(t float64) time.Time {
	return time.Unix(0, int64(t*1e9)).Add(time.Second)
}

// CheckTimeArg reports whether s is a time modifier Earliest or Latest
// takes.
func CheckTimeArg(s string, tz *time.Location) error {
	_, err := timefmt.ParseTimeArg(s, float64(time.Now().Unix()), tz)
	return err
}

// relativeArg reports whether a time modifier depends on now: it reads
// differently a day apart.
func relativeArg(s string, tz *time.Location) bool {
	a, errA := timefmt.ParseTimeArg(s, 1e9, tz)
	b, errB := timefmt.ParseTimeArg(s, 1e9+86400, tz)
	return errA == nil && errB == nil && a != b
}

// WindowNeedsNow reports whether Earliest or Latest counts back from now.
func (r *Runner) WindowNeedsNow() bool {
	return relativeArg(r.cfg.Earliest, r.cfg.TZ) || relativeArg(r.cfg.Latest, r.cfg.TZ)
}

// HasWindow reports whether Earliest or Latest is set.
func (r *Runner) HasWindow() bool { return r.cfg.Earliest != "" || r.cfg.Latest != "" }

// Window is [lo, hi) of Earliest and Latest, relative bounds counted back
// from now; unbounded sides are ±Inf.
func (r *Runner) Window(now time.Time) (lo, hi float64, err error) {
	secs := float64(now.UnixNano()) / 1e9
	lo, hi = math.Inf(-1), math.Inf(1)
	if s := r.cfg.Earliest; s != "" {
		if lo, err = timefmt.ParseTimeArg(s, secs, r.cfg.TZ); err != nil {
			return 0, 0, &ConfigError{Setting: "--earliest", Value: s, Err: err}
		}
	}
	if s := r.cfg.Latest; s != "" {
		if hi, err = timefmt.ParseTimeArg(s, secs, r.cfg.TZ); err != nil {
			return 0, 0, &ConfigError{Setting: "--latest", Value: s, Err: err}
		}
	}
	return lo, hi, nil
}

// WindowNotice is the notice for a time range that kept none of the read
// events of data whose latest event is at end, or "".
func (r *Runner) WindowNotice(read, kept int, end float64) string {
	if !r.HasWindow() || read == 0 || kept > 0 {
		return ""
	}
	var parts []string
	if r.cfg.Earliest != "" {
		parts = append(parts, "--earliest "+r.cfg.Earliest)
	}
	if r.cfg.Latest != "" {
		parts = append(parts, "--latest "+r.cfg.Latest)
	}
	return fmt.Sprintf("%s keeps none of the %s read (the latest is at %s)", strings.Join(parts, " "),
		Quantity(read, "event"), timefmt.Strftime(end, "%Y-%m-%dT%H:%M:%S%:z", r.cfg.TZ))
}

// ScanEnd reads paths for their latest event time alone: the now of a
// relative time range, or of a streamed search, before the data is
// loaded.
func ScanEnd(paths []string, opt ingest.Options) (float64, bool, error) {
	var d dataEnd
	_, err := ingest.ReadPaths(paths, opt, func(ev *ingest.Event) error {
		d.see(ev.Time)
		return nil
	})
	end, ok := d.get()
	return end, ok, err
}

// Now is the start time of search s over src (the runner's data when src
// is nil): see the rule at the top of this file. When the data has not
// been read yet, it is read for its times first.
func (r *Runner) Now(s *Search, src engine.Source) (time.Time, error) {
	if !r.cfg.Now.IsZero() {
		return r.cfg.Now, nil
	}
	if s != nil && !ReadsEvents(s.Pipeline) {
		return time.Now(), nil
	}
	if src != nil {
		st, ok := src.(*store.Store)
		if !ok {
			return time.Now(), nil // crafted rows: no data to take a time from
		}
		if st != r.store {
			return DataEnd(st), nil
		}
	}
	if end, ok := r.end.get(); ok {
		return endTime(end), nil
	}
	if len(r.cfg.Data) == 0 {
		return time.Now(), nil
	}
	end, ok, err := r.scanEnd()
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		return time.Now(), nil
	}
	return endTime(end), nil
}

// scanEnd is ScanEnd of Config.Data, once.
func (r *Runner) scanEnd() (float64, bool, error) {
	r.scanOnce.Do(func() {
		end, ok, err := r.dataEndOf()
		if err != nil {
			r.scanErr = &DataError{Err: err}
			return
		}
		if ok {
			r.end.see(end)
		}
	})
	if r.scanErr != nil {
		return 0, false, r.scanErr
	}
	end, ok := r.end.get()
	return end, ok, nil
}

// keep is the load filter: Config.Keep and the time range, noting every
// event's time for the data's end.
func (r *Runner) keep() (func(*ingest.Event) bool, error) {
	user := r.cfg.Keep
	lo, hi := math.Inf(-1), math.Inf(1)
	if r.HasWindow() {
		now := r.cfg.Now
		if now.IsZero() && r.WindowNeedsNow() {
			end, ok, err := r.scanEnd()
			if err != nil {
				return nil, err
			}
			now = time.Now()
			if ok {
				now = endTime(end)
			}
		}
		var err error
		if lo, hi, err = r.Window(now); err != nil {
			return nil, err
		}
	}
	return func(ev *ingest.Event) bool {
		r.end.see(ev.Time)
		if ev.Time < lo || ev.Time >= hi {
			return false
		}
		return user == nil || user(ev)
	}, nil
}

// usesNow reports whether a search may read its start time: a time
// modifier, now(), relative_time, a bin aligned on a time. It errs on the
// side of yes (a field named "latest" says yes); a no lets a streamed
// search skip reading the data twice.
func usesNow(s *Search) bool {
	text := s.Text
	if s.Expansion != nil {
		text = s.Expansion.Text
	}
	// Every word the expression finds holds one of these (in ASCII; case
	// folding lets "ſ" match "s"): a search with none, as most, is
	// answered without compiling or running it.
	for i := range len(text) {
		if text[i] >= utf8.RuneSelf {
			return nowWords().MatchString(text)
		}
	}
	lower := strings.ToLower(text)
	for _, w := range nowPieces {
		if strings.Contains(lower, w) {
			return nowWords().MatchString(text)
		}
	}
	return false
}

// nowPieces are texts of which each match of nowWords holds one.
var nowPieces = [...]string{"now", "relative_time", "ago", "starttime", "endtime", "aligntime", "addinfo", "info_", "earliest", "latest"}

// earliest and latest count only as time modifiers (earliest=-24h), not
// as the statistical functions latest(x) and earliest(x).
var nowWords = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(now|relative_time|(start|end)?(days|hours|minutes|months)ago|` +
		`starttimeu?|endtimeu?|aligntime|addinfo|info_\w+)\b|\b(_index_)?(earliest|latest)\s*=`)
})

// DataNotice is WindowNotice for Config.Data once loaded (Store) or read
// by StoreSieved.
func (r *Runner) DataNotice() string {
	end, _ := r.end.get()
	if r.store == nil {
		r.mu.Lock()
		sv := r.sieved
		r.mu.Unlock()
		if sv == nil {
			return ""
		}
		return r.WindowNotice(sv.read, sv.kept, end)
	}
	return r.WindowNotice(r.storeStats.Events, r.store.Len(), end)
}

// windowCount is how many events a read gave, and how many of them the
// time window kept.
type windowCount struct{ read, kept int }
