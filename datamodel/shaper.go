package datamodel

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// shaper gives ingested events their search-time fields. It keeps scratch
// space between events, so each goroutine needs its own.
type shaper struct {
	knowledge  map[string][]*compiledKnowledge // by lower-cased sourcetype
	eventtypes []compiledEventtype
	sel        []*compiledKnowledge // scratch
	scratch    []value.Value        // scratch
	extra      map[string]*int      // fields knowledge added, at most, by sourcetype (-1: none yet)
	// noEventtypes skips the eventtype searches: set when nothing reads
	// eventtype or tag (see prune).
	noEventtypes bool
	sieve        eventtypeSieve
	// reuse makes each row in the same buffer, for callers that are done
	// with a row before they ask for the next.
	reuse bool
	buf   value.Fields
	// the last event's source and sourcetype, and what they gave
	lastSource, lastSourceLower, lastST string
	lastKnowledge                       []*compiledKnowledge
	only                                *fieldFilter // nil: every field
	lastSel                             *selection   // of the last source and sourcetype
	selections                          map[[2]string]*selection
	// passSel is the last selection of knowledge applied, pass what
	// onePass said of it.
	passSel []*compiledKnowledge
	pass    bool
	// plan is the plan of the last selection applied, plans those of
	// the selections met lately; noPlan applies the knowledge entry by
	// entry instead (for the tests that compare the two).
	plan   *passPlan
	plans  []*passPlan
	noPlan bool
	// lastExtra is extra's entry of lastExtraST, the last sourcetype.
	lastExtraST string
	lastExtra   *int
}

// selection remembers which knowledge entries of a sourcetype select the
// events of one source, by the values of the fields their conditions read
// (the add-ons' conditions test EventCode): one look-up an event instead
// of one an entry.
type selection struct {
	memo    *memo[[]*compiledKnowledge] // nil: each entry is asked
	compute func(value.Fields) []*compiledKnowledge
}

// selectionFor makes the selection of list for source (lower-cased) and
// sourcetype, once. The memo is exact when every condition is a function
// of a few fields' values alone (searchMemo), those of all the entries
// together too.
func (sh *shaper) selectionFor(source, sourcetype string, list []*compiledKnowledge) *selection {
	key := [2]string{source, sourcetype}
	if s := sh.selections[key]; s != nil {
		return s
	}
	s := &selection{}
	var rd reads
	ok := len(list) > 1
	for _, k := range list {
		if k.when == nil {
			continue
		}
		if searchMemo(k.whenRd) == nil {
			ok = false
			break
		}
		rd = rd.union(k.whenRd)
	}
	if ok {
		if s.memo = searchMemoOf[[]*compiledKnowledge](rd); s.memo != nil {
			s.compute = func(row value.Fields) []*compiledKnowledge {
				var out []*compiledKnowledge
				for _, k := range list {
					if k.selects(source, row) {
						out = append(out, k)
					}
				}
				return out
			}
		}
	}
	if sh.selections == nil {
		sh.selections = map[[2]string]*selection{}
	}
	sh.selections[key] = s
	return s
}

func newShaper(b *Base) (*shaper, error) {
	sh := &shaper{knowledge: map[string][]*compiledKnowledge{}, extra: map[string]*int{}}
	for _, k := range b.Knowledge {
		ck, err := compileKnowledge(k)
		if err != nil {
			return nil, err
		}
		st := strings.ToLower(k.Sourcetype)
		sh.knowledge[st] = append(sh.knowledge[st], ck)
	}
	for _, e := range b.Eventtypes {
		p, rd, err := compileSearchReads(fmt.Sprintf("eventtype %q", e.Name), e.Search)
		if err != nil {
			return nil, err
		}
		sh.eventtypes = append(sh.eventtypes, compiledEventtype{et: e, pred: p, rd: rd, skip: compileSearchSkip(e.Search), memo: searchMemo(rd)})
	}
	return sh, nil
}

