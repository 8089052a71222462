package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// streamstats adds running statistics to each row, in input order.
//
//   - current=true (default) counts the row itself; false gives the
//     statistics of the rows before it.
//   - window=N keeps only the last N rows; with global=true (default) the
//     window is over all rows, with global=false one window per group.
//   - time_window=<span> keeps the rows within that span of the current
//     row's _time (the input must be in time order, as Splunk requires).
//   - reset_on_change=true starts over when a BY value differs from the
//     previous row's; reset_before/reset_after="(<eval>)" start over
//     before or after a row where the expression is true.
//
// A row with a null BY field is in no group and passes unchanged
// [UNCONFIRMED]; a multivalue BY field groups by its first combination.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/streamstats
func init() {
	registerStream("streamstats", buildStreamstats)
}

type streamEntry struct {
	key    string
	t      float64
	inputs []value.Value
}

type streamstatsStage struct {
	next       stage
	gr         *grouper
	current    bool
	window     int
	global     bool
	timeWindow *timeSpan
	resetOnChg bool
	resetBef   evalFn
	resetAft   evalFn
	rc         *runCtx

	hist    []streamEntry // windowed modes: the rows in the window
	prevKey string
	hasPrev bool
}

func buildStreamstats(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
	c := cmd.(*spl.StreamstatsCommand)
	gr, err := statsGrouper(rc, "streamstats", c.AllNum, false, c.Aggs, c.By)
	if err != nil {
		return nil, err
	}
	s := &streamstatsStage{next: next, gr: gr, rc: rc, current: c.Current, global: c.Global,
		resetOnChg: c.ResetOnChange, window: c.Window}
	if c.TimeWindow != nil {
		sp := spanOf(*c.TimeWindow)
		s.timeWindow = &sp
	}
	for _, r := range []struct {
		x  spl.Expr
		to *evalFn
	}{{c.ResetBefore, &s.resetBef}, {c.ResetAfter, &s.resetAft}} {
		if r.x == nil {
			continue
		}
		f, err := (&exprCompiler{rc: rc}).compile(r.x)
		if err != nil {
			return nil, err
		}
		*r.to = f
	}
	return s, nil
}

func (s *streamstatsStage) reset() {
	s.gr.groups = map[string]*group{}
	s.gr.order = nil
	s.hist = nil
}

func (s *streamstatsStage) windowed() bool { return s.window > 0 || s.timeWindow != nil }

func (s *streamstatsStage) push(rows []value.Fields) error {
	for i := range rows {
		if err := s.row(&rows[i]); err != nil {
			return err
		}
	}
	return s.next.push(rows)
}

func (s *streamstatsStage) row(r *value.Fields) error {
	if s.resetBef != nil && s.resetBef(*r).Truth() {
		s.reset()
	}
	var key []value.Value
	_ = s.gr.keys(*r, func(k []value.Value) error {
		if key == nil {
			key = append([]value.Value{}, k...)
		}
		return nil
	})
	if key == nil {
		return nil
	}
	ks := s.gr.keyString(key)
	if s.resetOnChg && s.hasPrev && ks != s.prevKey {
		s.reset()
	}
	s.prevKey, s.hasPrev = ks, true
	t := rowTime(*r)
	inputs := make([]value.Value, len(s.gr.aggs))
	for i, a := range s.gr.aggs {
		inputs[i] = a.input(*r)
	}
	var res []value.Value
	if s.windowed() {
		res = s.windowResult(ks, t, inputs)
	} else {
		grp := s.gr.group(key)
		if !s.current {
			res = results(grp.states)
		}
		for i := range s.gr.aggs {
			grp.states[i].add(inputs[i], t)
		}
		if s.current {
			res = results(grp.states)
		}
	}
	for i, a := range s.gr.aggs {
		r.Set(a.name, res[i])
	}
	if s.resetAft != nil && s.resetAft(*r).Truth() {
		s.reset()
	}
	return nil
}

func results(states []aggState) []value.Value {
	out := make([]value.Value, len(states))
	for i, st := range states {
		out[i] = st.result()
	}
	return out
}

// windowResult adds the row to the window, drops what falls out of it,
// and computes the row's group over what remains.
func (s *streamstatsStage) windowResult(key string, t float64, inputs []value.Value) []value.Value {
	e := streamEntry{key: key, t: t, inputs: inputs}
	if s.timeWindow != nil {
		width := s.timeWindow.seconds()
		kept := s.hist[:0]
		for _, h := range s.hist {
			if t-h.t < width && h.t-t < width {
				kept = append(kept, h)
			}
		}
		s.hist = kept
	}
	s.hist = append(s.hist, e)
	if s.window > 0 {
		s.trim(key)
	}
	states := make([]aggState, len(s.gr.aggs))
	for i, a := range s.gr.aggs {
		states[i] = a.newState()
	}
	for j, h := range s.hist {
		if h.key != key || (!s.current && j == len(s.hist)-1) {
			continue
		}
		for i := range states {
			states[i].add(h.inputs[i], h.t)
		}
	}
	return results(states)
}

// trim keeps the last window rows overall (global) or of the row's group.
func (s *streamstatsStage) trim(key string) {
	n := s.window
	if !s.current {
		n++ // the current row is in hist but not in the window
	}
	if s.global {
		if len(s.hist) > n {
			s.hist = s.hist[len(s.hist)-n:]
		}
		return
	}
	count := 0
	for j := len(s.hist) - 1; j >= 0; j-- {
		if s.hist[j].key != key {
			continue
		}
		count++
		if count > n {
			s.hist = append(s.hist[:j], s.hist[j+1:]...)
		}
	}
}

func (s *streamstatsStage) finish() error { return s.next.finish() }
