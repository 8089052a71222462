package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestFormatExamples reads each registered format's example,
// testdata/formats/<name>.*: detection must choose the format, reading it
// detected must give what reading it with its sourcetype named gives (no
// detection: an independent path), with no problem, and the events must
// have the sourcetypes written by hand in <name>.want ("sourcetype count"
// lines).
func TestFormatExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "formats", "*"))
	if err != nil {
		t.Fatal(err)
	}
	examples := map[string]string{}
	for _, f := range files {
		if filepath.Ext(f) != ".want" {
			examples[strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))] = f
		}
	}
	for _, f := range formats {
		name := f.about().name
		path, ok := examples[name]
		if !ok {
			t.Errorf("format %s has no example testdata/formats/%s.*", name, name)
			continue
		}
		delete(examples, name)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := readWant(t, strings.TrimSuffix(path, filepath.Ext(path))+".want")
			_, got, spec, err := open(bytes.NewReader(data), path, sourcetypeSpec{})
			if err != nil || got != f {
				t.Fatalf("detected %v (%v), want format %s", got, err, name)
			}
			evs, st, err := readString(t, string(data), path, Options{})
			if err != nil || st.Bad > 0 || len(evs) == 0 {
				t.Fatalf("read: %d events, %+v, %v", len(evs), st, err)
			}
			if diff := cmp.Diff(want, st.BySourcetype); diff != "" {
				t.Errorf("sourcetypes (-want +got):\n%s", diff)
			}
			// The sourcetype detected, else the events', else the
			// format's first (EVTX records become XmlWinEventLog events).
			named := spec.name
			if named == "" && ownsSourcetype(f, evs[0].Sourcetype) {
				named = evs[0].Sourcetype
			}
			for _, s := range sourcetypes {
				if named == "" && s.format == f {
					named = s.name
				}
			}
			evs2, st2, err := readString(t, string(data), path, Options{Sourcetype: named})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(evs2, evs, cmpValues); diff != "" {
				t.Errorf("events detected differ from those read as %s (-named +detected):\n%s", named, diff)
			}
			if diff := cmp.Diff(st2, st, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("stats detected differ from those read as %s (-named +detected):\n%s", named, diff)
			}
		})
	}
	for name := range examples {
		t.Errorf("testdata/formats/%s.* is the example of no registered format", name)
	}
}

func readWant(t *testing.T, path string) map[string]int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		st, n, ok := strings.Cut(line, " ")
		count, err := strconv.Atoi(n)
		if !ok || err != nil {
			t.Fatalf("%s: bad line %q", path, line)
		}
		want[st] = count
	}
	return want
}

// TestFormatsDocumented checks that the sourcetype table of
// docs/DATASOURCES.md lists the sourcetypes of the table here, in order,
// each with its format's words, and that every format is named there.
func TestFormatsDocumented(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "docs", "DATASOURCES.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(data), "## Sourcetypes\n")
	section, _, _ = strings.Cut(section, "\n## ")
	type row struct{ Name, Format string }
	var docs []row
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) < 2 || !strings.HasPrefix(cells[0], "| `") {
			continue
		}
		docs = append(docs, row{strings.Trim(cells[0], "| `"), cells[1]})
	}
	var table []row
	for _, s := range Sourcetypes() {
		table = append(table, row{s.Name, s.Format})
	}
	if diff := cmp.Diff(table, docs); diff != "" {
		t.Errorf("docs/DATASOURCES.md's sourcetypes differ from the table (-table +docs):\n%s", diff)
	}
	documented := map[string]bool{}
	for _, r := range docs {
		documented[r.Format] = true
	}
	names := map[string]bool{}
	for _, f := range formats {
		a := f.about()
		if !documented[a.doc] {
			t.Errorf("format %s (%q) is in no row of docs/DATASOURCES.md", a.name, a.doc)
		}
		if names[a.name] {
			t.Errorf("two formats are named %s", a.name)
		}
		names[a.name] = true
	}
}
