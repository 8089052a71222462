package store

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// dataSource is the part of a security_content data_sources/*.yml the
// test reads.
type dataSource struct {
	Name          string   `yaml:"name"`
	Source        string   `yaml:"source"`
	Sourcetype    string   `yaml:"sourcetype"`
	Fields        []string `yaml:"fields"`
	ExampleLog    string   `yaml:"example_log"`
	FieldMappings []struct {
		DataModel string            `yaml:"data_model"`
		DataSet   string            `yaml:"data_set"`
		Mapping   map[string]string `yaml:"mapping"`
	} `yaml:"field_mappings"`
}

// notProduced lists fields of a data source's `fields:` that its example
// event carries but spelunk deliberately does not produce, and why.
var notProduced = map[string]string{}

// notInDataset lists data sources whose field_mappings name a CIM dataset
// that spelunk does not put their events in, and why.
var notInDataset = map[string]string{
	"Powershell Script Block Logging 4104": "the field list captured with the Windows TA has no process fields and no process tags: 4104 events get the mapped fields but stay out of Endpoint.Processes",
}

// unsupportedText are the text formats of data sources spelunk has no
// reader for; their example is read as key=value lines only when named.
func exampleFormat(ex string) string {
	t := strings.TrimSpace(ex)
	switch {
	case strings.HasPrefix(t, "<Event"):
		return "xml"
	case strings.HasPrefix(t, "{"):
		return "json"
	}
	return "text"
}

// readerSourcetypes are the text sourcetypes spelunk has a reader for.
var readerSourcetypes = map[string]bool{"linux:audit": true, "nginx:plus:kv": true, "pan:threat": true, "pan:traffic": true}

// TestCorpusDataSources ingests the example_log of every security_content
// data source spelunk reads and checks that the event has the raw fields
// of the source's `fields:` list that the example carries, and every CIM
// field its field_mappings name.
func TestCorpusDataSources(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS not set (path to security_content); skipping the data_sources examples")
	}
	files, err := filepath.Glob(filepath.Join(corpus, "data_sources", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no data sources under %s: %v", corpus, err)
	}
	var checked, skipped []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ds dataSource
		if err := yaml.Unmarshal(b, &ds); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		format := exampleFormat(ds.ExampleLog)
		switch {
		case strings.TrimSpace(ds.ExampleLog) == "":
			skipped = append(skipped, ds.Name+" (no example_log)")
			continue
		case format == "text" && !readerSourcetypes[ds.Sourcetype]:
			why := "no reader for this text format"
			if strings.Contains(strings.ToLower(ds.Sourcetype), "wineventlog") {
				why = "only the timestamp line of a classic record"
			}
			skipped = append(skipped, ds.Name+" ("+ds.Sourcetype+": "+why+")")
			continue
		case format == "xml" && !strings.HasSuffix(strings.TrimSpace(ds.ExampleLog), "</Event>"),
			format == "json" && !json.Valid([]byte(ds.ExampleLog)):
			// The capture kept only the first line of records that span
			// lines (4104 script blocks, 4627 group lists, 7045 ...).
			skipped = append(skipped, ds.Name+" (example_log holds only the start of the record)")
			continue
		case format == "json" && strings.EqualFold(ds.Sourcetype, "XmlWinEventLog"):
			skipped = append(skipped, ds.Name+" (sourcetype XmlWinEventLog but a JSON example; the detections' tests read it as _json)")
			continue
		}
		checked = append(checked, ds.Name)
		t.Run(ds.Name, func(t *testing.T) { checkDataSource(t, ds, format) })
	}
	t.Logf("checked %d data sources; skipped %d: %s", len(checked), len(skipped), strings.Join(skipped, "; "))
}

