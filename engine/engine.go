// Package engine runs parsed SPL pipelines with Splunk's semantics.
//
// A pipeline becomes a chain of stages. Rows flow forward in batches: a
// generating stage (a leading search over events, tstats) pushes batches
// into the next stage; streaming commands (eval, where, rename) change or
// drop rows and pass them on at once; transforming commands (tstats,
// stats, sort) keep state and emit when the input ends. Each command's
// stage lives in its own file and is found through the builder table in
// registry.go.
package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Source is the data a search reads. The datamodel package implements it
// over ingested events.
type Source interface {
	// Scan calls fn with the events that req lets through, each with its
	// search-time fields (_raw, _time, host, source, sourcetype, index
	// and extracted fields). See EventScan for what a source must do and
	// may do. fn owns each row it is given: it may keep and change it.
	// An error from fn stops the scan and is returned.
	Scan(ctx context.Context, req EventScan, fn func(value.Fields) error) error
	// Dataset returns a data model dataset by its full name, such as
	// "Endpoint.Processes" or "Authentication.Failed_Authentication".
	Dataset(name string) (Dataset, error)
}

// EventScan is a request for events: which ones a search keeps and how it
// wants them.
//
// A source must:
//   - call fn only with events NewKeep's filter keeps (every event when
//     NewKeep is nil), and with every such event exactly once;
//   - call fn from one goroutine at a time;
//   - unless Unordered is set, call fn newest first (by _time; events
//     with equal or no time in the order they were read), as Splunk
//     returns events;
//   - give each row the fields Fields lists that the event has (every
//     field when Fields is nil).
//
// A source may:
//   - run each filter NewKeep makes on its own goroutine, several at once;
//   - pass over, unread, a record that cannot hold every one of Must
//     (such an event is guaranteed not to be kept), and skip the events
//     of partitions for which Skip returns true (likewise guaranteed);
//   - with Unordered set, call fn in any order, as events come;
//   - with Limit set, call fn with only the first Limit events;
//   - drop fields that Fields does not list.
type EventScan struct {
	// Fields lists every field the filter and fn read; nil means any.
	Fields []string
	// Must lists what every kept event holds (see Contains); empty
	// when nothing is known.
	Must []Contains
	// Skip tells that no event of a partition can be kept; nil means
	// it tells nothing.
	Skip func(Partition) bool
	// NewKeep makes the filter, once for each goroutine that filters:
	// a filter is not safe to share between goroutines.
	NewKeep func() func(value.Fields) bool
	// Unordered says that the consumer's results do not depend on the
	// order of the events, so the source need not hold them to sort.
	Unordered bool
	// Limit, when above 0, says that the consumer reads only the first
	// Limit events (head): a source may hand over just those. It is
	// not set with Unordered.
	Limit int
	// Interrupt, when set, is asked now and then while the source reads
	// whether the scan may go on; its error stops the scan (Options'
	// Interrupt: a memory budget).
	Interrupt func() error
	// Earliest and Latest, when set, bound the _time of every event the
	// filter keeps: Earliest <= _time < Latest (the leading search's time
	// modifiers), so a source may skip what lies outside unread.
	Earliest, Latest *float64
	// Prefilter is the Text of the Prefilter (SearchPrefilter,
	// MstatsPrefilter) of the command that scans, as written: every event
	// it keeps passes that prefilter, so a source that recorded which
	// events pass it may read only those. Empty: none.
	Prefilter string
}

// AllEvents is the request for every event, newest first.
var AllEvents = EventScan{}

// Partition describes a set of events by the values their fields take.
type Partition interface {
	// Known reports whether Values answers for field at no cost (the
	// fields that define the partition).
	Known(field string) bool
	// Values lists the distinct values field takes over the partition's
	// events (each a whole value: a multivalue is one entry), and whether
	// some event lacks the field; ok is false when the source cannot
	// tell (too many values).
	Values(field string) (vals []value.Value, missing, ok bool)
}

// FilteredDataset is a Dataset that can apply a search's filter while it
// builds rows, possibly on several goroutines at once, and hand over only
// the rows that pass: a stream over files need then keep no other row.
type FilteredDataset interface {
	Dataset
	// ScanFiltered is Source.Scan for the dataset's rows: req's Fields,
	// Must, NewKeep and Unordered mean what they mean for events (Skip
	// and Limit are not used), and fn is called from one goroutine at a
	// time, in Scan's order unless Unordered. Unlike Source.Scan, fn must
	// not keep or modify the row.
	ScanFiltered(ctx context.Context, req EventScan, fn func(value.Fields) error) error
}

