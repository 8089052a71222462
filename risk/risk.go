// Package risk turns detection results into the risk events Splunk
// Enterprise Security's risk action writes to the risk index, so that
// risk-based alerting can be tested offline: what risk a detection raises,
// and whether correlation searches over the Risk data model fire.
//
// The mapping of observables to risk and threat objects follows
// contentctl 4.x (splunk/contentctl, detection_abstract.py "risk"), the
// tool that builds security_content's savedsearches.conf; the event fields
// follow the risk events ES writes (contentctl's RiskEvent model).
package risk

import (
	"sort"
	"strings"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/value"
)

// Object is one risk or threat object a detection declares.
type Object struct {
	Field string // the result field holding the object
	Type  string // risk: user, system, other; threat: process, file_name, ip_address, url, ...
	// Threat is true for threat objects (role Attacker), which annotate
	// risk events instead of raising their own.
	Threat bool
}

// Objects maps a detection's observables the way contentctl 4.x builds
// action.risk.param._risk: a Victim user/username/email address is a user
// risk object; a Victim device/endpoint/hostname/ip address a system one;
// an Attacker is a threat object (process, file_name, ip_address, url, or
// its own type); any other observable is an "other" risk object.
func Objects(d *content.Detection) []Object {
	var out []Object
	for _, o := range d.Tags.Observable {
		t := strings.ToLower(o.Type)
		victim, attacker := has(o.Role, "Victim"), has(o.Role, "Attacker")
		switch {
		case victim && in(t, "user", "username", "email address"):
			out = append(out, Object{Field: o.Name, Type: "user"})
		case victim && in(t, "device", "endpoint", "hostname", "ip address"):
			out = append(out, Object{Field: o.Name, Type: "system"})
		case attacker && in(t, "process name", "process"):
			out = append(out, Object{Field: o.Name, Type: "process", Threat: true})
		case attacker && in(t, "file name", "file", "file hash"):
			out = append(out, Object{Field: o.Name, Type: "file_name", Threat: true})
		case attacker && t == "ip address":
			out = append(out, Object{Field: o.Name, Type: "ip_address", Threat: true})
		case attacker && in(t, "url string", "url"):
			out = append(out, Object{Field: o.Name, Type: "url", Threat: true})
		case attacker:
			out = append(out, Object{Field: o.Name, Type: t, Threat: true})
		default:
			out = append(out, Object{Field: o.Name, Type: "other"})
		}
	}
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func in(s string, set ...string) bool { return has(set, s) }

// Score is the detection's risk score: tags.risk_score, or impact ×
// confidence / 100 rounded, contentctl's formula.
func Score(d *content.Detection) int {
	if d.Tags.RiskScore > 0 {
		return d.Tags.RiskScore
	}
	return (d.Tags.Impact*d.Tags.Confidence + 50) / 100
}

// SearchName is the saved search name ES gives an ESCU detection.
func SearchName(d *content.Detection) string { return "ESCU - " + d.Name + " - Rule" }

// Message fills the $field$ tokens of a risk message from a result row. A
// token whose field the row lacks stays as written, as ES leaves it (and
// contentctl flags it); a multivalue field gives its values joined by
// commas [our choice: ES's rendering of multivalue tokens is not
// documented].
func Message(tmpl string, row value.Fields) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '$')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i+1:], '$')
		if j < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		name := tmpl[i+1 : i+1+j]
		b.WriteString(tmpl[:i])
		if v := row.Get(name); name != "" && !v.IsNull() {
			b.WriteString(strings.Join(v.Strings(), ","))
		} else {
			b.WriteString(tmpl[i : i+2+j])
		}
		tmpl = tmpl[i+2+j:]
	}
}

// Raises reports whether a detection raises risk events: ESCU enables the
// risk action for TTP and Anomaly detections; Hunting detections only
// report, and Correlation detections create notables over the risk they
// read. A detection without a type raises risk when it has observables.
func Raises(d *content.Detection) bool {
	switch strings.ToLower(d.Type) {
	case "ttp", "anomaly":
		return true
	case "":
		return len(d.Tags.Observable) > 0
	}
	return false
}

// Events makes the risk events of one result row: one per value of each
// risk object field (a row without the field raises none for it), each
// carrying the row's fields, the threat objects, the message, the score and
// the detection's annotations. now is used as _time when the row has none.
func Events(d *content.Detection, row value.Fields, now float64) []value.Fields {
	if !Raises(d) {
		return nil
	}
	objs := Objects(d)
	var threats, threatTypes []value.Value
	for _, o := range objs {
		if !o.Threat {
			continue
		}
		for _, v := range row.Get(o.Field).Values() {
			threats = append(threats, v)
			threatTypes = append(threatTypes, value.Str(o.Type))
		}
	}
	t, ok := row.Get("_time").Number()
	if !ok {
		t = now
	}
	score := float64(Score(d))
	msg := Message(d.Tags.Message, row)
	var out []value.Fields
	for _, o := range objs {
		if o.Threat {
			continue
		}
		for _, v := range row.Get(o.Field).Values() {
			ev := row.Clone()
			set := func(k string, v value.Value) { ev.Set(k, v) }
			set("_time", value.Num(t))
			set("risk_object", v)
			set("risk_object_type", value.Str(o.Type))
			set("risk_object_field", value.Str(o.Field))
			set("normalized_risk_object", value.Str(strings.ToLower(v.String())))
			set("risk_score", value.Num(score))
			set("calculated_risk_score", value.Num(score))
			set("risk_message", value.Str(msg))
			set("search_name", value.Str(SearchName(d)))
			set("source", value.Str(SearchName(d)))
			set("sourcetype", value.Str("stash"))
			set("index", value.Str("risk"))
			set("threat_object", value.Multi(threats...))
			set("threat_object_type", value.Multi(threatTypes...))
			set("analyticstories", value.Strs(d.Tags.AnalyticStory...))
			set("annotations.mitre_attack", value.Strs(d.Tags.MitreAttackID...))
			set("annotations.mitre_attack.mitre_technique_id", value.Strs(d.Tags.MitreAttackID...))
			set("annotations._all", value.Strs(annotationsAll(d)...))
			out = append(out, ev)
		}
	}
	return out
}

// annotationsAll is every annotation value, as ES's annotations._all.
func annotationsAll(d *content.Detection) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string{}, d.Tags.MitreAttackID...), d.Tags.AnalyticStory...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
