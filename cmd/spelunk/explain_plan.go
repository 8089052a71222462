package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

// explainPlan prints how the search ran: what its first command read and
// asked of the source (the text every kept record contains, the fields
// read, whether order matters, a head's limit, the partitions ruled
// out), and whether each command streams or holds rows.
func explainPlan(w io.Writer, tr *engine.Trace) {
	pl := tr.Plan
	fmt.Fprintln(w, "\nPlan:")
	how := "loaded"
	if pl.Streamed {
		how = "streamed"
	}
	switch pl.Reads {
	case "events":
		fmt.Fprintf(w, "  reads: events, %s\n", how)
	case "dataset":
		fmt.Fprintf(w, "  reads: dataset %s, %s%s\n", pl.Dataset, how, datasetWay(pl))
	case "dataset events":
		fmt.Fprintf(w, "  reads: the events of dataset %s, %s\n", pl.Dataset, how)
	default:
		fmt.Fprintf(w, "  reads: the rows %s makes\n", tr.Stages[0].Command.CommandName())
	}
	if pl.Reads == "events" || pl.Filtered {
		explainPrefilter(w, pl)
		fields := "all"
		if pl.Fields != nil {
			fields = strings.Join(pl.Fields, ", ")
		}
		fmt.Fprintf(w, "  fields read: %s\n", fields)
		order := "needed"
		if pl.Unordered {
			order = "not needed"
		}
		fmt.Fprintf(w, "  order: %s\n", order)
	}
	if pl.Limit > 0 && !pl.Unordered {
		fmt.Fprintf(w, "  limit: head %d reads only the first %d events kept, so the source may hand over no more\n", pl.Limit, pl.Limit)
	}
	if pl.PartitionTest && !pl.Streamed {
		fmt.Fprintf(w, "  partitions: %d of %d skipped by their index, sourcetype, source, host, eventtype and tag (%s not tested)\n",
			pl.PartitionsSkipped, pl.PartitionsSeen, quantity(pl.EventsSkipped, "event"))
	}
	for _, k := range pl.Pushed {
		fmt.Fprintf(w, "  before grouping: the test of %d. %s (it reads only BY fields)\n", k+1, tr.Stages[k].Command.CommandName())
	}
	var stages []string
	for i, s := range tr.Stages {
		stages = append(stages, s.Command.CommandName()+" ("+stageWay(i, s)+")")
	}
	fmt.Fprintf(w, "  stages: %s\n", strings.Join(stages, " -> "))
}

// datasetWay says how tstats read its dataset.
func datasetWay(pl engine.Plan) string {
	switch {
	case pl.Filtered:
		return " (filtered as its rows are made)"
	case pl.Columnar:
		return " (where clause and groups by its columns)"
	}
	return ""
}

// explainPrefilter prints the text every kept record must contain, and
// whether the source used it to pass records over.
func explainPrefilter(w io.Writer, pl engine.Plan) {
	if len(pl.Must) == 0 {
		fmt.Fprintln(w, "  prefilter: none")
		return
	}
	var parts []string
	for _, c := range pl.Must {
		quoted := make([]string, len(c.Pieces))
		for i, p := range c.Pieces {
			quoted[i] = strconv.Quote(p)
		}
		who := c.Field
		if c.Field == "_raw" {
			who = "records"
			if pl.Reads != "events" {
				who = "rows"
			}
		}
		parts = append(parts, fmt.Sprintf("%s must contain %s", who, strings.Join(quoted, " and ")))
	}
	text := strings.Join(parts, "; ") + " (case-insensitive)"
	if !pl.Streamed {
		fmt.Fprintf(w, "  prefilter: none, the events are loaded and each is tested (kept ones hold it: %s)\n", text)
		return
	}
	fmt.Fprintf(w, "  prefilter: %s\n", text)
}

// stageWay says whether a command streams or holds rows.
func stageWay(i int, s engine.StageTrace) string {
	switch {
	case s.NotRun:
		return "not run"
	case i > 0 && s.Streams:
		return "streams"
	case i > 0:
		return "holds " + s.Holds
	}
	if _, ok := s.Command.(*spl.TstatsCommand); ok {
		return "holds groups"
	}
	return "streams"
}

// explainStageNotes prints what a command's counts leave out: the rows a
// later filter kept from being grouped, the events the source passed
// over, the commands not run.
func explainStageNotes(w io.Writer, tr *engine.Trace, i int) {
	s, pl := tr.Stages[i], tr.Plan
	if i == 0 {
		if pl.EventsSkipped > 0 {
			fmt.Fprintf(w, "       %s in skipped partitions, counted as read but not tested\n", quantity(pl.EventsSkipped, "event"))
		}
		if pl.Unparsed > 0 {
			what := "counted as read"
			if pl.Reads != "events" {
				what = "not counted"
			}
			fmt.Fprintf(w, "       %s passed over unparsed by the prefilter, %s\n", quantity(pl.Unparsed, "record"), what)
		}
	}
	if s.Early > 0 {
		fmt.Fprintf(w, "       its test, applied by %s before grouping, left %s ungrouped: the counts above leave their groups out\n",
			tr.Stages[0].Command.CommandName(), quantity(s.Early, "row"))
	}
}
