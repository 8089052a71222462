package engine

// notRun gives, for commands the parser accepts but the engine does not
// run, why: a search that uses them fails saying so.
var notRun = map[string]string{
	// Commands that need a live Splunk (spl/cmd_live.go). spelunk runs
	// offline over files: each reason says what to do instead.
	"audit":             offline + "it reads a live Splunk's audit trail; search the exported audit logs (--data) instead",
	"datamodelsimple":   offline + "it lists a live Splunk's data models; spelunk's data models are the built-in CIM ones (see README.md), searched with datamodel, from or tstats",
	"dbinspect":         offline + "it describes the buckets of live indexes, and spelunk reads files, not buckets",
	"delete":            offline + "it hides events in a live index, and spelunk never changes its input files; leave the events out with search NOT ... instead",
	"history":           offline + "it lists a live user's search history, which spelunk does not keep",
	"inputintelligence": offline + "it reads Enterprise Security's threat intelligence collections; export them to CSV and read them with inputlookup instead",
	"loadjob":           offline + "it loads a finished job from a live Splunk; paste the saved search's SPL and run it instead",
	"localop":           offline + "it moves a distributed search's work to the search head; offline everything runs in one place, so remove it",
	"mcatalog":          offline + "it reads the catalog of live metrics indexes; over metrics files given with --data, list the names with mstats count(_value) WHERE metric_name=* BY metric_name instead",
	"mcollect":          offline + "it writes into a metrics index, and there are no indexes offline; write the results with outputlookup or --format csv instead",
	"metasearch":        offline + "it searches the metadata of live indexes; run the search itself and keep host, source, sourcetype and _time with fields instead",
	"meventcollect":     offline + "it writes into a metrics index, and there are no indexes offline; write the results with outputlookup or --format csv instead",
	"mpreview":          offline + "it reads the raw data points of live metrics indexes; over metrics files given with --data, aggregate them with mstats instead",
	"redistribute":      offline + "it spreads a search over the reducers of a live deployment; offline everything runs in one place, so remove it",
	"runshellscript":    offline + "it runs an alert script on a live Splunk server; spelunk runs no scripts",
	"savedsearch":       offline + "it runs a saved search stored on a live Splunk; paste the saved search's SPL (from savedsearches.conf) and run it instead",
	"script":            offline + "it runs a script installed on a live Splunk; spelunk runs no scripts: run it on the exported results (--format csv) instead",
	"searchtxn":         offline + "it needs the transaction types and indexes of a live Splunk; run the search and group it with transaction instead",
	"sendalert":         offline + "it triggers an alert action of a live Splunk; export the results (--format csv or json) and hand them to the action yourself",
	"sendemail":         offline + "it sends mail through a live Splunk's mail settings; export the results (--format csv) and send them yourself",
	"tscollect":         offline + "it writes tsidx files of a live Splunk; spelunk builds its data models in memory, so remove it",
	"typeahead":         offline + "it reads the lexicon of live indexes for search-bar suggestions, and spelunk has no index files",
	"walklex":           offline + "it lists the terms of live indexes' tsidx files, which spelunk does not have; use | stats count by <field> over the input instead",

	// Search Reference commands parsed with their documented options
	// (spl/cmd_reference.go) that spelunk does not run.
	"bucketdir":   "it is not implemented yet; group the paths with rex and stats count by the directory instead",
	"entitymerge": offline + "it merges the entities of a live Splunk IT Service Intelligence, which spelunk does not have",
	"findtypes":   "Splunk does not document how it learns event types from results, so spelunk cannot give its answer; group events with stats count by punct instead",
	"folderize":   "it is not implemented yet; split the field with rex and group it with stats instead",
	"geom":        "it needs a geospatial lookup's feature collection (KMZ or KML shapes), and spelunk reads no geospatial lookups; join the shapes yourself with lookup instead",
	"geomfilter":  "it clips the shapes that geom adds, and spelunk does not run geom",
	"overlap":     offline + "it compares the events of a summary index, and there are no summary indexes offline",
	// Commands parsed before these reasons were recorded.
	"apply":       "it applies a model trained by the AI Toolkit (MLTK) in a Splunk instance, and the model is not available offline",
	"cyberchef":   "it runs the operations of the CyberChef add-on, which spelunk does not bundle",
	"fit":         "it trains an AI Toolkit (MLTK) model with Python algorithms spelunk does not have",
	"kvform":      "it reads the .form template files of a Splunk app's default/ folder, which an offline search does not have; extract the fields with rex or extract pairdelim=/kvdelim= instead",
	"typelearner": "Splunk does not document how it learns event types from results, so spelunk cannot give its answer; group events with stats count by punct instead",
}

// offline starts the reason of each command that needs a live Splunk.
const offline = "spelunk runs offline, with no live Splunk: "

// NotRunReason says why the engine does not run a command it parses, for
// help texts; false when no reason is recorded.
func NotRunReason(name string) (string, bool) {
	why, ok := notRun[name]
	return why, ok
}