// Contains is something a filter's rows must meet: the value of Field
// (one of its values, for a multivalue) holds every one of Pieces,
// ignoring ASCII case. Pieces are lower-case ASCII without control
// characters.
type Contains struct {
	Field  string
	Pieces []string
}

// ColumnDataset is a Dataset that can list a field's values row by row,
// so that a filter on the field is decided once per distinct value
// instead of once per row.
type ColumnDataset interface {
	Dataset
	// Column numbers each row's value of field, rows in Scan's order: 0
	// when the row lacks the field, else 1 + the value's index in dict.
	Column(field string) (ids []uint32, dict []value.Value)
	// Columns makes the columns of fields at once (cheaper than one by
	// one), for a search about to ask for them.
	Columns(fields []string)
	// HasColumn reports whether Column(field) is made already, so that
	// asking for it costs nothing.
	HasColumn(field string) bool
	// Times is each row's value of field as a number (NaN when the row
	// lacks it or it is not a number), and whether every value the rows
	// have is a number that value.Num of it gives back exactly (so NaN
	// then means no value).
	Times(field string) ([]float64, bool)
	// Len is the number of rows; RowAt is row i of Scan's order, made in
	// buf's space and valid until the next call.
	Len() int
	RowAt(i int, buf value.Fields) value.Fields
	// FoldedColumn is Column's dict folded for case-insensitive matching
	// (FoldCase of each string value; entries of other values are not
	// used), made once and shared, as the columns are.
	FoldedColumn(field string) []string
}

// FoldCase folds text as search patterns compare it case-insensitively:
// ASCII lower-cased in place of a copy when nothing changes, other text
// as strings.ToLower.
func FoldCase(s string) string { return foldString(s) }

// Dataset is one data model dataset, built from the events.
type Dataset interface {
	// Name is the dataset's full name ("Endpoint.Processes").
	Name() string
	// Object is the prefix of its fields in tstats ("Processes").
	Object() string
	// Scan calls fn for every row: the dataset's fields without prefix,
	// plus _time, host, source, sourcetype and index. fn must not keep
	// or modify the row.
	Scan(ctx context.Context, fn func(value.Fields) error) error
	// Events calls fn for every row with the event it was built from
	// (all search-time fields, _raw included): `| from datamodel` and
	// `| datamodel ... search` return those. fn may keep and change the
	// event, but must not keep or modify the row.
	Events(ctx context.Context, fn func(event, row value.Fields) error) error
}

// Options controls a run.
type Options struct {
	// TZ is the time zone for time formatting and day-aligned spans
	// (Splunk uses the user's zone). nil means UTC.
	TZ *time.Location
	// Now is the search's start time (eval now(), relative time
	// arguments); zero means the wall clock at the start of Run.
	Now time.Time
	// Notice receives warnings that do not stop the search.
	Notice func(string)
	// Trace, when set, receives the number of rows in and out of each
	// command (spelunk explain, and the stage that dropped everything in
	// spelunk test).
	Trace *Trace
	// Expand expands macros in search text that is parsed while the
	// search runs (map search="..."); nil leaves the text as it is.
	Expand func(string) (string, error)
	// Lookups holds the lookup tables (lookup, inputlookup) and the
	// folder outputlookup may write in; nil means none are configured.
	Lookups *lookups.Registry
	// GeoIP answers iplocation; nil means no database was given.
	GeoIP GeoIP
	// Folders are where collect, outputcsv, inputcsv and rest may read
	// and write; the zero value allows none.
	Folders Folders
	// Limits bound the search; nil means DefaultLimits.
	Limits *Limits
	// Interrupt, when set, is asked between batches of rows whether the
	// search may go on; an error stops it and Run returns that error (the
	// command line's memory budget).
	Interrupt func() error
	// Compact lets Run return a result whose Rows are nil, kept in a
	// smaller form (the groups of a last tstats): the caller reads it
	// with Result.Len and Result.Row, or calls Result.Materialize.
	Compact bool
}

// Result is a finished search: its rows and their column order.
type Result struct {
	Columns []string
	// Rows are the rows; nil for a compact result (Options.Compact),
	// read with Len and Row, or after Materialize.
	Rows []value.Fields
	// Compact, when set, holds the rows in place of Rows (a result's
	// methods read either).
	Compact CompactRows
}

