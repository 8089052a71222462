package main

import (
	"fmt"
	"io"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/runner"
)

const indexUsage = `Usage: spelunk index --data PATH... --out DIR [flags]
       spelunk index --info DIR

Reads log files once into DIR, a folder of Apache Parquet files (one
folder per index, sourcetype and day; docs/INDEX.md), that every command
taking --data then reads instead of the files: --data DIR. Files indexed
before (same path, size and time, or same content) are skipped; new ones
add parts without rewriting the old.

Flags:
`

func cmdIndex(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("index", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, indexUsage+fs.FlagUsages()) }
	common := addCommonFlags(fs, dataFlags)
	out := fs.String("out", "", "the index folder to write (made if missing; must be empty or an index)")
	info := fs.String("info", "", "list the partitions of this index folder: events, sizes, time ranges, and its data model summaries")
	to := fs.String("to", "", "instead of --out: load the events and data model datasets into ClickHouse tables (clickhouse://host:port/db; docs/SCALE.md)")
	noSummaries := fs.Bool("no-summaries", false, "write the events only, no data model summaries: faster, and tstats over the index then builds its datasets from the events")
	knowledge := fs.StringArray("knowledge", nil, "YAML knowledge file or directory the data model summaries are built with (with --info: judged against; repeatable)")
	cfg, done, err := common.parse(fs, args)
	if done {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageErr("unexpected argument %q", fs.Arg(0))
	case *info != "":
		if *out != "" || len(cfg.Data) > 0 {
			return usageErr("--info takes no --data or --out")
		}
		kb, err := datamodel.Load(*knowledge...)
		if err != nil {
			return err
		}
		return indexInfo(*info, kb, stdout)
	case *to != "":
		if *out != "" || len(cfg.Data) == 0 {
			return usageErr("--to takes --data and no --out")
		}
		return indexTo(cfg, *to, stderr)
	case *out == "":
		return usageErr("--out DIR is required")
	case len(cfg.Data) == 0:
		return usageErr("--data is required")
	}
	kb, err := datamodel.Load(*knowledge...)
	if err != nil {
		return err
	}
	line := newLiveLine(stderr)
	start := time.Now()
	res, err := index.Build(*out, index.Options{Paths: cfg.Data, Ingest: cfg.Ingest, Workers: runtime.GOMAXPROCS(0), Knowledge: kb, NoSummaries: *noSummaries,
		Progress: func(p index.Progress) {
			line.draw(false, func() string {
				return fmt.Sprintf("indexing: %d events, %s of %s read", p.Events, mb(p.RawBytes), mb(p.FileBytes))
			})
		}})
	line.clear()
	if err != nil {
		return err
	}
	w := line.writer()
	for _, p := range res.Stats.Problems {
		fmt.Fprintf(w, "warning: %s\n", p)
	}
	var events int64
	var bytes int64
	for _, p := range res.Parts {
		events += p.Events
		bytes += p.Bytes
	}
	var raw int64
	for _, f := range res.Added {
		raw += f.Size
	}
	fmt.Fprintf(w, "indexed %s (%s) into %s: %s, %s in %s;%s %s already indexed; %.2fs\n",
		runner.Quantity(len(res.Added), "file"), mb(raw), *out, runner.Quantity(int(events), "event"), mb(bytes),
		runner.Quantity(len(res.Parts), "part"), summariesLine(res.Summaries), runner.Quantity(len(res.Skipped), "file"),
		time.Since(start).Seconds())
	return nil
}

