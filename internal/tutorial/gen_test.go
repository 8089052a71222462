package tutorial

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/ingest"
)

// The same seed gives the same bytes, another seed other bytes, and each
// file reads back as its sourcetype with no bad record.
func TestGenerate(t *testing.T) {
	a, b, c := Generate(Seed), Generate(Seed), Generate(Seed+1)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different output")
	}
	if a[0].Text == c[0].Text {
		t.Errorf("another seed, same web log")
	}
	want := map[string]int{"web_access.log": WebEvents, "security.xml": LogonEvents, "sysmon.xml": ProcessEvents}
	for _, f := range a {
		st, err := ingest.Read(strings.NewReader(f.Text), f.Name, ingest.Options{}, func(*ingest.Event) error { return nil })
		if err != nil || st.Bad != 0 || st.Events != want[f.Name] {
			t.Errorf("%s: %d events, %d bad, %v; want %d", f.Name, st.Events, st.Bad, err, want[f.Name])
		}
		if n := st.BySourcetype[f.Sourcetype]; n != st.Events {
			t.Errorf("%s: detected %v, want all %s", f.Name, st.BySourcetype, f.Sourcetype)
		}
	}
}

// The planted incidents are in the text as Planted says, counted on the
// raw lines without spelunk's readers.
func TestPlanted(t *testing.T) {
	files := map[string]string{}
	for _, f := range Generate(Seed) {
		files[f.Name] = f.Text
	}
	count := func(file string, pieces ...string) int {
		n := 0
		for _, line := range strings.Split(files[file], "\n") {
			all := line != ""
			for _, p := range pieces {
				all = all && strings.Contains(line, p)
			}
			if all {
				n++
			}
		}
		return n
	}
	cases := []struct {
		name string
		got  int
		want int
	}{
		{"404s", count("web_access.log", `status="404"`), Planted.Scanner404s},
		{"404s from the scanner", count("web_access.log", `status="404"`, `src_ip="`+Planted.ScannerIP+`"`), Planted.Scanner404s},
		{"500s", count("web_access.log", `status="500"`), Planted.OrderErrors},
		{"failed logons", count("security.xml", "<EventID>4625<"), Planted.BruteFailures + len(Planted.Typos)},
		{"brute force", count("security.xml", "<EventID>4625<", "'IpAddress'>"+Planted.BruteIP+"<"), Planted.BruteFailures},
		{"brute force success", count("security.xml", "<EventID>4624<", "'IpAddress'>"+Planted.BruteIP+"<"), 1},
		{"Word starts a process", count("sysmon.xml", `'ParentImage'>C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE<`), 1},
		{"the encoded PowerShell", count("sysmon.xml", "'CommandLine'>"+Planted.MacroCommand+"<"), 1},
		{"its children", count("sysmon.xml", `'ParentProcessId'>7204<`), Planted.MacroChildCount},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
}
