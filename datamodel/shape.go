package datamodel

import (
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// EventShaper gives ingested events their search-time fields (the add-on
// knowledge, eventtypes and tags) for a reader outside the package. It
// keeps scratch space and memos between events, so each goroutine needs
// its own.
type EventShaper struct{ sh *shaper }

// NewEventShaper compiles the knowledge of b for one goroutine.
func NewEventShaper(b *Base) (*EventShaper, error) {
	sh, err := newShaper(b)
	if err != nil {
		return nil, err
	}
	return &EventShaper{sh: sh}, nil
}

// Pieces returns the text (ignoring ASCII case) an event's record must
// hold for its row to meet must, as ingest.Options.Need takes it: the
// pieces of the requirements the knowledge cannot make true otherwise.
func (s *EventShaper) Pieces(must []engine.Contains) []string { return eventPieces(s.sh, must) }

// Reduce makes the shaper compute only what makes fields (nil: every
// field), and make each row in the space of the one before: the caller
// is done with a row before it asks for the next.
func (s *EventShaper) Reduce(fields []string) {
	sh := s.sh
	// A bare term reads every field of an event without _raw, which
	// knowledge setting _raw could make: then every field is computed.
	if fields != nil && !(liveOf(fields)["_raw"] && sh.sets("_raw")) {
		if read := sh.prune(liveOf(fields)); read != nil {
			sh.only = newFieldFilter(read)
		}
	}
	sh.reuse = true
}

// ReduceKeeping is Reduce(fields) that also keeps every field whose name
// keep accepts, whether the event's format gives it or the knowledge
// makes it: a caller keeping a class of names (those starting with "_")
// cannot list them before the events are read.
func (s *EventShaper) ReduceKeeping(fields []string, keep func(string) bool) {
	sh := s.sh
	fields = append([]string(nil), fields...)
	for _, f := range sh.made() {
		if keep(f) {
			fields = append(fields, f)
		}
	}
	s.Reduce(fields)
	if sh.only != nil {
		sh.only.also = keep
	}
}

// Row makes an event's row: its default fields, the fields its format
// yields, then the knowledge that applies to it.
func (s *EventShaper) Row(ev *ingest.Event) value.Fields { return s.sh.row(ev) }

// DatasetShaper makes the rows of one data model dataset from ingested
// events, for a reader outside the package that builds the dataset as it
// reads. Like EventShaper, each goroutine needs its own.
type DatasetShaper struct {
	sh *shaper
	cd *compiledDataset
}

// CheckedDataset looks up the dataset name in b and reports what stops
// its constraints and calculations from compiling, if anything: what a
// source that builds the dataset on each read checks up front.
func CheckedDataset(b *Base, name string) (*DatasetDef, error) {
	def, err := b.LookupDataset(name)
	if err != nil {
		return nil, err
	}
	// The built-in datasets compile (TestBuiltinCompiles): a search over
	// an index's summaries does not parse their calculations to know it.
	if bi, _ := Builtin(); b == bi {
		return def, nil
	}
	if _, err := compileDataset(b, def); err != nil {
		return nil, err
	}
	return def, nil
}

// NewDatasetShaper compiles the knowledge of b and the dataset def for
// one goroutine.
func NewDatasetShaper(b *Base, def *DatasetDef) (*DatasetShaper, error) {
	sh, err := newShaper(b)
	if err != nil {
		return nil, err
	}
	cd, err := compileDataset(b, def)
	if err != nil {
		return nil, err
	}
	return &DatasetShaper{sh: sh, cd: cd}, nil
}

// Pieces returns the text (ignoring ASCII case) an event's record must
// hold for the dataset row made from it to meet must, as
// ingest.Options.Need takes it (see rawPieces).
func (s *DatasetShaper) Pieces(must []engine.Contains) []string {
	return rawPieces(s.sh, s.cd, must)
}

// Reduce makes the shaper compute only what makes the row fields named
// in fields (nil: all of them), and make each event in the space of the
// one before: the caller is done with an event before it asks for the
// next.
func (s *DatasetShaper) Reduce(fields []string) {
	cd, need := s.cd.prune(fields)
	s.cd = cd
	if read := s.sh.prune(need); read != nil {
		s.sh.only = newFieldFilter(read)
	}
	s.sh.reuse = true
}

// Event makes an event's row, as EventShaper.Row does.
func (s *DatasetShaper) Event(ev *ingest.Event) value.Fields { return s.sh.row(ev) }

// Row makes the dataset's row of an event's row, and false when the
// event does not meet the dataset's constraints. The calculations may
// work on event in place.
func (s *DatasetShaper) Row(event value.Fields) (value.Fields, bool) {
	return s.cd.rowOf(event, false)
}

// RowInto is Row, the row made in buf's space, for a caller that is done
// with the row before it makes the next.
func (s *DatasetShaper) RowInto(event, buf value.Fields) (value.Fields, bool) {
	return s.cd.rowInto(event, false, buf)
}

// fieldFilter drops the fields of an event that nothing of a streamed
// search reads, before the knowledge runs: a Sysmon event has some 50,
// the seed detection reads a dozen, and every field look-up on the row is
// a linear scan. read is what shaper.prune says the knowledge and the
// dataset read of the event as its format gives it.
type fieldFilter struct {
	read live
	// dates says some date_* field is read.
	dates bool
	// names and keeps remember the decision by position: events of a
	// source list their fields in the same order, and comparing a name
	// is cheaper than hashing it.
	names []string
	keeps []bool
	// also keeps the names it accepts, read or not (nil: none).
	also func(string) bool
	// given says the events hold only fields read holds.
	given bool
	// lines is 1 when read holds linecount, -1 when not, 0 not known yet.
	lines int8
}

// readsLines reports whether linecount is read.
func (ff *fieldFilter) readsLines() bool {
	if ff.lines == 0 {
		ff.lines = -1
		if ff.read["linecount"] {
			ff.lines = 1
		}
	}
	return ff.lines > 0
}

func newFieldFilter(read live) *fieldFilter {
	ff := &fieldFilter{read: read}
	for f := range read {
		ff.dates = ff.dates || strings.HasPrefix(f, "date_")
	}
	return ff
}

func (ff *fieldFilter) keep(i int, name string) bool {
	if i < len(ff.names) && ff.names[i] == name {
		return ff.keeps[i]
	}
	k := ff.read[name] || ff.also != nil && ff.also(name)
	for len(ff.names) <= i {
		ff.names, ff.keeps = append(ff.names, ""), append(ff.keeps, false)
	}
	ff.names[i], ff.keeps[i] = name, k
	return k
}

// CompiledDataset is a dataset ready to build from events, for a store
// outside the package. Its compiled expressions keep memos, so each
// goroutine needs its own.
type CompiledDataset struct {
	cd     *compiledDataset
	places fieldPlaces // RowWork's and RowBelow's: one goroutine at a time
}

// CompileDataset compiles def's constraints, calculations and fields, and
// those of its ancestors and children, with the knowledge of b.
func CompileDataset(b *Base, def *DatasetDef) (*CompiledDataset, error) {
	cd, err := compileDataset(b, def)
	if err != nil {
		return nil, err
	}
	return &CompiledDataset{cd: cd}, nil
}

// Def is the dataset compiled.
func (d *CompiledDataset) Def() *DatasetDef { return d.cd.def }

// RulesOut reports whether what p knows of its events shows that none
// meets the dataset's constraints (exact, as engine.EventScan.Skip).
func (d *CompiledDataset) RulesOut(p engine.Partition) bool {
	for _, skip := range d.cd.skips {
		if skip(p) {
			return true
		}
	}
	return false
}

// EventFields marks, by number in names, the event fields the dataset's
// rows are made from, or nil when it may read any.
func (d *CompiledDataset) EventFields(names []string) []bool { return d.cd.eventFields(names) }

// Reads lists the event fields the dataset's rows are made from (as
// EventFields marks them), or nil when it may read any.
func (d *CompiledDataset) Reads() []string {
	need := d.cd.reads()
	if need == nil {
		return nil
	}
	out := make([]string, 0, len(need))
	for f, ok := range need {
		if ok {
			out = append(out, f)
		}
	}
	return out
}

// ConstraintReads lists the event fields the constraints of the dataset
// and its ancestors read, whose values alone decide whether an event meets
// them; nil when there is no constraint or they may read any field, _raw
// or _time.
func (d *CompiledDataset) ConstraintReads() []string {
	rd := d.cd.predRd
	if len(d.cd.preds) == 0 || rd.all || len(rd.fields) == 0 {
		return nil
	}
	for _, f := range rd.fields {
		if f == "_raw" || f == "_time" {
			return nil
		}
	}
	return append([]string(nil), rd.fields...)
}

// RowInto is the dataset's row for an event, made in buf's space, and
// whether the event meets the constraints; the calculations change ev.
func (d *CompiledDataset) RowInto(ev, buf value.Fields) (value.Fields, bool) {
	return d.cd.rowInto(ev, false, buf)
}

// RowWork is RowInto that also gives the event's fields after the
// calculations (made in ev's space), for RowBelow. It and RowBelow are
// for one goroutine at a time (they remember where the fields were).
func (d *CompiledDataset) RowWork(ev, buf value.Fields) (row, work value.Fields, ok bool) {
	return d.cd.rowWork(ev, false, buf, &d.places)
}

// RowWorkMet is RowWork for an event known to meet the constraints (an
// earlier event with the same values of the fields ConstraintReads lists
// met them).
func (d *CompiledDataset) RowWorkMet(ev, buf value.Fields) (row, work value.Fields) {
	return d.cd.calcRow(ev, buf, &d.places)
}

// RowBelow is RowWork for a child dataset whose parent met the event ev
// and gave work (RowWork's, changed here): only the dataset's own
// constraint and calculations run, and the row is the one RowInto gives.
func (d *CompiledDataset) RowBelow(ev, work, buf value.Fields) (row, newWork value.Fields, ok bool) {
	return d.cd.rowBelow(ev, work, buf, &d.places)
}

// Sets reports whether some knowledge entry may set field (an EVAL, an
// alias or an extraction's capture group): when none does, an event's
// row holds the field as its format gave it.
func (s *EventShaper) Sets(field string) bool { return s.sh.sets(field) }

// GivenRead tells the shaper that the events it gets hold only fields
// that EventFields lists (the caller dropped the others), so that it
// need not look each up.
func (s *EventShaper) GivenRead() {
	if s.sh.only != nil {
		s.sh.only.given = true
	}
}

// EventFields lists the fields of an event, as its format gives them,
// that the shaper reads once reduced; nil when it may read every one.
func (s *EventShaper) EventFields() []string { return s.sh.eventFields() }

// EventFields is EventShaper.EventFields for the dataset's rows.
func (s *DatasetShaper) EventFields() []string { return s.sh.eventFields() }

func (sh *shaper) eventFields() []string {
	if sh.only == nil {
		return nil
	}
	out := make([]string, 0, len(sh.only.read))
	for f, ok := range sh.only.read {
		if ok {
			out = append(out, f)
		}
	}
	return out
}