// row makes an event's row: its default fields, the fields its format
// yields, then the add-on knowledge that applies to it.
func (sh *shaper) row(ev *ingest.Event) value.Fields {
	// Room for what the knowledge added to earlier events of the
	// sourcetype (Sysmon events gain about 50 fields), so the row is
	// neither copied while it grows nor much larger than it needs.
	extra := *sh.extraOf(ev.Sourcetype)
	if extra < 0 {
		extra = 64
	}
	size := len(ev.Fields) + extra + 12
	var row value.Fields
	if sh.reuse && cap(sh.buf) >= size {
		row = sh.buf[:0]
	} else {
		row = make(value.Fields, 0, size)
	}
	row = append(row,
		value.Field{Name: "_time", Value: value.Num(ev.Time)},
		value.Field{Name: "_raw", Value: value.Str(ev.Raw)},
		value.Field{Name: "host", Value: value.Str(ev.Host)},
		value.Field{Name: "source", Value: value.Str(ev.Source)},
		value.Field{Name: "sourcetype", Value: value.Str(ev.Sourcetype)},
		value.Field{Name: "index", Value: value.Str(ev.Index)},
	)
	// linecount and the date_* fields are made only when something of a
	// reduced shaper reads them (counting a record's lines reads it all).
	if sh.only == nil || sh.only.readsLines() {
		row = append(row, value.Field{Name: "linecount", Value: value.Num(float64(1 + strings.Count(ev.Raw, "\n")))})
	}
	if ev.DateZone != "" && (sh.only == nil || sh.only.dates) {
		row = appendDateFields(row, ev.Time, ev.DateZone)
	}
	// Format fields never replace the default fields above (nor an
	// earlier field of the same name). A 128-bit filter of the names
	// added skips the linear look-up for almost every field.
	var seen [2]uint64
	mark := func(name string) (word, bit uint64) {
		h := uint64(len(name))*31 + uint64(name[0])*7 + uint64(name[len(name)-1])*131 + uint64(name[len(name)/2])
		return (h >> 6) & 1, uint64(1) << (h & 63)
	}
	for _, f := range row {
		w, b := mark(f.Name)
		seen[w] |= b
	}
	for i, f := range ev.Fields {
		if sh.only != nil && !sh.only.given && !sh.only.keep(i, f.Name) {
			continue
		}
		if f.Name == "" {
			if row.Index(f.Name) < 0 {
				row = append(row, f)
			}
			continue
		}
		w, b := mark(f.Name)
		if seen[w]&b != 0 && row.Index(f.Name) >= 0 {
			continue
		}
		seen[w] |= b
		row = append(row, f)
	}
	sel := sh.sel[:0]
	// Events of a file share their source and sourcetype: lower-cased
	// and looked up once, not per event.
	if ev.Source != sh.lastSource {
		sh.lastSource, sh.lastSourceLower = ev.Source, strings.ToLower(ev.Source)
		sh.lastSel = nil
	}
	source := sh.lastSourceLower
	if ev.Sourcetype != sh.lastST || sh.lastKnowledge == nil {
		sh.lastST, sh.lastKnowledge = ev.Sourcetype, sh.knowledge[strings.ToLower(ev.Sourcetype)]
		if sh.lastKnowledge == nil {
			sh.lastKnowledge = []*compiledKnowledge{}
		}
		sh.lastSel = nil
	}
	if sh.lastSel == nil {
		sh.lastSel = sh.selectionFor(source, ev.Sourcetype, sh.lastKnowledge)
	}
	if m := sh.lastSel.memo; m != nil && !m.off {
		sel = append(sel, m.get(row, sh.lastSel.compute, keepAny)...)
	} else {
		for _, k := range sh.lastKnowledge {
			if k.selects(source, row) {
				sel = append(sel, k)
			}
		}
	}
	if sh.noPlan {
		if !slices.Equal(sel, sh.passSel) {
			sh.passSel, sh.pass = append(sh.passSel[:0], sel...), onePass(sel)
		}
		sh.scratch = applyKnowledge(sel, sh.pass, &row, sh.scratch[:0])
	} else {
		if sh.plan == nil || !slices.Equal(sel, sh.plan.sel) {
			sh.plan = sh.planOf(sel)
		}
		sh.plan.apply(&row)
	}
	sh.sel = sel[:0]
	if !sh.noEventtypes {
		sh.sieve.apply(sh.eventtypes, &row)
	}
	if grown := len(row) - len(ev.Fields) - 7; grown > max(*sh.lastExtra, 0) {
		*sh.lastExtra = grown
	}
	if sh.reuse {
		sh.buf = row
		return row
	}
	// Kept rows are trimmed to their length: over hundreds of thousands
	// of rows their spare room adds up to hundreds of MB.
	if cap(row) > len(row) {
		row = append(make(value.Fields, 0, len(row)), row...)
	}
	return row
}

