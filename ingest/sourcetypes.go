package ingest

import (
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// sourcetypeSpec is what a sourcetype name selects: how to read it and how
// Splunk's inputs and add-on set its default fields.
type sourcetypeSpec struct {
	name   string // canonical spelling given to events
	format format // its reader (formats.go); nil: chosen by the content
	source string // default source; "" means the file name
	// timeKeys are the JSON fields tried in order for _time (JSON).
	timeKeys []string
	// detect tells a JSON record of this sourcetype by its fields, for
	// input read without --sourcetype (nil: only when named).
	detect func(value.Fields) bool
	// doc says in words how it is detected and where _time comes from, for
	// docs/DATASOURCES.md.
	detectDoc, timeDoc string
	// sourceDoc says in words what source the events get when it is not
	// the fixed source above or the file name.
	sourceDoc string
	// eventsAs names the sourcetypes its events get instead of this one
	// (EVTX records become XmlWinEventLog events), and perRecord is set
	// when each record names its own (CSV exports): the docs list the
	// data model datasets those feed.
	eventsAs  []string
	perRecord bool
	// index is the default index of the sourcetype's events, when
	// --index does not name one.
	index string
}

// Sourcetypes spelunk reads, each with its format: the table of formats
// too (formats.go), which detection asks in the order the table first
// names them; JSON records try the JSON sourcetypes in order. Names are
// matched case-insensitively; any other name given with --sourcetype is
// read as JSON, XML or key=value lines according to its content and keeps
// the name as given.
var sourcetypes = []sourcetypeSpec{
	// The add-on normalises every xmlwineventlog spelling to XmlWinEventLog
	// and sets source XmlWinEventLog:<Channel> at index time.
	{name: sourcetypeXML, format: xmlFormat{}, sourceDoc: "XmlWinEventLog:<Channel>",
		detectDoc: "an `<Event>` record (`<Events>` wrapper and XML declaration allowed)",
		timeDoc:   "`TimeCreated SystemTime`"},
	{name: sourcetypeSysmonLinux, format: xmlFormat{}, source: "Syslog:Linux-Sysmon/Operational",
		detectDoc: "an `<Event>` record from Channel `Linux-Sysmon/Operational`",
		timeDoc:   "`TimeCreated SystemTime`"},
	{name: sourcetypeWinEventLog, format: welFormat{}, sourceDoc: "WinEventLog:<LogName>",
		detectDoc: "a `MM/DD/YYYY hh:mm:ss AM` line followed by `LogName=`",
		timeDoc:   "the first line, read as UTC"},
	{name: sourcetypeEVTX, format: evtxFormat{}, sourceDoc: "XmlWinEventLog:<Channel>", eventsAs: []string{sourcetypeXML},
		detectDoc: "the `ElfFile` signature; records become XmlWinEventLog events",
		timeDoc:   "`TimeCreated SystemTime`"},
	{name: sourcetypeCrowdStrike, format: jsonFormat{}, source: "crowdstrike", timeKeys: []string{"timestamp"},
		detect:    has("event_simpleName"),
		detectDoc: "JSON with `event_simpleName`", timeDoc: "`timestamp` (epoch milliseconds)"},
	{name: "aws:cloudtrail", format: jsonFormat{}, source: "aws_cloudtrail", timeKeys: []string{"eventTime"},
		detect:    has("eventVersion", "eventSource", "eventName", "awsRegion"),
		detectDoc: "JSON with `eventVersion`, `eventSource`, `eventName`, `awsRegion`", timeDoc: "`eventTime`"},
	// Amazon Security Lake delivers CloudTrail as OCSF: time is epoch
	// milliseconds, the API call is api.operation.
	{name: "aws:cloudtrail:lake", format: jsonFormat{}, source: "aws_cloudtrail_lake", timeKeys: []string{"time", "eventTime"},
		timeDoc: "`time` (OCSF, epoch milliseconds) or `eventTime`"},
	{name: "o365:management:activity", format: jsonFormat{}, source: "o365", timeKeys: []string{"CreationTime"},
		detect:    has("CreationTime", "Operation", "RecordType", "Workload"),
		detectDoc: "JSON with `CreationTime`, `Operation`, `RecordType`, `Workload`", timeDoc: "`CreationTime` (UTC)"},
	{name: "azure:monitor:aad", format: jsonFormat{}, source: "Azure AD", timeKeys: []string{"time"},
		detect:    has("time", "operationName", "category", "tenantId", "properties.id"),
		detectDoc: "JSON with `time`, `operationName`, `category`, `tenantId`, `properties.id`", timeDoc: "`time`"},
	{name: "OktaIM2:log", format: jsonFormat{}, source: "Okta", timeKeys: []string{"published"},
		detect:    has("published", "eventType", "uuid", "actor.id"),
		detectDoc: "JSON with `published`, `eventType`, `uuid`, `actor.id`", timeDoc: "`published`"},
	{name: "suricata", format: jsonFormat{}, source: "suricata", timeKeys: []string{"timestamp"},
		detect:    has("timestamp", "event_type", "src_ip"),
		detectDoc: "JSON with `timestamp`, `event_type`, `src_ip`", timeDoc: "`timestamp`"},
	{name: "osquery:results", format: jsonFormat{}, source: "osquery", timeKeys: []string{"unixTime"},
		detect:    has("name", "hostIdentifier", "unixTime"),
		detectDoc: "JSON with `name`, `hostIdentifier`, `unixTime`", timeDoc: "`unixTime`"},
	{name: "bro:conn:json", format: jsonFormat{}, timeKeys: []string{"ts"},
		detect:    has("uid", "id.orig_h", "id.resp_h", "conn_state"),
		detectDoc: "Zeek conn JSON: `uid`, `id.orig_h`, `id.resp_h`, `conn_state`", timeDoc: "`ts` (epoch)"},
	{name: "bro:http:json", format: jsonFormat{}, timeKeys: []string{"ts"},
		detect:    has("uid", "id.orig_h", "method", "uri"),
		detectDoc: "Zeek http JSON: `uid`, `id.orig_h`, `method`, `uri`", timeDoc: "`ts` (epoch)"},
	{name: "crowdstrike:identities", format: jsonFormat{}, source: "crowdstrike:identities", timeKeys: []string{"timestamp", "createdTimestamp"},
		timeDoc: "`timestamp`"},
	{name: "stream:http", format: jsonFormat{}, source: "stream:http", timeKeys: []string{"timestamp", "endtime"},
		timeDoc: "`timestamp`"},
	{name: "_json", format: jsonFormat{}, timeKeys: jsonTimeKeys,
		detectDoc: "any other JSON object (source `kubernetes` for Kubernetes audit events)",
		timeDoc:   "the first of `_time`, `timestamp`, `@timestamp`, `time`, `eventTime`, `requestReceivedTimestamp`"},
	{name: "json", format: jsonFormat{}, timeKeys: jsonTimeKeys, timeDoc: "as `_json`"},
	{name: "linux:audit", format: kvFormat{}, source: "/var/log/audit/audit.log",
		detectDoc: "lines starting `type=... msg=audit(`", timeDoc: "`msg=audit(<epoch>:<serial>)`"},
	{name: "nginx:plus:kv", format: kvFormat{}, source: "/var/log/nginx/access.log",
		detectDoc: "key=\"value\" lines with `time_local=` and `nginx_version=`", timeDoc: "`time_local`"},
	{name: "pan:threat", format: panFormat{},
		detectDoc: "comma-separated PAN-OS lines with type THREAT (the add-on's pan_threat routing)",
		timeDoc:   "generated_time, the seventh field (no zone: UTC)"},
	{name: "pan:traffic", format: panFormat{},
		detectDoc: "comma-separated PAN-OS lines with type TRAFFIC",
		timeDoc:   "generated_time, the seventh field (no zone: UTC)"},
	{name: "pan:log", format: panFormat{}, eventsAs: []string{"pan:threat", "pan:traffic"},
		timeDoc: "as pan:threat; each line gets pan:threat or pan:traffic by its type"},
	// Events Splunk itself wrote with collect or a risk action: key="value"
	// pairs after a timestamp. Enterprise Security keeps risk events in
	// the risk index, which the Risk data model reads (index=risk), and
	// security_content's tests replay them as sourcetype stash.
	{name: "stash", format: kvFormat{}, index: "risk",
		timeDoc: "the timestamp that starts the line (epoch or MM/DD/YYYY hh:mm:ss ±zzzz)"},
	{name: sourcetypeMetricsCSV, format: metricsFormat{}, sourceDoc: "the `source` column",
		detectDoc: "a CSV header naming `metric_timestamp` and `metric_name` with `_value`, or `metric_name:<name>` columns; each row is a metric data point for mstats",
		timeDoc:   "the `metric_timestamp` column (epoch seconds)"},
	{name: sourcetypeCSV, format: csvFormat{}, sourceDoc: "the `source` column", perRecord: true,
		detectDoc: "a CSV header naming `_raw` or `_time`; each row keeps its own sourcetype", timeDoc: "the `_time` column"},
}

const (
	sourcetypeSysmonLinux = "sysmon:linux"
	sourcetypeWinEventLog = "WinEventLog"
	sourcetypeEVTX        = "evtx"
	sourcetypeCSV         = "csv"
)

// jsonTimeKeys are tried in order for the _time of generic JSON.
var jsonTimeKeys = []string{"_time", "timestamp", "@timestamp", "time", "eventTime", "requestReceivedTimestamp"}

// has is a detect function: the record has every named field.
func has(names ...string) func(value.Fields) bool {
	return func(fs value.Fields) bool {
		for _, n := range names {
			if fs.Index(n) < 0 {
				return false
			}
		}
		return true
	}
}

// SourcetypeInfo describes a supported sourcetype for people.
type SourcetypeInfo struct {
	Name, Format, Source, Detect, Time string
	Index                              string // default index, if not main
	// EventsAs names the sourcetypes its events get instead of Name, if
	// they differ; PerRecord is set when each record names its own.
	EventsAs  []string
	PerRecord bool
}

// Sourcetypes lists the sourcetypes spelunk reads, for docs.
func Sourcetypes() []SourcetypeInfo {
	out := make([]SourcetypeInfo, 0, len(sourcetypes))
	for _, s := range sourcetypes {
		src := s.source
		switch {
		case s.sourceDoc != "":
			src = s.sourceDoc
		case src == "":
			src = "the file name"
		}
		out = append(out, SourcetypeInfo{Name: s.name, Format: s.format.about().doc, Source: src, Detect: s.detectDoc, Time: s.timeDoc,
			Index: s.index, EventsAs: s.eventsAs, PerRecord: s.perRecord})
	}
	return out
}

// lookupSourcetype resolves Options.Sourcetype. An empty name gives the
// zero spec (detect everything); a name spelunk does not know gives a spec
// with that name and no format (detect the format, keep the name).
func lookupSourcetype(name string) sourcetypeSpec {
	if name == "" {
		return sourcetypeSpec{}
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(lower, "xmlwineventlog:"):
		// Old inputs named the sourcetype after the channel; the Windows
		// add-on rewrites them all to XmlWinEventLog (ta-windows-fix-
		// sourcetype), and the channel still gives the source.
		return knownSpec(sourcetypeXML)
	case strings.HasPrefix(lower, "wineventlog:"):
		lower = "wineventlog"
	}
	switch lower {
	case "wineventlog":
		// A WinEventLog input with renderXml gives XML the add-on turns into
		// XmlWinEventLog; classic text stays WinEventLog. Decided per
		// content below.
		return sourcetypeSpec{name: sourcetypeWinEventLog}
	}
	for _, s := range sourcetypes {
		if strings.EqualFold(name, s.name) {
			return s
		}
	}
	return sourcetypeSpec{name: name, timeKeys: jsonTimeKeys}
}

// knownSpec returns the table entry of a sourcetype spelunk reads.
func knownSpec(name string) sourcetypeSpec {
	for _, s := range sourcetypes {
		if s.name == name {
			return s
		}
	}
	panic("BUG: no sourcetype " + name)
}

// jsonSourcetype chooses the sourcetype of a JSON record read without
// --sourcetype.
func jsonSourcetype(fs value.Fields) *sourcetypeSpec {
	for i := range sourcetypes {
		s := &sourcetypes[i]
		if s.detect != nil && s.detect(fs) {
			return s
		}
	}
	return nil
}
