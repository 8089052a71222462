package engine

import (
	"sync"
	"sync/atomic"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Trace counts rows through a pipeline: what each command received and
// what it passed on, and how the search was run (Plan). It is filled by
// Run when given in Options. A trace changes nothing of how a search
// runs: the counts are taken on the plan Run picks without it.
type Trace struct {
	Stages []StageTrace
	Plan   Plan
	inputs inputCounter
	// read counts the rows the first command's filter tested, on the
	// goroutines of the source (countedKeep).
	read atomic.Int64
	mu   sync.Mutex // guards Plan's partition counts (countedSkip)
}

// StageTrace is one command's counts. For the first command, In is the
// number of events or dataset rows it read: those it tested, and those the
// source ruled out without testing (Plan.EventsSkipped, and for events
// Plan.Unparsed once the runner adds it).
type StageTrace struct {
	Command spl.Command
	In, Out int
	// Streams says that the command passes rows on as they come; else it
	// holds them (Holds says what) until its input ends. Not set for the
	// first command.
	Streams bool
	Holds   string
	// DropsAll says that the command told, before any row came, that it
	// drops every row it gets (an inner join whose subsearch found
	// nothing): the commands before it were not run (NotRun), and its
	// counts are 0.
	DropsAll, NotRun bool
	// Early is the number of rows of the first command that this
	// command's filter, applied by the first command before grouping
	// (Plan.Pushed), kept from being grouped: rows that would have made
	// only groups this filter drops. The counts of the commands from the
	// first to this one leave those groups out.
	Early int
}

// Plan is how Run ran a search: what the first command read and what it
// asked of the source, and how each later command handles rows (in
// Trace.Stages).
type Plan struct {
	// Reads is what the first command reads: "events", "dataset" (of
	// Dataset), or "" when it makes its own rows (makeresults,
	// inputlookup...).
	Reads   string
	Dataset string
	// Streamed is set by the caller that chose the source (the runner):
	// the data is read as a stream, each event filtered as it is made,
	// rather than loaded into a store first.
	Streamed bool
	// Must is the text every record the first command keeps must contain
	// (EventScan.Must): the source may pass over a record
	// that lacks it without parsing it.
	Must []Contains
	// Fields lists the fields the search reads of the events or rows
	// (EventScan.Fields); nil means every field.
	Fields []string
	// Unordered says that the results do not depend on the order of the
	// events or rows, so the source need not sort them.
	Unordered bool
	// Limit is the number of events the command after a leading search
	// reads (head N); 0 when all.
	Limit int
	// PartitionTest says that the leading search can rule out a store's
	// partitions (events of one index, sourcetype, source, host...) by
	// their values alone; PartitionsSkipped of PartitionsSeen were, with
	// EventsSkipped events in them.
	PartitionTest                     bool
	PartitionsSeen, PartitionsSkipped int
	EventsSkipped                     int
	// Columnar says that tstats decided its where clause and grouped
	// rows by the dataset's numbered columns (ColumnDataset); Filtered
	// that the dataset filtered rows as it made them (FilteredDataset).
	Columnar, Filtered bool
	// Pushed lists the commands (indexes into Trace.Stages) whose filter
	// the first command applied before grouping (see StageTrace.Early).
	Pushed []int
	// Unparsed is the number of records the source passed over unparsed
	// because they could not hold Must (ingest Stats.Unparsed); the
	// runner adds it with AddUnparsed.
	Unparsed int
}

// inputCounter is implemented by generators that can say how many events
// or dataset rows they read.
type inputCounter interface {
	inputs() int
}

func (t *Trace) reset(p *spl.Pipeline) {
	t.Stages = make([]StageTrace, len(p.Commands))
	for i, c := range p.Commands {
		t.Stages[i].Command = c
	}
	t.Plan = Plan{}
	t.inputs = nil
	t.read.Store(0)
}

// finalize fills the In counts once the search has run.
func (t *Trace) finalize() {
	t.settleHolds()
	for i := range t.Stages {
		if i > 0 {
			t.Stages[i].In = t.Stages[i-1].Out
		}
	}
	if len(t.Stages) > 0 && !t.Stages[0].NotRun {
		n := int(t.read.Load()) + t.Plan.EventsSkipped
		if t.inputs != nil {
			n += t.inputs.inputs()
		}
		t.Stages[0].In = n
	}
}

// AddUnparsed records that the source passed over n records unparsed
// (Plan.Unparsed); a leading search read them as events all the same, so
// they count in its In. A tstats' In is left alone: which of them its
// dataset would have held is not known.
func (t *Trace) AddUnparsed(n int) {
	t.Plan.Unparsed += n
	if t.Plan.Reads == "events" && len(t.Stages) > 0 && !t.Stages[0].NotRun {
		t.Stages[0].In += n
	}
}

// FirstEmpty returns the index of the first command that passed no row
// on, or -1. When the first command passed none on only because filters
// applied before grouping (Plan.Pushed) kept its rows from being
// grouped, it is the last of those filters that kept any: each filter
// drops the groups of the rows it kept back, so without it rows would
// have reached the next one.
func (t *Trace) FirstEmpty() int {
	for i, s := range t.Stages {
		if s.NotRun {
			continue
		}
		if s.Out != 0 {
			continue
		}
		if i == 0 {
			last := -1
			for _, k := range t.Plan.Pushed {
				if t.Stages[k].Early > 0 {
					last = max(last, k)
				}
			}
			if last >= 0 {
				return last
			}
		}
		return i
	}
	return -1
}

// countedAfter wraps next so that the rows command i passes on are
// counted; after is the count of command i+1 (nil for the last), told
// when i's output ends. It returns the wrapped stage and i's count.
func (rc *runCtx) countedAfter(i int, next stage, after *countStage) (stage, *countStage) {
	if rc.trace == nil {
		return next, nil
	}
	c := &countStage{next: next, t: rc.trace, i: i, after: after}
	return c, c
}

// countStage counts the rows command i passes on, and whether it passed
// any on before its input ended (then it streams).
type countStage struct {
	next stage
	t    *Trace
	i    int
	// ended is set once command i's input has ended.
	ended bool
	// after is the countStage of command i+1, told when i's output ends.
	after *countStage
}

func (c *countStage) push(rows []value.Fields) error {
	st := &c.t.Stages[c.i]
	st.Out += len(rows)
	if !c.ended && len(rows) > 0 {
		st.Streams = true
	}
	return c.next.push(rows)
}

func (c *countStage) finish() error {
	if c.after != nil {
		c.after.ended = true
	}
	return c.next.finish()
}

// passesTo implements passer: counting changes nothing of what a row
// goes through.
func (c *countStage) passesTo() stage { return c.next }

// countedKeep wraps a NewKeep so that every row the filters test counts
// as read by the first command.
func (rc *runCtx) countedKeep(newKeep func() func(value.Fields) bool) func() func(value.Fields) bool {
	if rc.trace == nil || newKeep == nil {
		return newKeep
	}
	t := rc.trace
	return func() func(value.Fields) bool {
		keep := newKeep()
		return func(r value.Fields) bool {
			t.read.Add(1)
			return keep(r)
		}
	}
}

// sizedPartition is a Partition that knows how many events it holds.
type sizedPartition interface {
	Len() int
}

// countedSkip wraps a partition test so that the partitions it rules out,
// and their events, are counted in Plan.
func (rc *runCtx) countedSkip(skip func(Partition) bool) func(Partition) bool {
	if rc.trace == nil || skip == nil {
		return skip
	}
	t := rc.trace
	t.Plan.PartitionTest = true
	return func(p Partition) bool {
		out := skip(p)
		t.mu.Lock()
		defer t.mu.Unlock()
		t.Plan.PartitionsSeen++
		if out {
			t.Plan.PartitionsSkipped++
			if s, ok := p.(sizedPartition); ok {
				t.Plan.EventsSkipped += s.Len()
			}
		}
		return out
	}
}

// droppedAll records that command k drops every row before any comes:
// the commands before it are not run.
func (t *Trace) droppedAll(k int) {
	t.Stages[k].DropsAll = true
	for j := 0; j < k; j++ {
		t.Stages[j].NotRun = true
	}
}
