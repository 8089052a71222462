package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// FuzzPipeline runs arbitrary searches over a few events, a data model
// dataset and the test lookups: a search may fail, but never panics,
// never returns more results than the limit allows, and stops within its
// time and memory bounds (tight limits here, so a runaway makeresults
// or mvexpand costs little). Seeds: the parser's seed searches, every
// golden case's search, and the queries below.
func FuzzPipeline(f *testing.F) {
	for _, q := range []string{
		`* | stats count by user`,
		`* | eval x=mvappend(user, "b") | mvexpand x | sort - x | head 3`,
		`* | rex field=cmd "(?<exe>\w+)\.exe" | table exe`,
		`* | join user [search user=* | eval k=1 | fields user k]`,
		`* | append [| makeresults count=3] | dedup user keepempty=true`,
		`* | map search="| makeresults | eval u=\"$user$\""`,
		`| tstats count from datamodel=Endpoint.Processes by Processes.dest`,
		`| inputlookup users.csv | lookup users.csv user OUTPUT department`,
		`* | transaction user maxspan=1h | table duration eventcount`,
		`* | timechart span=1h count by user`,
		`* | eventstats count as c by user | streamstats count | where c > 1`,
		`* | foreach * [eval <<FIELD>>=upper('<<FIELD>>')]`,
		`* | spath input=json | xmlkv | fromjson json`,
		`| makeresults count=100000 | eval x=random() | stats dc(x)`,
		`* | regex cmd="(a+)+$" | rex mode=sed field=cmd "s/a/b/g"`,
	} {
		f.Add(q)
	}
	for _, glob := range []string{"../spl/testdata/fuzzseeds/*.spl", "../testdata/golden/*/args"} {
		files, _ := filepath.Glob(glob)
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			s := strings.TrimRight(string(b), "\n")
			if strings.HasSuffix(p, "args") {
				s = s[strings.LastIndexByte(s, '\n')+1:] // the search is the last argument
			}
			f.Add(s)
		}
	}
	src := fuzzSource()
	reg := lookups.NewRegistry()
	for _, p := range []string{"../lookups/testdata/content", "../lookups/testdata/app"} {
		if err := reg.Load(p); err != nil {
			f.Fatal(err)
		}
	}
	lim := DefaultLimits()
	lim.JoinMaxOut, lim.AppendMaxOut, lim.SortLimit, lim.MaxResults = 50, 50, 50, 200
	lim.MvexpandMaxBytes = 1 << 20
	lim.RegexTimeout, lim.MaxRegexTimeouts = 20*time.Millisecond, 3
	tooBig := errors.New("heap over 1 GiB")
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	f.Fuzz(func(t *testing.T, q string) {
		p, err := spl.Parse(q)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		res, err := Run(ctx, p, src, Options{TZ: time.UTC, Now: time.Unix(1700000000, 0), Lookups: reg, Limits: &lim,
			Interrupt: func() error {
				metrics.Read(heap)
				if heap[0].Value.Uint64() > 1<<30 {
					return tooBig
				}
				return nil
			}})
		if err != nil {
			return
		}
		if len(res.Rows) > lim.MaxResults {
			t.Fatalf("%q: %d results, over the limit of %d", q, len(res.Rows), lim.MaxResults)
		}
	})
}

// fuzzSource is a few events of different shapes, and one dataset.
func fuzzSource() *memSource {
	ev := func(t float64, kv ...any) value.Fields {
		r := row(kv...)
		return append(value.Fields{{Name: "_time", Value: value.Num(t)}}, r...)
	}
	return &memSource{
		events: []value.Fields{
			ev(1700000000, "_raw", "user=alice cmd=cmd.exe", "user", "alice", "cmd", "cmd.exe /c whoami", "n", 1),
			ev(1700000100, "_raw", `{"a":{"b":[1,2]}}`, "json", `{"a":{"b":[1,2]}}`, "user", "bob", "n", 2.5),
			ev(1700003600, "_raw", "<r><k>v</k></r>", "user", []string{"carol", "dave"}, "cmd", strings.Repeat("a", 30)+"!"),
			ev(1700007200, "_raw", "", "n", -3),
		},
		datasets: map[string]*memDataset{"Endpoint.Processes": {name: "Endpoint.Processes", object: "Processes", rows: []value.Fields{
			ev(1700000000, "dest", "WIN-01", "process_name", "cmd.exe", "user", "alice"),
			ev(1700000100, "dest", "WIN-02", "process_name", "powershell.exe"),
		}}},
	}
}
