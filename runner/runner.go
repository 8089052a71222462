// Package runner is spelunk's one composition root: it turns a
// configuration (data, macros, lookups, knowledge, time zone, limits) into
// searches that run. The command line and the Go API both go through it,
// so that loading, streaming, limits and error positions cannot drift
// between them.
//
//	r := runner.New(runner.Config{Data: []string{"sysmon.log"}})
//	s, err := r.Prepare("", "| tstats count from datamodel=Endpoint.Processes by Processes.dest", "")
//	res, err := r.Run(ctx, s)
//
// Knowledge, the GeoIP database, macro sets and lookup tables are loaded
// once, on first use, and shared by every search; a Runner is safe for
// concurrent use once built.
package runner

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/datamodel/store"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/geoip"
	"github.com/spelunk-dev/spelunk/index"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/lookups"
	"github.com/spelunk-dev/spelunk/macros"
)

// Config is what a Runner searches and with what. The zero value searches
// no data with the built-in knowledge and macros, in UTC, under Splunk's
// default limits.
type Config struct {
	// Data are the log files, folders or globs Run reads (.gz read
	// transparently, "-" standard input), with Ingest overriding what is
	// detected about them (sourcetype, source, host, index).
	Data   []string
	Ingest ingest.Options
	// Macros are macro sources: a security_content root, its macros/
	// folder, a macros.conf or a Splunk app. Empty means, for a
	// detection, the macros/ folder of its repository.
	Macros []string
	// MacroDefs are macros given as definitions, added over those of
	// Macros: a caller without files (the browser) hands them in.
	MacroDefs []macros.Macro
	// Lookups are lookup table sources; empty means, for a detection, the
	// lookups/ folder of its repository. LookupOutput is the only folder
	// outputlookup may write in ("" forbids writing).
	Lookups      []string
	LookupOutput string
	// CollectDir is the only folder collect may write in; its events
	// are read back as the indexes they name. CSVDir is where outputcsv
	// writes and inputcsv reads (Splunk's var/run/splunk/csv).
	// RestFixtures holds the recorded REST responses rest returns. ""
	// forbids the commands that need them.
	CollectDir, CSVDir, RestFixtures string
	// Knowledge are YAML files or folders applied over the built-in
	// add-on knowledge (field mappings, eventtypes, datasets).
	Knowledge []string
	// TZ formats times and aligns day buckets; nil means UTC.
	TZ *time.Location
	// Now is the searches' start time; zero means one second after the
	// latest event of the data when a search reads data, else the clock
	// (Runner.Now).
	Now time.Time
	// Earliest and Latest keep only the events in [Earliest, Latest), as
	// Splunk's time range picker does: time modifiers (-7d@d, an epoch,
	// 10/19/2023:00:00:00), relative ones counted back from the search's
	// now. Empty means unbounded.
	Earliest, Latest string
	// Limits bound each search; nil means engine.DefaultLimits.
	Limits *engine.Limits
	// GeoIP is a MaxMind City database (.mmdb) for iplocation.
	GeoIP string
	// Strict makes bad records in the data an error (*StrictError)
	// before any search runs.
	Strict bool
	// Load reads Data into a store before every search, even one that
	// could stream it: the way to compare the two paths.
	Load bool
	// QuietFilters leaves out the notice for an undefined <name>_filter
	// macro: in a content repository's tests it is the convention for
	// "no local tuning", not news.
	QuietFilters bool
	// Workers read data files in parallel; 0 means GOMAXPROCS.
	Workers int
	// PackRawAfter packs the _raw of events loaded past this many bytes
	// (a store holding much data at once); 0 packs nothing.
	PackRawAfter int64
	// Keep, when set, is asked about each event loaded into the store;
	// false leaves it out (a time window).
	Keep func(*ingest.Event) bool

	// Notice receives warnings that do not stop a search, positioned as
	// name:line:col: when they come from its text; nil drops them.
	Notice func(string)
	// Problems receives what went wrong reading the data (bad records,
	// invalid UTF-8) once it has been read; nil drops it.
	Problems func(ingest.Stats)
	// Interrupt, when set, is asked after every event loaded and between
	// batches of rows whether work may go on (a memory budget); its error
	// stops the work and comes back wrapped in an *Interrupted.
	Interrupt func() error
}

