package spl

import (
	"fmt"
	"strings"
)

// unknownCommand is the error for a command name nobody registered. It
// suggests a registered name only when the word is a plausible typo of it
// (one edit for names up to seven letters, two beyond: "stast" gives
// "stats", "untable" does not give "table"), and says so when Splunk
// documents the command but spelunk does not implement it.
func unknownCommand(t token) *Error {
	e := &Error{Pos: t.pos, End: t.end, Msg: fmt.Sprintf("unknown command %q", t.text)}
	name := strings.ToLower(t.text)
	if splunkCommands[name] {
		e.Hint = fmt.Sprintf("%s is a Splunk command that spelunk does not implement yet (Search Reference: %s%s)", name, searchReference, name)
		return e
	}
	if s := suggestCommand(name, CommandNames()); s != "" {
		e.Hint = fmt.Sprintf("did you mean %q?", s)
	}
	return e
}

const searchReference = "https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/"

// suggestCommand returns the name in names closest to word when it is
// close enough to be a typo, else "". Command names are short and many
// differ by two letters (table, untable; stats, tstats), so the bound is
// tighter than Suggest's.
func suggestCommand(word string, names []string) string {
	best, bestD := "", 1<<30
	for _, n := range names {
		if d := levenshtein(word, n); d < bestD || (d == bestD && n < best) {
			best, bestD = n, d
		}
	}
	limit := 1
	if len(word) >= 8 {
		limit = 2
	}
	if bestD <= limit {
		return best
	}
	return ""
}

// splunkCommands are the commands of Splunk's Search Reference (9.4
// command index), with their aliases. A name here that is not registered
// is a real Splunk command spelunk does not implement, not a typo.
var splunkCommands = setOf(
	"abstract", "accum", "addcoltotals", "addinfo", "addtotals", "analyzefields", "anomalies",
	"anomalousvalue", "anomalydetection", "append", "appendcols", "appendpipe", "arules", "associate",
	"audit", "autoregress", "bin", "bucket", "discretize", "bucketdir", "chart", "cluster", "cofilter",
	"collect", "concurrency", "contingency", "counttable", "ctable", "convert", "correlate", "datamodel",
	"datamodelsimple", "dbinspect", "dedup", "delete", "delta", "diff", "entitymerge", "erex", "eval",
	"eventcount", "eventstats", "extract", "kv", "fieldformat", "fields", "fieldsummary", "filldown",
	"fillnull", "findtypes", "folderize", "foreach", "format", "from", "fromjson", "gauge", "gentimes",
	"geom", "geomfilter", "geostats", "head", "highlight", "history", "iconify", "inputcsv",
	"inputintelligence", "inputlookup", "iplocation", "join", "kmeans", "kvform", "loadjob",
	"localize", "localop", "lookup", "makecontinuous", "makemv", "makeresults", "map", "mcatalog",
	"mcollect", "metadata", "metasearch", "meventcollect", "mpreview", "msearch", "mstats",
	"multikv", "multisearch", "mvcombine", "mvexpand", "nomv", "outlier", "outputcsv", "outputlookup",
	"outputtext", "overlap", "pivot", "predict", "rangemap", "rare", "redistribute", "regex",
	"reltime", "rename", "replace", "require", "rest", "return", "reverse", "rex", "rtorder",
	"runshellscript", "savedsearch", "script", "run", "scrub", "search", "searchtxn", "selfjoin",
	"sendalert", "sendemail", "set", "setfields", "sichart", "sirare", "sistats", "sitimechart",
	"sitop", "sort", "spath", "stats", "strcat", "streamstats", "table", "tags", "tail", "timechart",
	"timewrap", "tojson", "top", "transaction", "transpose", "trendline", "tscollect", "tstats",
	"typeahead", "typelearner", "typer", "union", "uniq", "untable", "walklex", "where", "x11",
	"xmlkv", "xmlunescape", "xpath", "xyseries", "maketable",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
