package risk

import (
	"encoding/json"
	"strconv"

	"github.com/spelunk-dev/spelunk/value"
)

// HEC is a risk event as a record for Splunk's HTTP Event Collector
// (/services/collector/event): the metadata it is indexed with, the
// event's single-valued fields in Event, and its multivalue fields
// (threat objects, annotations) in Fields, the indexed-fields object,
// where HEC documents an array as a multivalue field (help.splunk.com,
// "Format events for HTTP Event Collector"). spelunk reads such a record
// back as the event (ingest's HEC reader), so a file of them is a risk
// index, and Splunk indexes it as one.
type HEC struct {
	Time       json.Number         `json:"time"`
	Host       string              `json:"host"`
	Source     string              `json:"source"`
	Sourcetype string              `json:"sourcetype"`
	Index      string              `json:"index"`
	Event      map[string]string   `json:"event"`
	Fields     map[string][]string `json:"fields,omitempty"`
}

// HECEvent is r, a risk event as Events makes it, in HEC's shape with the
// metadata IngestEvent gives it.
func HECEvent(r value.Fields) HEC {
	ie := IngestEvent(r)
	h := HEC{
		Time:       json.Number(strconv.FormatFloat(ie.Time, 'f', -1, 64)),
		Host:       ie.Host,
		Source:     ie.Source,
		Sourcetype: ie.Sourcetype,
		Index:      ie.Index,
		Event:      map[string]string{},
	}
	for _, f := range ie.Fields {
		switch {
		case f.Value.IsNull():
		case f.Value.IsMulti():
			if h.Fields == nil {
				h.Fields = map[string][]string{}
			}
			h.Fields[f.Name] = f.Value.Strings()
		default:
			h.Event[f.Name] = f.Value.String()
		}
	}
	return h
}
