package main

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

// naiveEvent is the shape encoding/xml decodes a Sysmon record into.
type naiveEvent struct {
	System struct {
		Computer    string `xml:"Computer"`
		TimeCreated struct {
			SystemTime string `xml:"SystemTime,attr"`
		} `xml:"TimeCreated"`
	} `xml:"System"`
	Data []struct {
		Name  string `xml:"Name,attr"`
		Value string `xml:",chardata"`
	} `xml:"EventData>Data"`
}

// cmdNaive is the baseline of the benchmark table: what a straightforward
// Go program does for the seed detection over W1, decoding every record
// with encoding/xml into a map and grouping with a map of string keys.
// It answers the same question (wermgr.exe children grouped by eight
// fields, with count and first/last time) without Splunk's semantics
// (no add-on knowledge, no CIM); it exists to put a number on "naive".
func cmdNaive(args []string) error {
	fs := newFlags("naive")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	type agg struct {
		count       int
		first, last time.Time
	}
	groups := map[string]*agg{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	events := 0
	base := func(p string) string { return p[strings.LastIndexByte(p, '\\')+1:] }
	for sc.Scan() {
		var ev naiveEvent
		if err := xml.Unmarshal(sc.Bytes(), &ev); err != nil {
			return err
		}
		events++
		m := map[string]string{"Computer": ev.System.Computer, "SystemTime": ev.System.TimeCreated.SystemTime}
		for _, d := range ev.Data {
			m[d.Name] = d.Value
		}
		parent, proc := base(m["ParentImage"]), base(m["Image"])
		if !strings.EqualFold(parent, "wermgr.exe") {
			continue
		}
		switch strings.ToLower(proc) {
		case "werfaultsecure.exe", "wermgr.exe", "werfault.exe":
			continue
		}
		key := strings.Join([]string{m["Computer"], m["User"], parent, proc, m["CommandLine"], m["ProcessId"], m["ParentProcessId"], m["OriginalFileName"]}, "\x00")
		t, _ := time.Parse(time.RFC3339Nano, m["SystemTime"])
		g := groups[key]
		if g == nil {
			g = &agg{first: t, last: t}
			groups[key] = g
		}
		g.count++
		if t.Before(g.first) {
			g.first = t
		}
		if t.After(g.last) {
			g.last = t
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, k := range keys {
		g := groups[k]
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\n", strings.ReplaceAll(k, "\x00", "\t"), g.count, g.first.Format(time.RFC3339), g.last.Format(time.RFC3339))
	}
	fmt.Fprintf(os.Stderr, "naive: %d events, %d groups\n", events, len(groups))
	return nil
}
