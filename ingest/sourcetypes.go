package ingest

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/spelunk-dev/spelunk/value"
)

// formatKind is how records are cut and fields extracted.
type formatKind int

const (
	formatXML         formatKind = iota + 1 // <Event> records (xml.go)
	formatJSON                              // JSON objects (json.go)
	formatWinEventLog                       // classic multi-line key=value (wineventlog.go)
	formatKV                                // one line per record, key=value pairs (kv.go)
	formatCSV                               // Splunk CSV export (csv.go)
	formatEVTX                              // Windows EVTX binary files (evtx.go)
)

var formatNames = map[formatKind]string{
	formatXML: "XML events", formatJSON: "JSON", formatWinEventLog: "classic Windows event log text",
	formatKV: "lines of key=value pairs", formatCSV: "Splunk CSV export", formatEVTX: "EVTX binary",
}

// sourcetypeSpec is what a sourcetype name selects: how to read it and how
// Splunk's inputs and add-on set its default fields.
type sourcetypeSpec struct {
	name   string // canonical spelling given to events
	kind   formatKind
	source string // default source; "" means the file name
	// timeKeys are the JSON fields tried in order for _time (JSON).
	timeKeys []string
	// detect tells a JSON record of this sourcetype by its fields, for
	// input read without --sourcetype (nil: only when named).
	detect func(value.Fields) bool
	// doc says in words how it is detected and where _time comes from, for
	// docs/DATASOURCES.md.
	detectDoc, timeDoc string
	// pan: lines are PAN-OS logs, named by position (pan.go).
	pan bool
	// index is the default index of the sourcetype's events, when
	// --index does not name one.
	index string
}