func checkDataSource(t *testing.T, ds dataSource, format string) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	st, err := ingest.Read(strings.NewReader(ds.ExampleLog), "example_log", ingest.Options{Sourcetype: ds.Sourcetype, Source: ds.Source},
		func(ev *ingest.Event) error {
			s.Add(ev)
			return nil
		})
	if err != nil || st.Bad != 0 || s.Len() != 1 {
		t.Fatalf("read %d events, problems %v, error %v; want 1 event", s.Len(), st.Problems, err)
	}
	var row value.Fields
	_ = s.Scan(context.Background(), engine.AllEvents, func(r value.Fields) error { row = r.Clone(); return nil })

	carried := carriedFields(ds.ExampleLog, format)
	var missing []string
	n := 0
	for _, f := range ds.Fields {
		if !carried[f] || notProduced[ds.Name+"/"+f] != "" {
			continue
		}
		n++
		if v, ok := row.Lookup(f); !ok || v.IsNull() {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		t.Errorf("raw fields of the example missing from the event: %v", missing)
	}
	if n == 0 {
		// The add-on renames every field (Defender's properties.X): then
		// every listed field but Splunk's own must be there.
		for _, f := range ds.Fields {
			if splunkInternal(f) {
				continue
			}
			n++
			if v, ok := row.Lookup(f); !ok || v.IsNull() {
				missing = append(missing, f)
			}
		}
		if len(missing) > 0 {
			t.Errorf("no listed field is in the example as written, and these add-on fields are missing: %v", missing)
		}
	}

	// The add-on's own fields (not in the example's text) are reported,
	// not required: most add-on mappings here are unverified.
	var gaps []string
	for _, f := range ds.Fields {
		if carried[f] || splunkInternal(f) {
			continue
		}
		if v, ok := row.Lookup(f); !ok || v.IsNull() {
			gaps = append(gaps, f)
		}
	}
	if len(gaps) > 0 && testing.Verbose() {
		t.Logf("add-on fields not produced: %s", strings.Join(gaps, " "))
	}

	for _, fm := range ds.FieldMappings {
		if fm.DataModel != "cim" {
			continue
		}
		var want []string
		for _, cim := range fm.Mapping {
			_, field, _ := strings.Cut(cim, ".")
			want = append(want, field)
		}
		sort.Strings(want)
		var absent []string
		for _, f := range want {
			if v, ok := row.Lookup(f); !ok || v.IsNull() {
				absent = append(absent, f)
			}
		}
		if len(absent) > 0 {
			t.Errorf("CIM fields of field_mappings (%s) missing from the event: %v", fm.DataSet, absent)
		}
		if why := notInDataset[ds.Name]; why != "" {
			t.Logf("not in %s by choice: %s", fm.DataSet, why)
			continue
		}
		d, err := s.Dataset(fm.DataSet)
		if err != nil {
			t.Fatal(err)
		}
		var rows []value.Fields
		_ = d.Scan(context.Background(), func(r value.Fields) error { rows = append(rows, r.Clone()); return nil })
		if len(rows) != 1 {
			t.Errorf("the event is not in %s (tags %v)", fm.DataSet, row.Get("tag").Strings())
			continue
		}
		for _, f := range want {
			if v, ok := rows[0].Lookup(f); !ok || v.IsNull() || v.String() == "unknown" {
				t.Errorf("%s.%s is %q", fm.DataSet, f, v.String())
			}
		}
	}
}

// splunkInternal tells Splunk's own fields (time parts, punct, ...) that no
// add-on produces.
func splunkInternal(f string) bool {
	return strings.HasPrefix(f, "date_") || strings.HasPrefix(f, "tag") || strings.HasPrefix(f, "_") ||
		f == "punct" || f == "splunk_server" || f == "timestartpos" || f == "timeendpos" || f == "eventtype"
}

var (
	xmlSimple = regexp.MustCompile(`<(\w+)>([^<]*)</(\w+)>`)
	xmlAttr   = regexp.MustCompile(`\s(\w+)=['"]`)
	xmlData   = regexp.MustCompile(`<Data Name=['"]([^'"]+)['"]>[^<]`)
	kvKey     = regexp.MustCompile(`(?:^|[\s'"])([A-Za-z_][\w.]*)=`)
)

// carriedFields lists the field names an example carries in its own text,
// found independently of the ingest readers: XML element and attribute
// names and Data names with a value, JSON keys flattened as Splunk names
// them, key=value keys.
func carriedFields(ex, format string) map[string]bool {
	out := map[string]bool{}
	switch format {
	case "xml":
		for _, m := range xmlSimple.FindAllStringSubmatch(ex, -1) {
			if m[1] == m[3] && m[2] != "" {
				out[m[1]] = true
			}
		}
		for _, m := range xmlAttr.FindAllStringSubmatch(ex, -1) {
			out[m[1]] = true
		}
		for _, m := range xmlData.FindAllStringSubmatch(ex, -1) {
			out[strings.ReplaceAll(m[1], " ", "_")] = true
		}
		delete(out, "xmlns") // a namespace declaration, not an attribute
	case "json":
		var v any
		dec := json.NewDecoder(strings.NewReader(ex))
		dec.UseNumber()
		if dec.Decode(&v) == nil {
			flattenKeys("", v, out)
		}
	default:
		for _, m := range kvKey.FindAllStringSubmatch(ex, -1) {
			out[m[1]] = true
		}
	}
	return out
}

func flattenKeys(prefix string, v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			name := k
			if prefix != "" {
				name = prefix + "." + k
			}
			flattenKeys(name, e, out)
		}
	case []any:
		for _, e := range x {
			flattenKeys(prefix+"{}", e, out)
		}
	default:
		if prefix != "" {
			out[prefix] = true
		}
	}
}
