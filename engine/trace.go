package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// Trace counts rows through a pipeline: what each command received and
// what it passed on. It is filled by Run when given in Options.
type Trace struct {
	Stages []StageTrace
	inputs inputCounter
}

// StageTrace is one command's counts. For the first command, In is the
// number of events or dataset rows it read.
type StageTrace struct {
	Command spl.Command
	In, Out int
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
	t.inputs = nil
}

// finalize fills the In counts once the search has run.
func (t *Trace) finalize() {
	for i := range t.Stages {
		if i > 0 {
			t.Stages[i].In = t.Stages[i-1].Out
		}
	}
	if t.inputs != nil && len(t.Stages) > 0 {
		t.Stages[0].In = t.inputs.inputs()
	}
}

// FirstEmpty returns the index of the first command that received rows
// and passed none on, or -1.
func (t *Trace) FirstEmpty() int {
	for i, s := range t.Stages {
		if s.Out == 0 {
			return i
		}
	}
	return -1
}

// counted wraps next so that the rows command i passes on are counted.
func (rc *runCtx) counted(i int, next stage) stage {
	if rc.trace == nil {
		return next
	}
	return &countStage{next: next, n: &rc.trace.Stages[i].Out}
}

type countStage struct {
	next stage
	n    *int
}

func (c *countStage) push(rows []value.Fields) error {
	*c.n += len(rows)
	return c.next.push(rows)
}

func (c *countStage) finish() error { return c.next.finish() }
