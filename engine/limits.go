package engine

import (
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/spelunk-dev/spelunk/pcre"
	"github.com/spelunk-dev/spelunk/value"
)

// Limits bound what one search may hold, as Splunk's limits.conf and
// command defaults do. A zero field means no limit; DefaultLimits gives
// Splunk's defaults, which Run uses when Options.Limits is nil.
//
// Sources (limits.conf.spec and the Search Reference, 9.x):
//   - [join] subsearch_maxout = 50000: rows a join subsearch returns.
//   - append/appendcols maxout default 50000: rows an append subsearch
//     returns (the command's own maxout= wins).
//   - [subsearch] maxout = 10000: rows of a subsearch in search terms
//     ("This stanza DOES NOT control subsearch results when a subsearch is
//     called by commands such as join, append, or appendcols"); spelunk
//     does not run those subsearches yet.
//   - sort without a count keeps 10000 results ("the default limit").
//   - [mvexpand] max_mem_usage_mb = 500: "If the memory limit is exceeded,
//     output is truncated, not spilled to disk."
//   - savedsearches.conf dispatch.max_count = 500000: "The maximum number
//     of results before finalizing the search."
type Limits struct {
	JoinMaxOut      int
	AppendMaxOut    int
	SubsearchMaxOut int
	SortLimit       int
	// MvexpandMaxBytes bounds the estimated size of the results mvexpand
	// makes from one batch of input (rowBytes estimates a result).
	MvexpandMaxBytes int64
	MaxResults       int
	// RegexTimeout bounds one backtracking regular expression match
	// (patterns Go's linear-time regexp runs need none).
	RegexTimeout time.Duration
	// MaxRegexTimeouts stops the search once this many matches have timed
	// out: each one costs RegexTimeout, so a pattern that times out on
	// every event would otherwise run for hours.
	MaxRegexTimeouts int
}

// DefaultLimits are Splunk's defaults (see Limits) and spelunk's own for
// what Splunk bounds differently (regular expressions).
func DefaultLimits() Limits {
	return Limits{
		JoinMaxOut:       50000,
		AppendMaxOut:     50000,
		SubsearchMaxOut:  10000,
		SortLimit:        10000,
		MvexpandMaxBytes: 500 << 20,
		MaxResults:       500000,
		RegexTimeout:     pcre.DefaultMatchTimeout,
		MaxRegexTimeouts: 10,
	}
}

// shared is the state of one run that nested searches (subsearches, map)
// share with it, so their counts add up.
type shared struct {
	regexTimeouts atomic.Int32
	abort         atomic.Pointer[error]
}

// compileRegex compiles a pattern with the run's match timeout.
func (rc *runCtx) compileRegex(pattern string) (*pcre.Regex, error) {
	return pcre.CompileTimeout(pattern, rc.limits.RegexTimeout)
}

// regexFailed handles a failed match of what (e.g. `rex "pattern"`): the
// match counts as no match and a notice says so once; after
// MaxRegexTimeouts timeouts the search is stopped with an error, returned
// here and by every later guard check.
func (rc *runCtx) regexFailed(what string, err error) error {
	if !errors.Is(err, pcre.ErrTimeout) {
		rc.warnOnce("%s: %v", what, err)
		return nil
	}
	rc.warnOnce("%s: a match took longer than %v and counts as no match (--regex-timeout)", what, rc.limits.RegexTimeout)
	n := int(rc.shared.regexTimeouts.Add(1))
	if rc.limits.MaxRegexTimeouts > 0 && n >= rc.limits.MaxRegexTimeouts {
		e := fmt.Errorf("%s: %d regular expression matches timed out (%v each, --regex-timeout); the search was stopped rather than run for hours: simplify the pattern (a backtracking pattern such as (a+)+ or a back reference on long values) or raise --regex-timeout", what, n, rc.limits.RegexTimeout)
		rc.shared.abort.CompareAndSwap(nil, &e)
		return e
	}
	return nil
}

// regexStopped reports whether too many matches have timed out: eval
// functions then stop matching, so the rest of a batch does not cost a
// timeout per row before the search stops.
func (rc *runCtx) regexStopped() bool { return rc.shared.abort.Load() != nil }

// aborted is the error that stopped the run, if any: the caller's
// interrupt (memory budget), a cancelled context, or too many regular
// expression timeouts.
func (rc *runCtx) aborted() error {
	if p := rc.shared.abort.Load(); p != nil {
		return *p
	}
	if rc.interrupt != nil {
		if err := rc.interrupt(); err != nil {
			return err
		}
	}
	if rc.ctx == nil {
		return nil
	}
	return rc.ctx.Err()
}

// guardStage checks, before each batch, that the run may go on.
type guardStage struct {
	rc   *runCtx
	next stage
}

func (g *guardStage) push(rows []value.Fields) error {
	if err := g.rc.aborted(); err != nil {
		return err
	}
	return g.next.push(rows)
}

func (g *guardStage) passesTo() stage { return g.next }

func (g *guardStage) finish() error {
	if err := g.rc.aborted(); err != nil {
		return err
	}
	return g.next.finish()
}

// limitedCollector keeps the first max rows (0: all) and counts the rest,
// so a search that returns too much holds no more than it keeps.
type limitedCollector struct {
	collector
	max     int
	dropped int
	// compact lets a last grouping leave its groups in groups rather
	// than rows (takeGroups).
	compact bool
	groups  compactResult
}

// compactResult is a result kept in a smaller form than rows.
type compactResult interface {
	CompactRows
	// columns are every row's field names, in order.
	columns() []string
}

func (c *limitedCollector) push(rows []value.Fields) error {
	if c.max > 0 && len(c.rows)+len(rows) > c.max {
		keep := max(c.max-len(c.rows), 0)
		c.dropped += len(rows) - keep
		rows = rows[:keep]
	}
	c.rows = append(c.rows, rows...)
	return nil
}

// total is how many rows reached the collector.
func (c *limitedCollector) total() int { return len(c.rows) + c.dropped }

// rowBytes estimates the memory a result holds: its field names and
// values, and a fixed cost per field and per value for the headers that
// carry them. It is what mvexpand's memory limit counts; like Splunk's
// estimate it is approximate, but it is the same on every machine.
func rowBytes(r value.Fields) int64 {
	n := int64(24)
	for _, f := range r {
		n += 40 + int64(len(f.Name))
		for _, v := range f.Value.Values() {
			n += 16 + int64(len(v.String()))
		}
	}
	return n
}

// byteSize writes a limit in MB when it is a whole number of them.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
