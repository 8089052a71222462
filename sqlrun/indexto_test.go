package sqlrun

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/runner"
	"github.com/spelunk-dev/spelunk/sqlexec"
)

// TestIndexToClickHouse loads the seed data into ClickHouse as spelunk
// index --to does, then runs searches with sqlexec.Run over those tables
// and in spelunk over the loaded data: the rows must be the same.
func TestIndexToClickHouse(t *testing.T) {
	if testing.Short() {
		t.Skip("starts clickhouse-server")
	}
	ch, err := StartClickHouse(t.TempDir())
	if err != nil {
		t.Skipf("no ClickHouse: %v", err)
	}
	defer ch.Stop()
	e, err := sqlexec.DialClickHouse("clickhouse://" + ch.Addr + "/default")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	seed := filepath.Join("..", "testdata", "seed")
	r := runner.New(runner.Config{Data: []string{filepath.Join(seed, "data")}, Macros: []string{filepath.Join(seed, "macros")}, Notice: func(string) {}})
	st, _, err := r.Store()
	if err != nil {
		t.Fatal(err)
	}
	base, _ := r.Base()
	if _, err := e.Load(context.Background(), st, base, nil); err != nil {
		t.Fatal(err)
	}
	det, err := content.LoadDetection(filepath.Join(seed, "detections", "windows_process_injection_wermgr_child_process.yml"))
	if err != nil {
		t.Fatal(err)
	}
	searches := []*runner.Search{}
	s, err := r.PrepareDetection(det)
	if err != nil {
		t.Fatal(err)
	}
	searches = append(searches, s)
	for _, q := range []string{
		`search wermgr | stats count by sourcetype`,
		`search ParentImage="*WERMGR.exe" | table _time host Image`,
		`search EventCode=4688 OR EventID=1 | stats count min(_time) by host`,
		`search * | head 3 | table _time sourcetype`,
		`search * | rex field=_raw "(?<first>.{5})" | stats count by first`,
		`| tstats count from datamodel=Endpoint.Processes by Processes.process_name | sort - count`,
		`| tstats count from datamodel=Network_Traffic where nodename=All_Traffic.Traffic_By_Action.Allowed_Traffic by All_Traffic.dest`,
	} {
		s, err := r.Prepare("", q, "")
		if err != nil {
			t.Fatal(err)
		}
		searches = append(searches, s)
	}
	o := runner.RunOptions{Quiet: true, Now: runner.DataEnd(st)}
	for _, s := range searches {
		name := s.Text
		if s.Origin != nil {
			name = det.Name
		}
		res, err := r.RunOn(context.Background(), s, st, o)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := resultRows(res)
		if len(want.Rows) == 0 {
			t.Errorf("%s: spelunk gives no rows: the case tests nothing", name)
		}
		got, _, err := sqlexec.Run(context.Background(), r, s, e, o)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if why := diff(want, resultRows(got)); why != "" {
			t.Errorf("%s: %s", name, why)
		}
	}
}