// Runner prepares and runs searches under one Config.
type Runner struct {
	cfg Config

	kbOnce sync.Once
	kb     *datamodel.Base
	kbErr  error

	geoOnce sync.Once
	geo     engine.GeoIP
	geoErr  error

	storeOnce  sync.Once
	store      *store.Store
	storeStats ingest.Stats
	storeErr   error

	idx indexState // Config.Data's index folder, when it names one

	end      dataEnd // the latest event time of the data read
	scanOnce sync.Once
	scanErr  error

	mu   sync.Mutex
	sets map[string]*macros.Set
	regs map[string]*lookups.Registry
	// coll is the store of the collected events, as read when the
	// collect folder's files had the signature collKey.
	coll    *store.Store
	collKey string
	collSet bool
	// sieved is what the last reported StoreSieved read, for DataNotice.
	sieved *windowCount
}

// New returns a Runner; nothing is loaded until a search needs it.
func New(cfg Config) *Runner {
	if cfg.TZ == nil {
		cfg.TZ = time.UTC
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	return &Runner{cfg: cfg, sets: map[string]*macros.Set{}, regs: map[string]*lookups.Registry{}}
}

// Config is the runner's configuration, with its defaults filled in.
func (r *Runner) Config() Config { return r.cfg }

// ConfigError is a setting that cannot be used: a macro, lookup, knowledge
// or GeoIP file that cannot be read. Setting names the setting as the
// spelunk command's flag does ("--macros"), Value what it was given.
type ConfigError struct {
	Setting, Value string
	Err            error
}

func (e *ConfigError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %v", e.Setting, e.Err)
	}
	return fmt.Sprintf("%s %s: %v", e.Setting, e.Value, e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// DataError is data that could not be read (a missing file, a corrupt
// archive).
type DataError struct{ Err error }

func (e *DataError) Error() string { return e.Err.Error() }
func (e *DataError) Unwrap() error { return e.Err }

// StrictError is Config.Strict refusing data with bad records.
type StrictError struct {
	Stats ingest.Stats
	// Path, when set, is the one file judged (spelunk test's data).
	Path string
}

func (e *StrictError) Error() string {
	if e.Path != "" {
		return fmt.Sprintf("--strict: %s has %s", e.Path, Quantity(e.Stats.Bad, "bad record"))
	}
	return fmt.Sprintf("--strict: the data has %s; the search was not run", Quantity(e.Stats.Bad, "bad record"))
}

// Interrupted is work stopped by Config.Interrupt. Events, while the data
// was being read, is how many events had been read.
type Interrupted struct {
	Err     error
	Reading bool
	Events  int
}

func (e *Interrupted) Error() string {
	if e.Reading {
		return fmt.Sprintf("while reading the data (%s so far): %v", Quantity(e.Events, "event"), e.Err)
	}
	return e.Err.Error()
}

func (e *Interrupted) Unwrap() error { return e.Err }

// Interrupt is Config.Interrupt's verdict, wrapped in an *Interrupted; nil
// while work may go on. Loops outside the runner that hold data (a test's
// own stores) call it too.
func (r *Runner) Interrupt() error {
	if r.cfg.Interrupt == nil {
		return nil
	}
	if err := r.cfg.Interrupt(); err != nil {
		return &Interrupted{Err: err}
	}
	return nil
}

func (r *Runner) notice(s string) {
	if r.cfg.Notice != nil {
		r.cfg.Notice(s)
	}
}

// Check loads what every search uses (knowledge, the GeoIP database,
// Config.Macros and Config.Lookups), so that a setting that cannot be read
// fails before any search; otherwise each is loaded when first needed.
func (r *Runner) Check() error {
	if _, err := r.Base(); err != nil {
		return err
	}
	if _, err := r.GeoIP(); err != nil {
		return err
	}
	if _, err := r.Macros(""); err != nil {
		return err
	}
	_, err := r.Lookups("")
	return err
}

// Base is the built-in add-on knowledge with Config.Knowledge applied,
// loaded once.
func (r *Runner) Base() (*datamodel.Base, error) {
	r.kbOnce.Do(func() {
		r.kb, r.kbErr = datamodel.Load(r.cfg.Knowledge...)
		if r.kbErr != nil {
			r.kbErr = &ConfigError{Setting: "--knowledge", Err: r.kbErr}
		}
	})
	return r.kb, r.kbErr
}

// GeoIP is the Config.GeoIP database, opened once; nil without one.
func (r *Runner) GeoIP() (engine.GeoIP, error) {
	r.geoOnce.Do(func() {
		if r.cfg.GeoIP == "" {
			return
		}
		db, err := geoip.Open(r.cfg.GeoIP)
		if err != nil {
			r.geoErr = &ConfigError{Setting: "--mmdb", Value: r.cfg.GeoIP, Err: err}
			return
		}
		r.geo = db
	})
	return r.geo, r.geoErr
}

// Macros is the macro set for a search of detection (a detection file, or
// "" for a query): built-ins, then Config.Macros (else the detection's
// repository), then stand-ins for the app macros none of them defines.
// Each set is loaded once.
func (r *Runner) Macros(detection string) (*macros.Set, error) {
	paths := r.cfg.Macros
	if len(paths) == 0 && detection != "" {
		if root := content.RepoRoot(detection); root != "" {
			paths = []string{root}
		}
	}
	key := strings.Join(paths, "\x00")
	r.mu.Lock()
	defer r.mu.Unlock()
	if set, ok := r.sets[key]; ok {
		return set, nil
	}
	set := macros.NewSet()
	for _, p := range paths {
		if err := set.Load(p); err != nil {
			return nil, &ConfigError{Setting: "--macros", Value: p, Err: err}
		}
	}
	for _, m := range r.cfg.MacroDefs {
		set.Add(m)
	}
	content.AddStubMacros(set)
	r.sets[key] = set
	return set, nil
}

// Lookups is the lookup registry for a search of detection ("" for a
// query): Config.Lookups, else the lookups/ folder of the detection's
// repository, writing only in Config.LookupOutput. Each is loaded once.
func (r *Runner) Lookups(detection string) (*lookups.Registry, error) {
	paths := r.cfg.Lookups
	if len(paths) == 0 && detection != "" {
		if root := content.RepoRoot(detection); root != "" {
			if st, err := os.Stat(filepath.Join(root, "lookups")); err == nil && st.IsDir() {
				paths = []string{filepath.Join(root, "lookups")}
			}
		}
	}
	key := strings.Join(paths, "\x00")
	r.mu.Lock()
	defer r.mu.Unlock()
	if reg, ok := r.regs[key]; ok {
		return reg, nil
	}
	reg := lookups.NewRegistry()
	for _, p := range paths {
		if err := reg.Load(p); err != nil {
			return nil, &ConfigError{Setting: "--lookups", Value: p, Err: err}
		}
	}
	if out := r.cfg.LookupOutput; out != "" {
		if err := reg.SetOutputDir(out); err != nil {
			return nil, &ConfigError{Setting: "--lookup-output", Value: out, Err: err}
		}
	}
	r.regs[key] = reg
	return reg, nil
}

// Store is Config.Data loaded into an event store, once, in parallel. The
// stats say what was read; Config.Problems has been told of them.
func (r *Runner) Store() (*store.Store, ingest.Stats, error) {
	r.storeOnce.Do(func() { r.store, r.storeStats, r.storeErr = r.load(nil, nil, true, nil, nil) })
	return r.store, r.storeStats, r.storeErr
}

// StoreSieved reads Config.Data as Store does, into a new store that
// holds only the events sieve passes (a hunt's, which knows before the
// data is read what its searches can keep). The stats, problems and
// notices are those of Store; the store is not the runner's: Run does not
// search it.
// report false keeps the problems and notices to itself: a second read of
// data whose reading was reported.
//
// The rows the sieve gives for another store go to other (nil: none).
func (r *Runner) StoreSieved(sieve store.Sieve, other *store.Store, report bool) (*store.Store, ingest.Stats, error) {
	return r.load(sieve, other, report, nil, nil)
}

// StoreSpilled is StoreSieved with the new store spilling what it holds
// past its share to sp (store.Store.SpillTo; nil: nothing).
func (r *Runner) StoreSpilled(sieve store.Sieve, other *store.Store, report bool, sp *store.Spill) (*store.Store, ingest.Stats, error) {
	return r.load(sieve, other, report, sp, nil)
}

// StoreNarrowed is StoreSpilled telling an index folder's reader which
// events the sieve may hold (index.Narrow), so that it makes only those;
// over log files narrow is not used.
func (r *Runner) StoreNarrowed(sieve store.Sieve, other *store.Store, sp *store.Spill, narrow *index.Narrow) (*store.Store, ingest.Stats, error) {
	return r.load(sieve, other, true, sp, narrow)
}

func (r *Runner) load(sieve store.Sieve, other *store.Store, report bool, sp *store.Spill, narrow *index.Narrow) (*store.Store, ingest.Stats, error) {
	kb, err := r.Base()
	if err != nil {
		return nil, ingest.Stats{}, err
	}
	store, err := store.NewWith(kb)
	if err != nil {
		return nil, ingest.Stats{}, err
	}
	if r.cfg.PackRawAfter > 0 {
		store.PackRawAfter(r.cfg.PackRawAfter)
	}
	if sp != nil {
		store.SpillTo(sp)
	}
	keep, err := r.keep()
	if err != nil {
		return nil, ingest.Stats{}, err
	}
	if err := r.checkIndexData(); err != nil {
		return nil, ingest.Stats{}, err
	}
	var inWindow atomic.Int64 // the events kept, before the sieve
	stats, err := r.addData(store, func(ev *ingest.Event) (bool, error) {
		k := keep(ev)
		if k {
			inWindow.Add(1)
		}
		return k, r.Interrupt()
	}, sieve, other, narrow)
	if report {
		r.problems(stats)
	}
	if end, _ := r.end.get(); err == nil && report {
		if n := r.WindowNotice(stats.Events, int(inWindow.Load()), end); n != "" {
			r.notice(n)
		}
		if sieve != nil {
			r.mu.Lock()
			r.sieved = &windowCount{read: stats.Events, kept: int(inWindow.Load())}
			r.mu.Unlock()
		}
	}
	var ie *Interrupted
	if errors.As(err, &ie) {
		return nil, stats, &Interrupted{Err: ie.Err, Reading: true, Events: stats.Events}
	}
	if err != nil {
		return nil, stats, &DataError{Err: err}
	}
	if r.cfg.Strict && stats.Bad > 0 {
		return nil, stats, &StrictError{Stats: stats}
	}
	return store, stats, nil
}

func (r *Runner) problems(st ingest.Stats) {
	if r.cfg.Problems != nil {
		r.cfg.Problems(st)
	}
}

// DataEnd is the moment just after the last event of the stores, or the
// clock when they hold none: tests, hunts and drilldowns run as if the
// search ran right after the data was written, the way contentctl replays
// attack data with fresh timestamps, so that now() and relative times such
// as earliest=-24h keep their meaning on old data.
func DataEnd(stores ...*store.Store) time.Time {
	end, found := 0.0, false
	for _, s := range stores {
		if _, hi, ok := s.TimeRange(); ok && (!found || hi > end) {
			end, found = hi, true
		}
	}
	if !found {
		return time.Now()
	}
	return time.Unix(0, int64(end*1e9)).Add(time.Second)
}

// RelName shortens a path for messages: relative to the working folder
// when that is shorter.
func RelName(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if r, err := filepath.Rel(wd, path); err == nil && len(r) < len(path) {
		return r
	}
	return path
}

// Quantity writes n and the word, with an s unless n is 1 ("1 bad record",
// "2 bad records").
func Quantity(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
