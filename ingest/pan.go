package ingest

// Palo Alto Networks firewall logs (PAN-OS syslog, comma-separated): one
// record per line, the log type in the fourth field. As the Palo Alto
// Networks add-on (Splunk_TA_paloalto 8.x: transforms.conf pan_threat /
// pan_traffic routing, extract_threat / extract_traffic DELIMS
// extractions) does it: THREAT lines get sourcetype pan:threat and
// TRAFFIC lines pan:traffic, each field named by its position (the lists
// below), values in double quotes unquoted, empty values left out. The
// syslog header stays in _raw and in the first field. _time is the
// seventh field, generated_time (2022/05/10 11:08:38, no zone: read as
// UTC), as the add-on's TIME_PREFIX = ^(?:[^,]*,){6} takes it.

import (
	"encoding/csv"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/value"
)

// panFormat is PAN-OS comma-separated lines.
type panFormat struct{}

func (panFormat) about() formatAbout {
	return formatAbout{name: "pan", doc: "PAN-OS comma-separated lines"}
}

// detect: a first line of a known log type (pan:log: each line gets its
// type's sourcetype).
func (panFormat) detect(head []byte, final bool) (sourcetypeSpec, verdict) {
	return byFirstLine(head, final, func(line, _ []byte) (sourcetypeSpec, bool) {
		return knownSpec("pan:log"), panType(string(line)) != ""
	})
}

func (panFormat) cutter([]byte) func(prev, next []byte) bool { return nil }

func (panFormat) read(w *window, rn *run, spec sourcetypeSpec) error {
	return readKV(w, rn, spec, true)
}

var panFields = map[string][]string{
	"THREAT": {"future_use1", "receive_time", "serial_number", "type", "log_subtype", "version", "generated_time",
		"src_ip", "dest_ip", "src_translated_ip", "dest_translated_ip", "rule", "src_user", "dest_user", "app", "vsys",
		"src_zone", "dest_zone", "src_interface", "dest_interface", "log_forwarding_profile", "future_use3", "session_id",
		"repeat_count", "src_port", "dest_port", "src_translated_port", "dest_translated_port", "session_flags",
		"transport", "action", "misc", "threat", "raw_category", "severity", "direction", "sequence_number",
		"action_flags", "src_location", "dest_location", "future_use4", "content_type", "pcap_id", "file_hash",
		"cloud_address", "url_index", "user_agent", "file_type", "xff", "referrer", "sender", "subject", "recipient",
		"report_id", "devicegroup_level1", "devicegroup_level2", "devicegroup_level3", "devicegroup_level4",
		"vsys_name", "dvc_name", "future_use5", "src_vm", "dest_vm", "http_method", "tunnel_id", "tunnel_monitor_tag",
		"tunnel_session_id", "tunnel_start_time", "tunnel_type", "threat_category", "content_version"},
	"TRAFFIC": {"future_use1", "receive_time", "serial_number", "type", "log_subtype", "version", "generated_time",
		"src_ip", "dest_ip", "src_translated_ip", "dest_translated_ip", "rule", "src_user", "dest_user", "app", "vsys",
		"src_zone", "dest_zone", "src_interface", "dest_interface", "log_forwarding_profile", "future_use3", "session_id",
		"repeat_count", "src_port", "dest_port", "src_translated_port", "dest_translated_port", "session_flags",
		"transport", "action", "bytes", "bytes_out", "bytes_in", "packets", "start_time", "duration", "http_category",
		"future_use4", "sequence_number", "action_flags", "src_location", "dest_location", "future_use5",
		"packets_out", "packets_in", "session_end_reason", "devicegroup_level1", "devicegroup_level2",
		"devicegroup_level3", "devicegroup_level4", "vsys_name", "dvc_name", "action_source", "src_vm", "dest_vm",
		"tunnel_id", "tunnel_monitor_tag", "tunnel_session_id", "tunnel_start_time", "tunnel_type"},
}

var panSourcetypes = map[string]string{"THREAT": "pan:threat", "TRAFFIC": "pan:traffic"}

// panType returns the log type of a PAN-OS line (the fourth
// comma-separated field), or "".
func panType(line string) string {
	rest := line
	for range 3 {
		i := strings.IndexByte(rest, ',')
		if i < 0 {
			return ""
		}
		rest = rest[i+1:]
	}
	t, _, ok := strings.Cut(rest, ",")
	if !ok {
		return ""
	}
	if _, known := panFields[t]; known {
		return t
	}
	return ""
}

// splitPAN cuts a line at commas outside double quotes, as the add-on's
// DELIMS extraction does.
func splitPAN(line string) []string {
	r := csv.NewReader(strings.NewReader(line))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	if rec, err := r.Read(); err == nil {
		return rec
	}
	return strings.Split(line, ",")
}

// panEvent fills a PAN-OS event; ok is false for lines of other types,
// which keep the named sourcetype and get no fields.
func panEvent(ev *Event, b *fieldBuilder) bool {
	t := panType(ev.Raw)
	if t == "" {
		return false
	}
	ev.Sourcetype = panSourcetypes[t]
	names := panFields[t]
	b.reset()
	for i, v := range splitPAN(ev.Raw) {
		if i >= len(names) || v == "" {
			continue
		}
		b.add(names[i], value.Str(v))
	}
	ev.Fields = b.take()
	if ts, err := time.Parse("2006/01/02 15:04:05", ev.Fields.Get("generated_time").First().String()); err == nil {
		ev.Time, ev.DateZone = float64(ts.Unix()), "local"
	}
	return true
}
