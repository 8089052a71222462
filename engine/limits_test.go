package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// TestLimits: each limit cuts where Limits says and the notice says so;
// the expected rows are worked out from the six events below.
func TestLimits(t *testing.T) {
	src := &memSource{events: []value.Fields{
		row("kind", "a", "k", 1), row("kind", "a", "k", 2), row("kind", "a", "k", 3),
		row("kind", "b", "k", 1, "v", "x1"), row("kind", "b", "k", 2, "v", "x2"), row("kind", "b", "k", 3, "v", "x3"),
	}}
	small := func(f func(*Limits)) *Limits {
		l := DefaultLimits()
		f(&l)
		return &l
	}
	cases := []struct {
		name    string
		q       string
		limits  *Limits
		want    []string
		notices []string
	}{{
		name:    "join subsearch cut at JoinMaxOut: the third b row is not there to join",
		q:       `kind=a | join k [search kind=b | fields k v]`,
		limits:  small(func(l *Limits) { l.JoinMaxOut = 2 }),
		want:    []string{"kind=a k=1 v=x1", "kind=a k=2 v=x2"},
		notices: []string{"join: the subsearch returned 3 results; only the first 2 are used (Splunk's subsearch limit, --join-maxout)"},
	}, {
		name:   "join within the default limit",
		q:      `kind=a | join k [search kind=b | fields k v]`,
		want:   []string{"kind=a k=1 v=x1", "kind=a k=2 v=x2", "kind=a k=3 v=x3"},
		limits: nil,
	}, {
		name:    "append subsearch cut at AppendMaxOut",
		q:       `kind=a | append [search kind=b | fields k]`,
		limits:  small(func(l *Limits) { l.AppendMaxOut = 2 }),
		want:    []string{"kind=a k=1", "kind=a k=2", "kind=a k=3", "k=1", "k=2"},
		notices: []string{"append: the subsearch returned 3 results; only the first 2 are used (Splunk's subsearch limit, maxout= or --append-maxout)"},
	}, {
		name:   "append's own maxout wins over the default",
		q:      `kind=a | append maxout=3 [search kind=b | fields k]`,
		limits: small(func(l *Limits) { l.AppendMaxOut = 2 }),
		want:   []string{"kind=a k=1", "kind=a k=2", "kind=a k=3", "k=1", "k=2", "k=3"},
	}, {
		name:    "sort without a count keeps SortLimit results",
		q:       `* | sort - k | fields k`,
		limits:  small(func(l *Limits) { l.SortLimit = 2 }),
		want:    []string{"k=3", "k=3"},
		notices: []string{"sort: kept the first 2 of 6 results (sort's default limit; write sort 0 to keep all, or use --sort-limit)"},
	}, {
		name:   "sort with a count ignores SortLimit",
		q:      `* | sort 3 - k | fields k`,
		limits: small(func(l *Limits) { l.SortLimit = 2 }),
		want:   []string{"k=3", "k=3", "k=2"},
	}, {
		name:   "sort 0 keeps all",
		q:      `* | sort 0 - k | fields k`,
		limits: small(func(l *Limits) { l.SortLimit = 2 }),
		want:   []string{"k=3", "k=3", "k=2", "k=2", "k=1", "k=1"},
	}, {
		name:    "results cut at MaxResults",
		q:       `* | fields k`,
		limits:  small(func(l *Limits) { l.MaxResults = 4 }),
		want:    []string{"k=1", "k=2", "k=3", "k=1"},
		notices: []string{"the search returned 6 results; only the first 4 are kept (--max-results, as Splunk's dispatch.max_count finalizes a search)"},
	}, {
		name:   "MaxResults bounds results, not what commands read",
		q:      `* | stats count`,
		limits: small(func(l *Limits) { l.MaxResults = 4 }),
		want:   []string{"count=6"},
	}, {
		// Each expanded row holds n=1 and x=<one letter>: rowBytes is
		// 24 + (40+1 + 16+1) + (40+1 + 16+1) = 140 bytes, so 300 bytes
		// hold two rows and the third is cut.
		name:    "mvexpand cut at MvexpandMaxBytes",
		q:       `| makeresults | eval n=1, x=split("a,b,c,d", ",") | fields - _time | mvexpand x`,
		limits:  small(func(l *Limits) { l.MvexpandMaxBytes = 300 }),
		want:    []string{"n=1 x=a", "n=1 x=b"},
		notices: []string{"mvexpand: output will be truncated at 2 results due to excessive memory usage; the memory threshold of 300 bytes (Splunk's [mvexpand] max_mem_usage_mb, --mvexpand-max-mb) has been reached"},
	}, {
		name:   "mvexpand within its limit",
		q:      `| makeresults | eval n=1, x=split("a,b,c,d", ",") | fields - _time | mvexpand x`,
		limits: small(func(l *Limits) { l.MvexpandMaxBytes = 560 }),
		want:   []string{"n=1 x=a", "n=1 x=b", "n=1 x=c", "n=1 x=d"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var notices []string
			res, err := Run(context.Background(), mustParse(t, tc.q), src, Options{TZ: time.UTC, Limits: tc.limits,
				Notice: func(s string) { notices = append(notices, s) }})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res)); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.notices, notices, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("notices (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRegexTimeouts: a backtracking pattern that times out counts as no
// match with one notice, and MaxRegexTimeouts timeouts stop the search.
// (a+)+$ against a run of a's ending in ! backtracks exponentially: it
// cannot finish within any timeout here.
func TestRegexTimeouts(t *testing.T) {
	evil := strings.Repeat("a", 40) + "!"
	src := &memSource{events: []value.Fields{row("s", evil), row("s", "ok"), row("s", evil), row("s", evil)}}
	lim := DefaultLimits()
	lim.RegexTimeout = time.Millisecond
	lim.MaxRegexTimeouts = 3
	for _, q := range []string{`* | regex s="(a+)+$"`, `* | rex field=s "(?<x>(a+)+$)"`, `* | where match(s, "(a+)+$")`} {
		t.Run(q, func(t *testing.T) {
			var notices []string
			_, err := Run(context.Background(), mustParse(t, q), src, Options{Limits: &lim, Notice: func(s string) { notices = append(notices, s) }})
			if err == nil || !strings.Contains(err.Error(), "3 regular expression matches timed out (1ms each, --regex-timeout); the search was stopped") {
				t.Errorf("error %v, want the search stopped after 3 timeouts", err)
			}
			if len(notices) != 1 || !strings.Contains(notices[0], "a match took longer than 1ms and counts as no match (--regex-timeout)") {
				t.Errorf("notices %q, want one saying the match counts as no match", notices)
			}
		})
	}
	lim.MaxRegexTimeouts = 4
	var notices []string
	res, err := Run(context.Background(), mustParse(t, `* | regex s="(a+)+$|ok"`), src, Options{Limits: &lim, Notice: func(s string) { notices = append(notices, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"s=ok"}, table(res)); diff != "" || len(notices) != 1 {
		t.Errorf("notices %q; rows (-want +got):\n%s", notices, diff)
	}
}

// TestInterrupt: the caller's interrupt (the memory budget) stops the
// search between batches with its own error.
func TestInterrupt(t *testing.T) {
	var src memSource
	for i := range 1000 {
		src.events = append(src.events, row("n", i))
	}
	stop := errors.New("budget used up")
	calls := 0
	_, err := Run(context.Background(), mustParse(t, `* | eval m=n*2 | stats count`), &src, Options{Interrupt: func() error {
		calls++
		if calls > 3 {
			return stop
		}
		return nil
	}})
	if !errors.Is(err, stop) {
		t.Errorf("error %v, want %v", err, stop)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, mustParse(t, `| makeresults count=100000 | stats count`), &src, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: error %v", err)
	}
}

// TestMapMaxSearches: map runs at most maxsearches searches (default 10,
// Search Reference, map) and says how many it left out.
func TestMapMaxSearches(t *testing.T) {
	var src memSource
	for i := 1; i <= 12; i++ {
		src.events = append(src.events, row("n", i))
	}
	var notices []string
	res, err := Run(context.Background(), mustParse(t, `* | map search="| makeresults | eval m=$n$ | table m"`), &src,
		Options{Notice: func(s string) { notices = append(notices, s) }})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"m=1", "m=2", "m=3", "m=4", "m=5", "m=6", "m=7", "m=8", "m=9", "m=10"}
	if diff := cmp.Diff(want, table(res)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"map: 12 results but maxsearches=10; the searches for the other 2 were not run"}, notices); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	// A bad option value is a parse error.
	if _, err := spl.Parse(`* | map maxsearches=0 search="| makeresults"`); err == nil ||
		!strings.Contains(err.Error(), "map: maxsearches=0 must be a whole number above 0") {
		t.Errorf("maxsearches=0: %v", err)
	}
}
