package engine

// notRun gives, for commands the parser accepts but the engine does not
// run, why: a search that uses them fails saying so.
var notRun = map[string]string{
	// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/mstats
	"mstats": "it reads metrics indexes, and spelunk has no metrics input (only events)",
}