// Sourcetypes spelunk reads, in the order detection tries them. Names are
// matched case-insensitively; any other name given with --sourcetype is
// read as JSON, XML or key=value lines according to its content and keeps
// the name as given.
var sourcetypes = []sourcetypeSpec{
	// The add-on normalises every xmlwineventlog spelling to XmlWinEventLog
	// and sets source XmlWinEventLog:<Channel> at index time.
	{name: sourcetypeXML, kind: formatXML,
		detectDoc: "an `<Event>` record (`<Events>` wrapper and XML declaration allowed)",
		timeDoc:   "`TimeCreated SystemTime`"},
	{name: sourcetypeSysmonLinux, kind: formatXML, source: "Syslog:Linux-Sysmon/Operational",
		detectDoc: "an `<Event>` record from Channel `Linux-Sysmon/Operational`",
		timeDoc:   "`TimeCreated SystemTime`"},
	{name: sourcetypeWinEventLog, kind: formatWinEventLog,
		detectDoc: "a `MM/DD/YYYY hh:mm:ss AM` line followed by `LogName=`",
		timeDoc:   "the first line, read as UTC"},
	{name: sourcetypeEVTX, kind: formatEVTX,
		detectDoc: "the `ElfFile` signature; records become XmlWinEventLog events",
		timeDoc:   "`TimeCreated SystemTime`"},
	{name: sourcetypeCrowdStrike, kind: formatJSON, source: "crowdstrike", timeKeys: []string{"timestamp"},
		detect:    has("event_simpleName"),
		detectDoc: "JSON with `event_simpleName`", timeDoc: "`timestamp` (epoch milliseconds)"},
	{name: "aws:cloudtrail", kind: formatJSON, source: "aws_cloudtrail", timeKeys: []string{"eventTime"},
		detect:    has("eventVersion", "eventSource", "eventName", "awsRegion"),
		detectDoc: "JSON with `eventVersion`, `eventSource`, `eventName`, `awsRegion`", timeDoc: "`eventTime`"},
	// Amazon Security Lake delivers CloudTrail as OCSF: time is epoch
	// milliseconds, the API call is api.operation.
	{name: "aws:cloudtrail:lake", kind: formatJSON, source: "aws_cloudtrail_lake", timeKeys: []string{"time", "eventTime"},
		timeDoc: "`time` (OCSF, epoch milliseconds) or `eventTime`"},
	{name: "o365:management:activity", kind: formatJSON, source: "o365", timeKeys: []string{"CreationTime"},
		detect:    has("CreationTime", "Operation", "RecordType", "Workload"),
		detectDoc: "JSON with `CreationTime`, `Operation`, `RecordType`, `Workload`", timeDoc: "`CreationTime` (UTC)"},
	{name: "azure:monitor:aad", kind: formatJSON, source: "Azure AD", timeKeys: []string{"time"},
		detect:    has("time", "operationName", "category", "tenantId", "properties.id"),
		detectDoc: "JSON with `time`, `operationName`, `category`, `tenantId`, `properties.id`", timeDoc: "`time`"},
	{name: "OktaIM2:log", kind: formatJSON, source: "Okta", timeKeys: []string{"published"},
		detect:    has("published", "eventType", "uuid", "actor.id"),
		detectDoc: "JSON with `published`, `eventType`, `uuid`, `actor.id`", timeDoc: "`published`"},
	{name: "suricata", kind: formatJSON, source: "suricata", timeKeys: []string{"timestamp"},
		detect:    has("timestamp", "event_type", "src_ip"),
		detectDoc: "JSON with `timestamp`, `event_type`, `src_ip`", timeDoc: "`timestamp`"},
	{name: "osquery:results", kind: formatJSON, source: "osquery", timeKeys: []string{"unixTime"},
		detect:    has("name", "hostIdentifier", "unixTime"),
		detectDoc: "JSON with `name`, `hostIdentifier`, `unixTime`", timeDoc: "`unixTime`"},
	{name: "bro:conn:json", kind: formatJSON, timeKeys: []string{"ts"},
		detect:    has("uid", "id.orig_h", "id.resp_h", "conn_state"),
		detectDoc: "Zeek conn JSON: `uid`, `id.orig_h`, `id.resp_h`, `conn_state`", timeDoc: "`ts` (epoch)"},
	{name: "bro:http:json", kind: formatJSON, timeKeys: []string{"ts"},
		detect:    has("uid", "id.orig_h", "method", "uri"),
		detectDoc: "Zeek http JSON: `uid`, `id.orig_h`, `method`, `uri`", timeDoc: "`ts` (epoch)"},
	{name: "crowdstrike:identities", kind: formatJSON, source: "crowdstrike:identities", timeKeys: []string{"timestamp", "createdTimestamp"},
		timeDoc: "`timestamp`"},
	{name: "stream:http", kind: formatJSON, source: "stream:http", timeKeys: []string{"timestamp", "endtime"},
		timeDoc: "`timestamp`"},
	{name: "_json", kind: formatJSON, timeKeys: jsonTimeKeys,
		detectDoc: "any other JSON object (source `kubernetes` for Kubernetes audit events)",
		timeDoc:   "the first of `_time`, `timestamp`, `@timestamp`, `time`, `eventTime`, `requestReceivedTimestamp`"},
	{name: "json", kind: formatJSON, timeKeys: jsonTimeKeys, timeDoc: "as `_json`"},
	{name: "linux:audit", kind: formatKV, source: "/var/log/audit/audit.log",
		detectDoc: "lines starting `type=... msg=audit(`", timeDoc: "`msg=audit(<epoch>:<serial>)`"},
	{name: "nginx:plus:kv", kind: formatKV, source: "/var/log/nginx/access.log",
		detectDoc: "key=\"value\" lines with `time_local=` and `nginx_version=`", timeDoc: "`time_local`"},
	{name: "pan:threat", kind: formatKV, pan: true,
		detectDoc: "comma-separated PAN-OS lines with type THREAT (the add-on's pan_threat routing)",
		timeDoc:   "generated_time, the seventh field (no zone: UTC)"},
	{name: "pan:traffic", kind: formatKV, pan: true,
		detectDoc: "comma-separated PAN-OS lines with type TRAFFIC",
		timeDoc:   "generated_time, the seventh field (no zone: UTC)"},
	{name: "pan:log", kind: formatKV, pan: true,
		timeDoc: "as pan:threat; each line gets pan:threat or pan:traffic by its type"},
	// Events Splunk itself wrote with collect or a risk action: key="value"
	// pairs after a timestamp. Enterprise Security keeps risk events in
	// the risk index, which the Risk data model reads (index=risk), and
	// security_content's tests replay them as sourcetype stash.
	{name: "stash", kind: formatKV, index: "risk",
		timeDoc: "the timestamp that starts the line (epoch or MM/DD/YYYY hh:mm:ss ±zzzz)"},
	{name: sourcetypeCSV, kind: formatCSV,
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
}

// Sourcetypes lists the sourcetypes spelunk reads, for docs.
func Sourcetypes() []SourcetypeInfo {
	out := make([]SourcetypeInfo, 0, len(sourcetypes))
	for _, s := range sourcetypes {
		src := s.source
		switch {
		case s.kind == formatXML && s.name == sourcetypeXML:
			src = "XmlWinEventLog:<Channel>"
		case s.kind == formatWinEventLog:
			src = "WinEventLog:<LogName>"
		case s.kind == formatEVTX:
			src = "XmlWinEventLog:<Channel>"
		case s.kind == formatCSV:
			src = "the `source` column"
		case src == "":
			src = "the file name"
		}
		format := formatNames[s.kind]
		if s.pan {
			format = "PAN-OS comma-separated lines"
		}
		out = append(out, SourcetypeInfo{Name: s.name, Format: format, Source: src, Detect: s.detectDoc, Time: s.timeDoc, Index: s.index})
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

var (
	winEventLogStart = regexp.MustCompile(`^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M\r?$`)
	auditStart       = regexp.MustCompile(`^type=[A-Z_0-9]+ msg=audit\(\d+(?:\.\d+)?:\d+\):`)
	kvPair           = regexp.MustCompile(`^[A-Za-z_][\w.-]*=`)
)

// detectText tells a text format from the first lines of input (up to
// 64 KiB); ok is false when it is none spelunk knows.
func detectText(d []byte) (spec sourcetypeSpec, ok bool) {
	line, rest, _ := bytes.Cut(d, []byte{'\n'})
	line = bytes.TrimSuffix(line, []byte{'\r'})
	switch {
	case winEventLogStart.Match(line):
		next, _, _ := bytes.Cut(rest, []byte{'\n'})
		if bytes.HasPrefix(next, []byte("LogName=")) {
			return knownSpec(sourcetypeWinEventLog), true
		}
	case auditStart.Match(line):
		return knownSpec("linux:audit"), true
	case panType(string(line)) != "":
		return knownSpec("pan:log"), true
	case isCSVHeader(line):
		return knownSpec(sourcetypeCSV), true
	case kvPair.Match(line) && bytes.Contains(line, []byte(` time_local="`)) && bytes.Contains(line, []byte(` nginx_version="`)):
		return knownSpec("nginx:plus:kv"), true
	}
	return sourcetypeSpec{}, false
}

// jsonSourcetype chooses the sourcetype of a JSON record read without
// --sourcetype.
func jsonSourcetype(fs value.Fields) *sourcetypeSpec {
	for i := range sourcetypes {
		s := &sourcetypes[i]
		if s.kind == formatJSON && s.detect != nil && s.detect(fs) {
			return s
		}
	}
	return nil
}
