package engine

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/timefmt"
	"github.com/spelunk-dev/spelunk/value"
)

// rowPred is a compiled search expression.
type rowPred func(row value.Fields) bool

// searchCompiler compiles search-language predicates (search, tstats
// where). resolve maps a field name as written to the row's field name
// (tstats strips the dataset prefix); nil keeps names as they are.
type searchCompiler struct {
	rc      *runCtx
	resolve func(string) string
	// leading is set for the search that starts a pipeline: its time
	// modifiers are the search's time range (addinfo reports it).
	leading bool
}

func (sc *searchCompiler) field(name string) string {
	if sc.resolve != nil {
		return sc.resolve(name)
	}
	return name
}

func (sc *searchCompiler) compile(x spl.SearchExpr) (rowPred, error) {
	switch n := x.(type) {
	case nil:
		return func(value.Fields) bool { return true }, nil
	case *spl.SearchAnd:
		preds, err := sc.compileAll(n.Terms)
		if err != nil {
			return nil, err
		}
		return func(r value.Fields) bool {
			for _, p := range preds {
				if !p(r) {
					return false
				}
			}
			return true
		}, nil
	case *spl.SearchOr:
		preds, err := sc.compileAll(n.Terms)
		if err != nil {
			return nil, err
		}
		return func(r value.Fields) bool {
			for _, p := range preds {
				if p(r) {
					return true
				}
			}
			return false
		}, nil
	case *spl.SearchNot:
		p, err := sc.compile(n.X)
		if err != nil {
			return nil, err
		}
		// NOT f=v also keeps rows where f is missing, unlike f!=v
		// (Search Manual, "Difference between NOT and !=").
		return func(r value.Fields) bool { return !p(r) }, nil
	case *spl.SearchCompare:
		return sc.compare(n)
	case *spl.SearchIn:
		ref := newFieldRef(sc.field(n.Field))
		pats := make([]*pattern, len(n.Values))
		for i, v := range n.Values {
			pats[i] = compilePattern(v)
		}
		set := newPatternSet(pats)
		return func(r value.Fields) bool {
			v := ref.get(r)
			if v.IsNull() {
				return false
			}
			return set.anyValue(v)
		}, nil
	case *spl.SearchTerm:
		return sc.term(n), nil
	case *spl.SearchSubsearch:
		y, err := sc.formatSubsearch(n)
		if err != nil {
			return nil, err
		}
		return sc.compile(y)
	}
	return nil, errAt(x, "unsupported search expression %T", x)
}

