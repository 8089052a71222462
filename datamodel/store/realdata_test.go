package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// TestRealdataProcesses runs the built-in knowledge over a few files of
// ../shared/realdata and checks Endpoint.Processes against the README's
// counts of Sysmon EventID 1 and Security 4688 events, counted when the
// data was converted: every one of them, and nothing else of those
// sources' process-creation codes, must be a Processes row.
func TestRealdataProcesses(t *testing.T) {
	dir := os.Getenv("SPELUNK_REALDATA")
	if dir == "" {
		t.Skip("SPELUNK_REALDATA not set; skipping the realdata Processes check")
	}
	// Files with both Sysmon and Security process creation, per the README
	// table: events, Sysmon, Security, PowerShell/Operational, Windows
	// PowerShell, System, Sysmon EID 1, Security 4688.
	files := map[string][2]int{
		"otrf/credential_access/cmd_dumping_ntds_dit_file_ntdsutil.log.gz": {8, 8},
		"otrf/collection/msf_record_mic.log.gz":                            {12, 12},
	}
	for f, want := range files {
		s, err := New()
		if err != nil {
			t.Fatal(err)
		}
		st, err := ingest.ReadPaths([]string{filepath.Join(dir, f)}, ingest.Options{}, func(ev *ingest.Event) error {
			s.Add(ev)
			return nil
		})
		if err != nil || st.Bad != 0 {
			t.Fatalf("%s: %v %v", f, err, st.Problems)
		}
		ds, err := s.Dataset("Endpoint.Processes")
		if err != nil {
			t.Fatal(err)
		}
		var sysmon, security int
		_ = ds.Scan(context.Background(), func(r value.Fields) error {
			switch r.Get("source").String() {
			case "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational":
				sysmon++
			case "XmlWinEventLog:Security":
				if r.Get("parent_process_id").String() != "" {
					security++ // 4688: the only Security code with a parent
				}
			}
			if r.Get("process_name").String() == "unknown" && r.Get("source").String() != "XmlWinEventLog:Security" {
				t.Errorf("%s: a Processes row without process_name: %v", f, r)
			}
			return nil
		})
		if sysmon != want[0] || security != want[1] {
			t.Errorf("%s: %d Sysmon and %d Security 4688 rows, README says %d and %d", f, sysmon, security, want[0], want[1])
		}
	}
}
