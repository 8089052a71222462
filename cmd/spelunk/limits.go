package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
)

// limitOptions are the flags that bound a search and say how strict to be
// about the data, shared by the commands that run searches. README.md's
// "Limits and errors" lists them with their sources.
type limitOptions struct {
	strict       bool
	joinMaxOut   int
	appendMaxOut int
	sortLimit    int
	mvexpandMB   int
	maxResults   int
	maxMemoryMB  int64
	regexTimeout time.Duration
}

// addLimitFlags registers the limit flags on fs, with Splunk's defaults.
func addLimitFlags(fs *pflag.FlagSet) *limitOptions {
	l := &limitOptions{}
	d := engine.DefaultLimits()
	fs.BoolVar(&l.strict, "strict", false, "treat data errors (bad records, undetectable or corrupt files) as failures: exit status 3 before searching (spelunk test: the test errors); a data model dataset or field the CIM does not define is an error too (exit 1), not a warning")
	fs.IntVar(&l.joinMaxOut, "join-maxout", d.JoinMaxOut, "rows a join subsearch returns at most (Splunk's [join] subsearch_maxout; 0: no limit)")
	fs.IntVar(&l.appendMaxOut, "append-maxout", d.AppendMaxOut, "rows an append subsearch returns at most unless it says maxout= (0: no limit)")
	fs.IntVar(&l.sortLimit, "sort-limit", d.SortLimit, "results sort keeps when the search gives no count (0: all)")
	fs.IntVar(&l.mvexpandMB, "mvexpand-max-mb", int(d.MvexpandMaxBytes>>20), "memory mvexpand may use to expand one batch of results, in MB; beyond it the batch is cut with a notice (Splunk's [mvexpand] max_mem_usage_mb; 0: no limit)")
	fs.IntVar(&l.maxResults, "max-results", d.MaxResults, "results a search keeps at most, with a notice when more came (Splunk's dispatch.max_count; 0: no limit)")
	fs.Int64Var(&l.maxMemoryMB, "max-memory", defaultMemoryMB(), "memory budget in MB for the data and the search; when it is used up spelunk stops with exit status 4 instead of being killed; by default 3/4 of the memory available at start (0: no budget)")
	fs.DurationVar(&l.regexTimeout, "regex-timeout", d.RegexTimeout, "time one match of a backtracking regular expression may take before it counts as no match; the search stops after 10 such timeouts")
	return l
}

// check rejects negative values.
func (l *limitOptions) check() error {
	for _, f := range []struct {
		name string
		v    int64
	}{{"--join-maxout", int64(l.joinMaxOut)}, {"--append-maxout", int64(l.appendMaxOut)}, {"--sort-limit", int64(l.sortLimit)},
		{"--mvexpand-max-mb", int64(l.mvexpandMB)}, {"--max-results", int64(l.maxResults)}, {"--max-memory", l.maxMemoryMB}} {
		if f.v < 0 {
			return usageErr("%s %d: use 0 or more", f.name, f.v)
		}
	}
	if l.regexTimeout <= 0 {
		return usageErr("--regex-timeout %v: use a positive duration such as 2s or 500ms", l.regexTimeout)
	}
	return nil
}

// apply checks the flags and sets the memory budget; the engine limits go
// into runEnv.
func (l *limitOptions) apply() (engine.Limits, error) {
	if err := l.check(); err != nil {
		return engine.Limits{}, err
	}
	budget.set(l.maxMemoryMB << 20)
	d := engine.DefaultLimits()
	return engine.Limits{
		JoinMaxOut:       l.joinMaxOut,
		AppendMaxOut:     l.appendMaxOut,
		SubsearchMaxOut:  d.SubsearchMaxOut,
		SortLimit:        l.sortLimit,
		MvexpandMaxBytes: int64(l.mvexpandMB) << 20,
		MaxResults:       l.maxResults,
		RegexTimeout:     l.regexTimeout,
		MaxRegexTimeouts: d.MaxRegexTimeouts,
	}, nil
}

// reportProblems prints what went wrong while reading data: the first
// problems as file:line: reason, how many more there were, the records
// kept despite invalid UTF-8, and a summary line whenever anything was
// reported.
func reportProblems(w io.Writer, st ingest.Stats) {
	for _, p := range st.Problems {
		fmt.Fprintf(w, "spelunk: warning: %s\n", p)
	}
	if more := st.Bad - len(st.Problems); more > 0 {
		fmt.Fprintf(w, "spelunk: warning: %s skipped\n", quantity(more, "more bad record"))
	}
	for _, p := range st.Notes {
		fmt.Fprintf(w, "spelunk: warning: %s\n", p)
	}
	if more := st.InvalidUTF8 - len(st.Notes); more > 0 {
		fmt.Fprintf(w, "spelunk: warning: %s with invalid UTF-8 kept as they are\n", quantity(more, "more record"))
	}
	if st.Bad == 0 && st.InvalidUTF8 == 0 {
		return
	}
	msg := fmt.Sprintf("spelunk: data: %s read from %s, %s skipped", quantity(st.Events, "event"), quantity(st.Files, "file"), quantity(st.Bad, "bad record"))
	if st.InvalidUTF8 > 0 {
		msg += fmt.Sprintf(", %s with invalid UTF-8 kept", quantity(st.InvalidUTF8, "event"))
	}
	if st.Unparsed > 0 {
		// Not checked for damage either (ingest.Options.Need).
		msg += fmt.Sprintf(", %s passed over unparsed (the search's where clause cannot match them)", quantity(st.Unparsed, "record"))
	}
	fmt.Fprintln(w, msg)
}