func (sc *searchCompiler) compileAll(xs []spl.SearchExpr) ([]rowPred, error) {
	out := make([]rowPred, len(xs))
	for i, x := range xs {
		p, err := sc.compile(x)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

func (sc *searchCompiler) compare(n *spl.SearchCompare) (rowPred, error) {
	if n.IsTimeModifier() {
		return sc.timeBound(n)
	}
	ref := newFieldRef(sc.field(n.Field))
	pat := compilePattern(n.Value)
	switch n.Op {
	case "=":
		return func(r value.Fields) bool {
			v := ref.get(r)
			return !v.IsNull() && pat.anyValue(v)
		}, nil
	case "!=":
		// f!=v needs the field to exist (Search Manual, "Difference
		// between NOT and !=").
		return func(r value.Fields) bool {
			v := ref.get(r)
			return !v.IsNull() && !pat.anyValue(v)
		}, nil
	}
	// < <= > >= compare numerically when both sides are numbers and
	// lexicographically otherwise (Search Reference, search: "Comparison
	// expressions").
	lit := value.Str(n.Value.Text)
	op := n.Op
	return func(r value.Fields) bool {
		for _, e := range ref.get(r).Values() {
			var c int
			if x, ok := e.Number(); ok {
				if y, ok := lit.Number(); ok {
					c = cmp.Compare(x, y)
				} else {
					c = strings.Compare(e.String(), lit.String())
				}
			} else {
				c = strings.Compare(e.String(), lit.String())
			}
			if compareHolds(op, c) {
				return true
			}
		}
		return false
	}, nil
}

func compareHolds(op string, c int) bool {
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	case "=", "==":
		return c == 0
	case "!=":
		return c != 0
	}
	return false
}

// timeBound compiles a time modifier into a filter on _time. earliest is
// inclusive and latest exclusive, as Splunk's time range picker uses them;
// the others are spelled as earliest or latest ("Time modifiers" in the
// Search Reference): starttime/endtime take %m/%d/%Y:%H:%M:%S,
// starttimeu/endtimeu epoch seconds, start<unit>sago and end<unit>sago a
// count back from now, and <unit>sago the span from that count to now.
// Offline the index time is the event time, so _index_earliest and
// _index_latest bound _time too [our choice: no separate index time].
func (sc *searchCompiler) timeBound(n *spl.SearchCompare) (rowPred, error) {
	lo, hi, err := sc.timeRange(n)
	if err != nil {
		return nil, err
	}
	if sc.leading {
		sc.rc.noteTimeRange(lo, hi)
	}
	return func(r value.Fields) bool {
		ts, ok := r.Get("_time").Number()
		if !ok {
			return false
		}
		return (lo == nil || ts >= *lo) && (hi == nil || ts < *hi)
	}, nil
}

// timeRange is the range of _time a time modifier keeps, [lo, hi) (nil:
// unbounded).
func (sc *searchCompiler) timeRange(n *spl.SearchCompare) (lo, hi *float64, err error) {
	field := strings.ToLower(n.Field)
	if n.Op != "=" {
		return nil, nil, errAt(n, "%s takes a value with \"=\", e.g. %s=-24h@h", n.Field, n.Field)
	}
	text := n.Value.Text
	bad := func(err error) (*float64, *float64, error) {
		return nil, nil, errAt(n, "%s=%s: %v", n.Field, text, err)
	}
	set := func(early bool, t float64) {
		if early {
			lo = &t
		} else {
			hi = &t
		}
	}
	units := map[string]string{"days": "d", "hours": "h", "minutes": "m", "months": "mon"}
	switch {
	case field == "earliest" || field == "latest" || field == "_index_earliest" || field == "_index_latest":
		t, err := timefmt.ParseTimeArg(text, sc.rc.now, sc.rc.tz)
		if err != nil {
			return bad(err)
		}
		set(strings.HasSuffix(field, "earliest"), t)
	case field == "starttime" || field == "endtime":
		t, ok := timefmt.Strptime(text, timefmt.DefaultTimeArgFormat, sc.rc.tz)
		if !ok {
			return bad(fmt.Errorf("expected a time such as 10/19/2023:00:00:00"))
		}
		set(field == "starttime", t)
	case field == "starttimeu" || field == "endtimeu":
		t, ok := value.ParseNumber(text)
		if !ok {
			return bad(fmt.Errorf("expected epoch seconds"))
		}
		set(field == "starttimeu", t)
	case strings.HasSuffix(field, "sago"):
		count, ok := value.ParseNumber(text)
		if !ok || count < 0 {
			return bad(fmt.Errorf("expected a number of %s", strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(field, "start"), "end"), "ago")))
		}
		base := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(field, "start"), "end"), "ago")
		unit, ok := units[base]
		if !ok {
			return nil, nil, errAt(n, "time modifier %s is not supported yet", n.Field)
		}
		t, err := timefmt.RelativeTime(sc.rc.now, "-"+strconv.FormatFloat(count, 'f', -1, 64)+unit, sc.rc.tz)
		if err != nil {
			return bad(err)
		}
		switch {
		case strings.HasPrefix(field, "start"):
			set(true, t)
		case strings.HasPrefix(field, "end"):
			set(false, t)
		default:
			set(true, t)
			set(false, sc.rc.now)
		}
	default:
		return nil, nil, errAt(n, "time modifier %s is not supported yet", n.Field)
	}
	return lo, hi, nil
}

// andTimeRange is the range of _time that the time modifiers of x's AND
// (however nested) all keep: every event x keeps lies in it. A modifier
// under OR or NOT bounds nothing.
func (sc *searchCompiler) andTimeRange(x spl.SearchExpr) (lo, hi *float64) {
	for _, t := range searchAndTerms(x) {
		n, ok := t.(*spl.SearchCompare)
		if !ok || !n.IsTimeModifier() {
			continue
		}
		l, h, err := sc.timeRange(n)
		if err != nil {
			continue
		}
		if l != nil && (lo == nil || *l > *lo) {
			lo = l
		}
		if h != nil && (hi == nil || *h < *hi) {
			hi = h
		}
	}
	return lo, hi
}

// term compiles a bare term. Against events it searches _raw. Rows with
// no _raw (after tstats or stats) have no text to search: a lone `*`
// keeps them all, and another term matches when some field value
// contains it [choice: docs/SEMANTICS.md §2 notes only field=value terms make
// sense there; this keeps `search foo` useful on tables].
func (sc *searchCompiler) term(n *spl.SearchTerm) rowPred {
	if strings.Trim(n.Value.Text, "*") == "" && n.Value.Modifier == "" {
		return func(value.Fields) bool { return true }
	}
	m := newTermMatcher(n.Value)
	return func(r value.Fields) bool {
		if raw, ok := r.Lookup("_raw"); ok {
			return m.match(raw.String())
		}
		for _, f := range r {
			for _, e := range f.Value.Values() {
				if m.match(e.String()) {
					return true
				}
			}
		}
		return false
	}
}

