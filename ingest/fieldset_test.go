package ingest

import (
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/value"
)

// An XML read with Options.Fields gives the events of a full read with
// only the named fields: the same records, metadata and _time, and each
// named field with all its values (repeated names, names cleaned by
// CLEAN_KEYS, empty values, System attributes, the *_Xml blocks), for
// several subsets, whatever the records' order of fields.
func TestXMLFieldsSame(t *testing.T) {
	fixture, err := os.ReadFile("testdata/formats/xml.xml")
	if err != nil {
		t.Fatal(err)
	}
	odd := `<Event><System><Provider Name='P'/><EventID Qualifiers='1'>7045</EventID><TimeCreated SystemTime='2024-05-01T10:00:02Z'/><Channel>System</Channel><Computer>c</Computer></System>` +
		`<EventData><Data Name='Product Name'>x</Data><Data Name='Image'>a</Data><Data Name='Image'>b</Data><Data Name='Empty'></Data><Data Name="Quoted">q</Data></EventData>` +
		`<UserData><LogFileCleared><SubjectUserName>bob</SubjectUserName></LogFileCleared></UserData><RenderingInfo Culture='en-US'><Message>m</Message></RenderingInfo></Event>`
	input := string(fixture) + exampleSysmon1 + "\n" + odd + "\n" + exampleSysmon1 + "\n" + odd + "\n"
	full, _, err := readString(t, input, "events.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	seen := map[string]bool{}
	for _, ev := range full {
		for _, f := range ev.Fields {
			if !seen[f.Name] {
				seen[f.Name] = true
				names = append(names, f.Name)
			}
		}
	}
	subsets := [][]string{{}, names, {"Image"}, {"Product_Name", "EventCode", "Computer"}, {"Name", "SystemTime", "RecordNumber", "Quoted"},
		{"EventData_Xml", "System_Props_Xml", "SubjectUserName", "Message"}, {"Product Name", "nothing"}}
	rng := rand.New(rand.NewSource(5))
	for range 8 {
		var sub []string
		for _, n := range names {
			if rng.Intn(3) == 0 {
				sub = append(sub, n)
			}
		}
		subsets = append(subsets, sub)
	}
	for _, sub := range subsets {
		want := map[string]bool{}
		for _, f := range sub {
			want[f] = true
		}
		var exp []*Event
		for _, ev := range full {
			c := *ev
			c.Fields = nil
			for _, f := range ev.Fields {
				if want[f.Name] {
					c.Fields = append(c.Fields, f)
				}
			}
			exp = append(exp, &c)
		}
		for _, reuse := range []bool{false, true} {
			var got []*Event
			_, err := Read(strings.NewReader(input), "events.xml", Options{Fields: sub, ReuseFields: reuse}, func(ev *Event) error {
				c := *ev
				c.Fields = append(value.Fields(nil), ev.Fields...)
				got = append(got, &c)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(exp, got, cmp.Comparer(func(a, b value.Value) bool {
				return a.Kind() == b.Kind() && strings.Join(a.Strings(), "\x00") == strings.Join(b.Strings(), "\x00")
			})); diff != "" {
				t.Errorf("fields %q (-full read, filtered +read with Fields):\n%s", sub, diff)
			}
		}
	}
}
