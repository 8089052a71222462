package ingest

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fileCounts mirrors the per-file table of the realdata README.
type fileCounts struct {
	Events, Sysmon, Security, PSOperational, WindowsPowerShell, System, SysmonEID1, Security4688 int
}

// readmeCounts parses the "Per-file event counts" table of the realdata
// README, keyed by the file path relative to the realdata directory.
func readmeCounts(t *testing.T, path string) map[string]fileCounts {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]fileCounts{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) != 11 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`otrf/") {
			continue
		}
		var n [8]int
		for i := range n {
			v, err := strconv.Atoi(strings.TrimSpace(cells[2+i]))
			if err != nil {
				t.Fatalf("README row %q: %v", sc.Text(), err)
			}
			n[i] = v
		}
		name := strings.Trim(strings.TrimSpace(cells[1]), "`")
		out[name] = fileCounts{n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no per-file rows found in the README table")
	}
	return out
}

// TestRealdata reads all of ../shared/realdata and checks the event counts
// per file and per channel against its README, which were counted when the
// data was converted, not by this package.
func TestRealdata(t *testing.T) {
	dir := os.Getenv("SPELUNK_REALDATA")
	if dir == "" {
		t.Skip("SPELUNK_REALDATA not set (path to the realdata directory, e.g. /work/shared/realdata)")
	}
	want := readmeCounts(t, filepath.Join(dir, "README.md"))
	got := map[string]fileCounts{}
	var noTime, noHost, noCode int
	st, err := ReadPaths([]string{filepath.Join(dir, "otrf")}, Options{}, func(ev *Event) error {
		rel, err := filepath.Rel(dir, ev.File)
		if err != nil {
			return err
		}
		c := got[filepath.ToSlash(rel)]
		c.Events++
		code := ev.Fields.Get("EventCode").String()
		switch ev.Source {
		case "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational":
			c.Sysmon++
			if code == "1" {
				c.SysmonEID1++
			}
		case "XmlWinEventLog:Security":
			c.Security++
			if code == "4688" {
				c.Security4688++
			}
		case "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational":
			c.PSOperational++
		case "XmlWinEventLog:Windows PowerShell":
			c.WindowsPowerShell++
		case "XmlWinEventLog:System":
			c.System++
		}
		got[filepath.ToSlash(rel)] = c
		if ev.Time <= 0 {
			noTime++
		}
		if ev.Host == "unknown" || ev.Host != ev.Fields.Get("Computer").String() {
			noHost++
		}
		if code == "" {
			noCode++
		}
		if ev.Sourcetype != "XmlWinEventLog" || ev.Raw == "" || ev.Line < 1 {
			t.Fatalf("%s:%d: bad event %+v", ev.File, ev.Line, ev)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Bad != 0 {
		t.Errorf("%d bad records, want 0; first problems: %v", st.Bad, st.Problems)
	}
	if noTime+noHost+noCode != 0 {
		t.Errorf("events without _time: %d, without host=Computer: %d, without EventCode: %d", noTime, noHost, noCode)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("per-file counts (-README +read):\n%s", diff)
	}
	total := 0
	for _, c := range want {
		total += c.Events
	}
	if st.Events != total || st.BySourcetype["XmlWinEventLog"] != total {
		t.Errorf("Stats.Events = %d, BySourcetype = %v, want %d", st.Events, st.BySourcetype, total)
	}
	t.Logf("%d files, %d events", len(got), st.Events)
}