func init() {
	registerStream("search", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.SearchCommand)
		sc := &searchCompiler{rc: rc}
		// The subsearches run once, when the search is built, as Splunk
		// runs them before the search.
		expr, err := sc.expandSubsearches(c.Expr)
		if err != nil {
			return nil, err
		}
		pred, err := sc.compile(expr)
		if err != nil {
			return nil, err
		}
		return &filterStage{next: next, keep: func(r value.Fields) (bool, error) { return pred(r), nil }, pushed: searchPush(expr, pred)}, nil
	})
	registerGen("search", func(rc *runCtx, cmd spl.Command, next stage) (generator, error) {
		c := cmd.(*spl.SearchCommand)
		sc := &searchCompiler{rc: rc, leading: true}
		expr, err := sc.expandSubsearches(c.Expr)
		if err != nil {
			return nil, err
		}
		// Compiled once here for its errors; each goroutine that
		// filters compiles its own (newKeep).
		if _, err := sc.compile(expr); err != nil {
			return nil, err
		}
		skip, err := sc.partitionSkip(expr)
		if err != nil {
			return nil, err
		}
		lo, hi := sc.andTimeRange(expr)
		return &eventSearch{rc: rc, expr: expr, skip: skip, must: searchMust(expr), earliest: lo, latest: hi, next: next, prefilter: searchPrefilterText(c.Expr)}, nil
	})
}

// eventSearch is a leading search: it asks the source for the events the
// search keeps (Source.Scan) and passes them on.
type eventSearch struct {
	rc   *runCtx
	expr spl.SearchExpr       // subsearches expanded
	skip func(Partition) bool // partitions no event of which can match
	must []Contains           // text every kept event holds
	// earliest and latest bound the _time of every kept event (nil:
	// unbounded).
	earliest, latest *float64
	next             stage
	// unordered is set when nothing after the search depends on the
	// order of events (orderFree); fields lists what the search and the
	// commands after it read (scanFields).
	unordered bool
	fields    []string
	// limit is the number of events the command after reads (headLimit).
	limit int
	// prefilter is the Text of the prefilter of the search as written,
	// before its subsearches ran (EventScan.Prefilter).
	prefilter string
}

func (s *eventSearch) generate() error {
	req := EventScan{Fields: s.fields, Limit: s.limit, Must: s.must, Skip: s.rc.countedSkip(s.skip), Unordered: s.unordered,
		NewKeep: s.rc.countedKeep(s.newKeep), Interrupt: s.rc.interrupt, Earliest: s.earliest, Latest: s.latest, Prefilter: s.prefilter}
	b := &batcher{next: s.next}
	if err := s.rc.src.Scan(s.rc.ctx, req, b.add); err != nil {
		return err
	}
	if err := b.flush(); err != nil {
		return err
	}
	return s.next.finish()
}

// newKeep compiles the search's predicate for one goroutine.
func (s *eventSearch) newKeep() func(value.Fields) bool {
	pred, err := (&searchCompiler{rc: s.rc}).compile(s.expr)
	if err != nil {
		// generate's caller compiled the same expression without error.
		panic("BUG: search expression no longer compiles: " + err.Error())
	}
	return pred
}

// CompileSearchSkip compiles the partition test of a search expression
// for use outside a pipeline (see EventScan.Skip): it tells that the search
// is false for every event of a partition. It is nil when the search
// names no field.
func CompileSearchSkip(x spl.SearchExpr, opt Options) (func(Partition) bool, error) {
	rc := &runCtx{tz: opt.TZ, notice: opt.Notice}
	if rc.tz == nil {
		rc.tz = utc
	}
	return (&searchCompiler{rc: rc}).partitionSkip(x)
}

// CompileSearch compiles a search expression for use outside a pipeline
// (the datamodel package selects events for sourcetype knowledge and
// dataset constraints with it). A nil expression matches everything.
func CompileSearch(x spl.SearchExpr, opt Options) (func(value.Fields) bool, error) {
	rc := &runCtx{tz: opt.TZ, notice: opt.Notice, shared: &shared{}}
	if rc.tz == nil {
		rc.tz = utc
	}
	p, err := (&searchCompiler{rc: rc}).compile(x)
	if err != nil {
		return nil, err
	}
	return p, nil
}