// CompactRows are a result's rows kept in a smaller form than rows
// (Options.Compact): each row is made as it is read.
type CompactRows interface {
	// Len is the number of rows.
	Len() int
	// Row is row i, made in buf's space (valid until buf is used
	// again); it may be called from several goroutines at once, each
	// with its own buf.
	Row(i int, buf value.Fields) value.Fields
	// Rows makes every row.
	Rows() []value.Fields
}

// runCtx is shared by the stages of one run.
type runCtx struct {
	ctx     context.Context
	src     Source
	tz      *time.Location
	now     float64
	notice  func(string)
	expand  func(string) (string, error)
	lookups *lookups.Registry
	geoip   GeoIP
	folders Folders
	trace   *Trace
	warned  map[string]bool
	// depth counts nested subsearches, to stop runaway recursion.
	depth     int
	limits    Limits
	interrupt func() error
	shared    *shared
	// earliest and latest are the time range the leading search's time
	// modifiers set; nil is unbounded (all time).
	earliest, latest *float64
	// formats are the main search's fieldformats, applied to its final
	// results (render).
	formats *[]fieldFormat
	// mvDelims holds the delim= of each field's latest mvcombine: nomv
	// joins that field's values with it.
	mvDelims map[string]string
}

func (rc *runCtx) warn(format string, args ...any) {
	if rc.notice != nil {
		rc.notice(fmt.Sprintf(format, args...))
	}
}

// warnOnce is warn for problems that would repeat on every row (a bad
// regular expression in match()): each message is given once per run.
func (rc *runCtx) warnOnce(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if rc.warned == nil {
		rc.warned = map[string]bool{}
	}
	if rc.warned[msg] {
		return
	}
	rc.warned[msg] = true
	rc.warn("%s", msg)
}

// Run executes a parsed pipeline over src.
func Run(ctx context.Context, p *spl.Pipeline, src Source, opt Options) (*Result, error) {
	rc := &runCtx{ctx: ctx, src: src, tz: opt.TZ, notice: opt.Notice, expand: opt.Expand, lookups: opt.Lookups, geoip: opt.GeoIP, folders: opt.Folders, trace: opt.Trace,
		limits: DefaultLimits(), interrupt: opt.Interrupt, shared: &shared{}, formats: &[]fieldFormat{}}
	if opt.Limits != nil {
		rc.limits = *opt.Limits
	}
	if rc.tz == nil {
		rc.tz = time.UTC
	}
	if rc.trace != nil {
		rc.trace.reset(p)
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	rc.now = float64(now.UnixNano()) / 1e9
	sink := &limitedCollector{max: rc.limits.MaxResults, compact: opt.Compact && opt.Trace == nil}
	gen, err := build(rc, p, sink)
	if err != nil {
		return nil, err
	}
	if err := gen.generate(); err != nil {
		return nil, err
	}
	if err := rc.aborted(); err != nil {
		return nil, err
	}
	if rc.trace != nil {
		rc.trace.finalize()
	}
	if sink.groups != nil {
		res := &Result{Columns: sink.groups.columns(), Compact: sink.groups}
		if len(*rc.formats) > 0 {
			// Formats change the rows' values: they need rows.
			res.Materialize()
			rc.render(res.Rows)
		}
		return res, nil
	}
	rc.render(sink.rows)
	if sink.dropped > 0 {
		rc.warn("the search returned %d results; only the first %d are kept (--max-results, as Splunk's dispatch.max_count finalizes a search)", sink.total(), sink.max)
	}
	return sink.result(), nil
}

// collector is the last stage: it keeps every row.
type collector struct {
	rows []value.Fields
}

func (c *collector) push(rows []value.Fields) error {
	c.rows = append(c.rows, rows...)
	return nil
}

func (c *collector) finish() error { return nil }

// result orders columns by first appearance across rows, the way a
// results table grows as fields show up.
func (c *collector) result() *Result {
	seen := map[string]bool{}
	var cols []string
	var last value.Fields
	for _, r := range c.rows {
		// Rows of one stage mostly share their names, in order: a row
		// named as the one before adds no column.
		if sameNames(r, last) {
			continue
		}
		last = r
		for _, f := range r {
			if !seen[f.Name] {
				seen[f.Name] = true
				cols = append(cols, f.Name)
			}
		}
	}
	return &Result{Columns: cols, Rows: c.rows}
}

// sameNames reports whether two rows have the same field names in the
// same order.
func sameNames(a, b value.Fields) bool {
	if len(a) != len(b) || b == nil {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			return false
		}
	}
	return true
}
