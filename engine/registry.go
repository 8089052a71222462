package engine

import (
	"fmt"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// stage receives the rows of the command before it.
//
// push is called with batches of rows; the stage owns the rows it is given
// and may change them in place, drop them, or hand them on to its next
// stage. finish is called exactly once after the last push (also when there
// were none); a transforming stage emits its output there, then calls
// finish on its next stage. An error from either stops the search.
type stage interface {
	push(rows []value.Fields) error
	finish() error
}

// generator produces the rows of a search: the first command.
type generator interface {
	generate() error
}

// streamBuilder makes the stage of a command that follows another one.
type streamBuilder func(rc *runCtx, cmd spl.Command, next stage) (stage, error)

// genBuilder makes the stage of a command that starts a search.
type genBuilder func(rc *runCtx, cmd spl.Command, next stage) (generator, error)

// builders maps each executable command to its stage builders. A command
// can start a search (gen), follow another (stream), or both (search).
var builders = map[string]struct {
	gen    genBuilder
	stream streamBuilder
}{}

func registerStream(name string, b streamBuilder) {
	e := builders[name]
	e.stream = b
	builders[name] = e
}

func registerGen(name string, b genBuilder) {
	e := builders[name]
	e.gen = b
	builders[name] = e
}

// Executable reports whether the engine can run a command.
func Executable(name string) bool {
	_, ok := builders[name]
	return ok
}

// CanStart reports whether a command the engine runs can be the first
// command of a search (search, makeresults, tstats, inputlookup...).
func CanStart(name string) bool {
	return builders[name].gen != nil
}

// errAt makes a runtime error positioned on a command.
func errAt(n spl.Node, format string, args ...any) *spl.Error {
	l := n.Span()
	return &spl.Error{Pos: l.Start, End: l.End, Msg: fmt.Sprintf(format, args...)}
}

// build turns a pipeline into a generator feeding a chain of stages that
// ends in sink.
func build(rc *runCtx, p *spl.Pipeline, sink stage) (generator, error) {
	if len(p.Commands) == 0 {
		return nil, fmt.Errorf("empty search")
	}
	next := sink
	var counter *countStage // the next command's, with a trace
	for i := len(p.Commands) - 1; i >= 1; i-- {
		cmd := p.Commands[i]
		next, counter = rc.countedAfter(i, next, counter)
		next = &guardStage{rc: rc, next: next}
		b, ok := builders[cmd.CommandName()]
		if !ok || b.stream == nil {
			return nil, notSupported(cmd, ok)
		}
		st, err := b.stream(rc, cmd, next)
		if err != nil {
			return nil, err
		}
		if rc.trace != nil {
			rc.trace.Stages[i].Holds = holdsOf(st)
		}
		next = st
	}
	first := p.Commands[0]
	b, ok := builders[first.CommandName()]
	if !ok || b.gen == nil {
		if ok {
			return nil, errAt(first, "%s cannot start a search here", first.CommandName())
		}
		return nil, notSupported(first, false)
	}
	next, _ = rc.countedAfter(0, next, counter)
	gen, err := b.gen(rc, first, &guardStage{rc: rc, next: next})
	if err != nil {
		return nil, err
	}
	if es, ok := gen.(*eventSearch); ok {
		es.unordered = eventsOrderFree(p.Commands[1:])
		es.fields = scanFields(es.expr, p.Commands[1:])
		es.limit = headLimit(p.Commands[1:])
	}
	if rc.trace != nil {
		if ic, ok := gen.(inputCounter); ok {
			rc.trace.inputs = ic
		}
		rc.planFirst(gen)
	}
	return gen, nil
}

func notSupported(cmd spl.Command, known bool) error {
	if why, ok := notRun[cmd.CommandName()]; ok {
		return errAt(cmd, "command %q is not supported yet: %s", cmd.CommandName(), why)
	}
	e := errAt(cmd, "command %q is not supported yet", cmd.CommandName())
	if known {
		e.Msg = fmt.Sprintf("command %q cannot follow another command here", cmd.CommandName())
	}
	e.End = e.Pos + len(cmd.CommandName())
	return e
}

// passthrough forwards rows after f changes them in place.
type mapStage struct {
	next stage
	f    func(row *value.Fields) error
	cols colMap // nil: what it does to columns is not told
	// derive, for an eval, is what it tells a tstats before it (nil:
	// nothing).
	derive *evalPush
}

func (m *mapStage) push(rows []value.Fields) error {
	for i := range rows {
		if err := m.f(&rows[i]); err != nil {
			return err
		}
	}
	return m.next.push(rows)
}

func (m *mapStage) finish() error { return m.next.finish() }

func (m *mapStage) passesTo() stage { return m.next }

// passer is a stage that hands each row it gets to its next stage
// (changed or not) and does nothing else a row it never got would be
// missed for: no rows of its own, nothing written.
type passer interface{ passesTo() stage }

// discarder is a stage that can tell, before any row reaches it, that it
// will drop every row it gets.
type discarder interface{ discardsAll() bool }

// dropsAll reports whether every row pushed into st is dropped on the way
// (by a discarder after stages that only pass rows on), so that a
// generator need not make them. finish must still be called.
func dropsAll(st stage) bool {
	var counter *countStage // the last one passed, with a trace
	for {
		switch s := st.(type) {
		case discarder:
			if !s.discardsAll() {
				return false
			}
			if counter != nil {
				// The stage after the count of command i is i+1's.
				counter.t.droppedAll(counter.i + 1)
			}
			return true
		case passer:
			if c, ok := s.(*countStage); ok {
				counter = c
			}
			st = s.passesTo()
		default:
			return false
		}
	}
}

// filterStage forwards the rows keep accepts.
type filterStage struct {
	next   stage
	keep   func(row value.Fields) (bool, error)
	pushed *pushFilter // nil: not told
}

func (f *filterStage) push(rows []value.Fields) error {
	out := rows[:0]
	for _, r := range rows {
		ok, err := f.keep(r)
		if err != nil {
			return err
		}
		if ok {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return f.next.push(out)
}

func (f *filterStage) finish() error { return f.next.finish() }

// batcher groups rows from a callback source into batches for push.
type batcher struct {
	next stage
	buf  []value.Fields
}

const batchSize = 256

func (b *batcher) add(r value.Fields) error {
	b.buf = append(b.buf, r)
	if len(b.buf) >= batchSize {
		return b.flush()
	}
	return nil
}

func (b *batcher) flush() error {
	if len(b.buf) == 0 {
		return nil
	}
	batch := b.buf
	b.buf = make([]value.Fields, 0, batchSize)
	return b.next.push(batch)
}
