package index

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"sync/atomic"

	"github.com/spelunk-dev/spelunk/datamodel"
)

// The data model summaries: while indexing, every CIM dataset some event
// belongs to gets its rows (built with the knowledge in force) written as
// Parquet under datamodel=<model>/dataset=<path>/, the layout docs/SCALE.md
// gives for dataset tables. A tstats over the index reads them instead of
// building the dataset from the events, when they were built with the
// knowledge and definitions of the search (their fingerprint).

// summaryVersion is the layout of the summary rows; a change makes every
// summary written before it stale (it is part of each fingerprint).
const summaryVersion = "spelunk-summary-1"

// SummaryPart is one Parquet file of a dataset's summary.
type SummaryPart struct {
	// Path is relative to the index folder, with forward slashes.
	Path string `json:"path"`
	// Dataset is the dataset's full name ("Endpoint.Processes").
	Dataset string `json:"dataset"`
	// Fingerprint names the knowledge and data model definitions the
	// rows were built with (Fingerprints).
	Fingerprint string  `json:"fingerprint"`
	Rows        int64   `json:"rows"`
	Bytes       int64   `json:"bytes"`
	RowGroups   int     `json:"row_groups"`
	MinTime     float64 `json:"min_time"`
	MaxTime     float64 `json:"max_time"`
	// Copies are the fields some of whose cells copy their event's field
	// kept as its place in _raw, and are kept as that place: a column
	// _spelunk_eref_<field> each (docs/INDEX.md).
	Copies []string `json:"copies,omitempty"`
	// Refs are the fields some of whose cells equal their event's cell of
	// an event column, and are kept as a reference to it: field to event
	// column, a column _spelunk_cref_<field> each (docs/INDEX.md).
	Refs map[string]string `json:"refs,omitempty"`
}

// lastFingerprints keeps the fingerprints of the last knowledge base
// asked about: a search asks once per dataset read, with one base.
var lastFingerprints atomic.Pointer[baseFingerprints]

type baseFingerprints struct {
	b   *datamodel.Base
	fps map[string]string
}

// Fingerprints gives each dataset of b (by full name) the fingerprint of
// what its rows are made with: the summary layout, every knowledge entry
// and eventtype (any may set a field or tag the dataset reads), and the
// definitions of the datasets of its model (its ancestors and children
// are among them).
func Fingerprints(b *datamodel.Base) map[string]string {
	if last := lastFingerprints.Load(); last != nil && last.b == b {
		return last.fps
	}
	models := builtinModelFingerprints(b)
	if models == nil {
		models = modelFingerprints(b)
	}
	out := map[string]string{}
	for _, d := range b.Datasets {
		out[d.Name()] = models[d.Model]
	}
	lastFingerprints.Store(&baseFingerprints{b: b, fps: out})
	return out
}

// modelFingerprints computes the fingerprint of each data model of b.
func modelFingerprints(b *datamodel.Base) map[string]string {
	h := sha256.New()
	h.Write([]byte(summaryVersion))
	k, _ := json.Marshal(b.Knowledge)
	h.Write(k)
	e, _ := json.Marshal(b.Eventtypes)
	h.Write(e)
	kn := h.Sum(nil)
	byModel := map[string][]*datamodel.DatasetDef{}
	for _, d := range b.Datasets {
		byModel[d.Model] = append(byModel[d.Model], d)
	}
	models := map[string]string{}
	for m, defs := range byModel {
		j, _ := json.Marshal(defs)
		s := sha256.Sum256(append(append([]byte(nil), kn...), j...))
		models[m] = hex.EncodeToString(s[:12])
	}
	return models
}

// summaryState is what the index holds of a dataset's summary for the
// fingerprint fp: the parts built with fp, and whether they are all of
// it (every run summarized the dataset with fp); old are the parts built
// with another fingerprint.
func (m *Manifest) summaryState(name, fp string) (parts, old []SummaryPart, fresh bool) {
	fresh = len(m.Runs) > 0
	for _, r := range m.Runs {
		if r.Summarized[name] != fp {
			fresh = false
		}
	}
	for _, p := range m.Summaries {
		if p.Dataset != name {
			continue
		}
		if p.Fingerprint == fp {
			parts = append(parts, p)
		} else {
			old = append(old, p)
		}
	}
	return parts, old, fresh
}

// SummaryStatus says, for each dataset some run summarized, whether its
// summary can serve searches made with the knowledge b: "fresh", or
// "stale" (built with other knowledge or definitions, or missing for the
// files of some run).
func (m *Manifest) SummaryStatus(b *datamodel.Base) map[string]string {
	fps := Fingerprints(b)
	out := map[string]string{}
	for _, r := range m.Runs {
		for name := range r.Summarized {
			out[name] = ""
		}
	}
	for _, p := range m.Summaries {
		out[p.Dataset] = ""
	}
	for name := range out {
		if _, _, fresh := m.summaryState(name, fps[name]); fresh && fps[name] != "" {
			out[name] = "fresh"
		} else {
			out[name] = "stale"
		}
	}
	return out
}

// SummaryNames lists the datasets the manifest has summary parts or runs
// for, sorted.
func (m *Manifest) SummaryNames() []string {
	seen := map[string]bool{}
	for _, r := range m.Runs {
		for n := range r.Summarized {
			seen[n] = true
		}
	}
	for _, p := range m.Summaries {
		seen[p.Dataset] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// SummaryRows is how many rows the summary parts of dataset name (its
// full name) built with the knowledge of the Source hold.
func (s *Source) SummaryRows(name string) int64 {
	parts, _, _ := s.m.summaryState(name, Fingerprints(s.base)[name])
	var n int64
	for _, p := range parts {
		n += p.Rows
	}
	return n
}
