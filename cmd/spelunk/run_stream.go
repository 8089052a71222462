package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// neverStream makes every search load its data into a store, for tests
// that compare the two ways.
var neverStream bool

// streams reports whether a search is run without loading its data into
// a store (datamodel.Stream): one that starts with a search reads the
// files once, each event filtered as it is made, and keeps only the
// events that pass; one that starts with tstats over a data model keeps
// only the rows its where clause passes. A search that would read the
// events more than once (a subsearch or map that searches them, a
// dataset's events for from or datamodel, which the stream gets from a
// store it loads) is run over a store, read once.
func streams(p *spl.Pipeline) bool {
	if len(p.Commands) == 0 || neverStream {
		return false
	}
	switch c := p.Commands[0].(type) {
	case *spl.SearchCommand:
		return !rereads(p)
	case *spl.TstatsCommand:
		if c.Datamodel == "" {
			return false
		}
		for _, o := range c.Options {
			switch strings.ToLower(o.Key) {
			case "prestats", "append":
				return false
			}
		}
		return true
	}
	return false
}

// rereads reports whether a pipeline reads the events again after its
// first command has: a subsearch that starts by reading them, map (whose
// searches run once per row), or from and datamodel.
func rereads(p *spl.Pipeline) bool {
	again := false
	for i, c := range p.Commands {
		spl.Walk(c, func(n spl.Node) bool {
			switch n := n.(type) {
			case *spl.Subsearch:
				if n.Pipeline != nil && len(n.Pipeline.Commands) > 0 {
					switch n.Pipeline.Commands[0].CommandName() {
					case "search", "tstats", "from", "datamodel", "multisearch":
						again = true
					}
				}
			case spl.Command:
				switch n.CommandName() {
				case "map", "from", "datamodel":
					again = again || i > 0
				}
			}
			return !again
		})
	}
	return again
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
	// A streamed tstats keeps little (compiled knowledge, the rows that
	// pass, read buffers: tens of MB) and makes much short-lived
	// garbage, so the collector may wait until the heap is five times
	// what it keeps, rather than twice (GOGC=400): a fifth of the CPU
	// went to collection and returning memory at the default, for 30 MB
	// more peak RSS. A leading search may hold every event it keeps, to
	// hand them over newest first: five times that is too much. A GOGC
	// set by the user wins.
	if _, tstats := p.pipe.Commands[0].(*spl.TstatsCommand); tstats && os.Getenv("GOGC") == "" {
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
	if isMemoryError(runErr) {
		return &exitError{code: 4, msg: runErr.Error()}
	}
	if runErr != nil {
		p.printErrors(stderr, runErr)
		return searchFailed
	}
	return writeResult(stdout, res, a.format, a.tz)
}