// planOf is the plan of sel: one met lately, else a new one.
func (sh *shaper) planOf(sel []*compiledKnowledge) *passPlan {
	for _, p := range sh.plans {
		if slices.Equal(sel, p.sel) {
			return p
		}
	}
	if len(sh.plans) >= 64 {
		sh.plans = sh.plans[:0]
	}
	p := newPassPlan(sel)
	sh.plans = append(sh.plans, p)
	return p
}

// extraOf is extra's entry for sourcetype, made when missing: the last
// one's when it is the last sourcetype's.
func (sh *shaper) extraOf(sourcetype string) *int {
	if sh.lastExtra == nil || sourcetype != sh.lastExtraST {
		p := sh.extra[sourcetype]
		if p == nil {
			p = new(int)
			*p = -1
			sh.extra[sourcetype] = p
		}
		sh.lastExtraST, sh.lastExtra = sourcetype, p
	}
	return sh.lastExtra
}

// appendFields adds the child dataset's own fields, named with its
// relative path, when the event meets the child's constraints.
func (ch *compiledChild) appendFields(row, work value.Fields) value.Fields {
	for _, p := range ch.preds {
		if !p(work) {
			return row
		}
	}
	if len(ch.calcs) > 0 {
		work = work.Clone()
		for _, c := range ch.calcs {
			work.Set(c.field, c.f(work))
		}
	}
	for _, f := range ch.fields {
		if v, ok := work.Lookup(f); ok && !v.IsNull() {
			row = append(row, value.Field{Name: ch.prefix + f, Value: v})
		}
	}
	return row
}

// appendDateFields adds Splunk's date_* fields: the parts of the timestamp
// as written in the event, so in the event's own zone (Splunk's "Use
// default fields": date_hour, date_mday, date_minute, date_month,
// date_second, date_wday, date_year, date_zone). Month and weekday are
// lower-case English names.
func appendDateFields(row value.Fields, epoch float64, zone string) value.Fields {
	t := time.Unix(int64(math.Floor(epoch)), 0).UTC()
	if off, err := strconv.Atoi(zone); err == nil {
		t = t.Add(time.Duration(off) * time.Minute)
	}
	num := func(n int) value.Value { return value.Num(float64(n)) }
	return append(row,
		value.Field{Name: "date_hour", Value: num(t.Hour())},
		value.Field{Name: "date_mday", Value: num(t.Day())},
		value.Field{Name: "date_minute", Value: num(t.Minute())},
		value.Field{Name: "date_month", Value: value.Str(strings.ToLower(t.Month().String()))},
		value.Field{Name: "date_second", Value: num(t.Second())},
		value.Field{Name: "date_wday", Value: value.Str(strings.ToLower(t.Weekday().String()))},
		value.Field{Name: "date_year", Value: num(t.Year())},
		value.Field{Name: "date_zone", Value: value.Str(zone)},
	)
}