// summariesLine says what data model summaries a run wrote (the events'
// figures alone read as if there were none).
func summariesLine(parts []index.SummaryPart) string {
	if len(parts) == 0 {
		return ""
	}
	var bytes int64
	datasets := map[string]bool{}
	for _, p := range parts {
		bytes += p.Bytes
		datasets[p.Dataset] = true
	}
	return fmt.Sprintf(" data model summaries of %s, %s in %s;", runner.Quantity(len(datasets), "dataset"), mb(bytes),
		runner.Quantity(len(parts), "part"))
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// indexInfo lists an index's partitions and its summaries, fresh or
// stale for the knowledge kb.
func indexInfo(dir string, kb *datamodel.Base, stdout io.Writer) error {
	if !index.IsIndex(dir) {
		return fmt.Errorf("%s is not an index folder (no %s): make one with spelunk index --data PATH --out %s", dir, index.ManifestName, dir)
	}
	m, err := index.ReadManifest(dir)
	if err != nil {
		return err
	}
	type part struct {
		key           string
		files, groups int
		events, bytes int64
		lo, hi        float64
	}
	byKey := map[string]*part{}
	for _, p := range m.Parts {
		key := fmt.Sprintf("index=%s sourcetype=%s day=%s", p.Index, p.Sourcetype, p.Day)
		q := byKey[key]
		if q == nil {
			q = &part{key: key, lo: p.MinTime, hi: p.MaxTime}
			byKey[key] = q
		}
		q.files++
		q.groups += p.RowGroups
		q.events += p.Events
		q.bytes += p.Bytes
		q.lo, q.hi = min(q.lo, p.MinTime), max(q.hi, p.MaxTime)
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PARTITION\tPARTS\tROW GROUPS\tEVENTS\tBYTES\tEARLIEST\tLATEST")
	ts := func(t float64) string {
		return time.Unix(0, int64(t*1e9)).UTC().Format("2006-01-02T15:04:05Z")
	}
	var events, bytes int64
	for _, k := range keys {
		q := byKey[k]
		events += q.events
		bytes += q.bytes
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\n", q.key, q.files, q.groups, q.events, q.bytes, ts(q.lo), ts(q.hi))
	}
	tw.Flush()
	var raw int64
	for _, f := range m.Files {
		raw += f.Size
	}
	ratio := ""
	if raw > 0 {
		ratio = fmt.Sprintf(" (%.1f%% of the raw bytes)", 100*float64(bytes)/float64(raw))
	}
	fmt.Fprintf(stdout, "%s, %s from %s (%s); %s of Parquet%s\n", runner.Quantity(len(byKey), "partition"),
		runner.Quantity(int(events), "event"), runner.Quantity(len(m.Files), "file"), mb(raw), mb(bytes), ratio)
	if st := m.Stats(); st.Bad > 0 {
		fmt.Fprintf(stdout, "reading the files found %s\n", strings.TrimSpace(runner.Quantity(st.Bad, "bad record")))
	}
	summaryInfo(m, kb, stdout)
	return nil
}

// summaryInfo lists the data model summaries that hold rows, and says
// which are stale for the knowledge kb (a search then builds the dataset
// from the events).
func summaryInfo(m *index.Manifest, kb *datamodel.Base, stdout io.Writer) {
	status := m.SummaryStatus(kb)
	type sum struct {
		parts, groups int
		rows, bytes   int64
	}
	by := map[string]*sum{}
	for _, p := range m.Summaries {
		q := by[p.Dataset]
		if q == nil {
			q = &sum{}
			by[p.Dataset] = q
		}
		q.parts++
		q.groups += p.RowGroups
		q.rows += p.Rows
		q.bytes += p.Bytes
	}
	stale := 0
	for _, name := range m.SummaryNames() {
		if status[name] == "stale" {
			stale++
		}
	}
	fmt.Fprintf(stdout, "\ndata model summaries: %d datasets with rows; stale for this knowledge: %d\n", len(by), stale)
	if len(by) == 0 {
		return
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DATASET\tPARTS\tROW GROUPS\tROWS\tBYTES\tSTATUS")
	for _, name := range m.SummaryNames() {
		if q := by[name]; q != nil {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\n", name, q.parts, q.groups, q.rows, q.bytes, status[name])
		}
	}
	tw.Flush()
	if stale > 0 {
		fmt.Fprintln(stdout, "stale: built with other knowledge or data model definitions than this --knowledge; tstats builds those datasets from the events")
	}
}
