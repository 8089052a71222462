package risk

import (
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// IngestEvent stores a risk event the way the risk index holds it:
// sourcetype stash, source the search name; adding it to a store puts it
// in the Risk data model (Correlation detections, "View risk events"
// drilldowns).
func IngestEvent(r value.Fields) *ingest.Event {
	t, _ := r.Get("_time").Number()
	ev := &ingest.Event{Time: t, Source: r.Get("source").String(), Sourcetype: "stash", Index: "risk", Host: r.Get("host").String()}
	if ev.Host == "" {
		ev.Host = "spelunk"
	}
	for _, f := range r {
		switch f.Name {
		case "_time", "_raw", "source", "sourcetype", "index", "host", "linecount", "tag", "eventtype":
			continue
		}
		ev.Fields = append(ev.Fields, f)
	}
	ev.Raw = r.Get("risk_message").String()
	return ev
}
