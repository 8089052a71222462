package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// streams reports whether a search is run without loading its data into
// a store: one that starts with tstats over a data model reads each
// event once, to make the dataset's row, and keeps only the rows its
// where clause passes (datamodel.Stream). Anything in the search that
// wants events still gets them, from a store loaded then.
func streams(p *spl.Pipeline) bool {
	if len(p.Commands) == 0 {
		return false
	}
	ts, ok := p.Commands[0].(*spl.TstatsCommand)
	return ok && ts.Datamodel != "" && !ts.Prestats && !ts.Append
}

// runArgs is what cmdRun passes on to a streamed run.
type runArgs struct {
	lookups   []string
	lookupOut string
	mmdb      string
	format    string
	tz        *time.Location
	macros    *macros.Set
	now       time.Time
	limits    *engine.Limits
}

// runStreamed runs a search over a datamodel.Stream. What it prints is
// what loading the data first prints, in the same order: the data's
// problems, then the search's notices or errors, then the results.
func runStreamed(p *prepared, data []string, dopt dataOptions, kb *datamodel.Base, a runArgs, stdout, stderr io.Writer) error {
	// A streamed run keeps little (compiled knowledge, the rows that
	// pass, read buffers: tens of MB) and makes much short-lived
	// garbage, so the collector may wait until the heap is five times
	// what it keeps, rather than twice (GOGC=400): at the default a fifth
	// of the CPU goes to collection and returning memory, and this costs
	// only some 30 MB more peak RSS. A GOGC set by the user wins.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	stream, err := datamodel.NewStream(kb, data, dopt.ingest(), runtime.GOMAXPROCS(0), func(st ingest.Stats) { reportProblems(stderr, st) })
	if err != nil {
		return err
	}
	// Loading the data comes first when the data is loaded into a store:
	// its problems and errors come before those of lookups.
	fail := func(err error) error {
		stream.Finish()
		if rerr := stream.ReadErr(); rerr != nil {
			return inputErr("%v", rerr)
		}
		return err
	}
	reg, err := loadLookups(a.lookups, a.lookupOut)
	if err != nil {
		return fail(err)
	}
	geo, err := loadGeoIP(a.mmdb)
	if err != nil {
		return fail(err)
	}
	// Notices wait for the data's problems, which come out once the data
	// has been read.
	var notices bytes.Buffer
	env := runEnv{tz: a.tz, macros: a.macros, lookups: reg, geoip: geo, now: a.now, limits: a.limits}
	res, runErr := engine.Run(context.Background(), p.pipe, stream, env.options(&notices))
	stream.Finish()
	if err := stream.ReadErr(); err != nil {
		return inputErr("%v", err)
	}
	fmt.Fprint(stderr, notices.String())
	if runErr != nil {
		p.printErrors(stderr, runErr)
		return searchFailed
	}
	return writeResult(stdout, res, a.format, a.tz)
}
