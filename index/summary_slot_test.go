package index

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spelunk-dev/spelunk/ingest"
)

// slotRow is what a summary row holds, for comparing the two paths.
type slotRow struct {
	Names, Texts []string
	Types        string
	T            float64
	TOK          bool
	Seq          int64
	Copies       []sumCopy
	RefMask      uint64
}

// slotWorker is a worker of sb made with or without the slot plans.
func slotWorker(t *testing.T, sb *summaryBuilder, slots bool) *sumWorker {
	old := noSlotRows
	noSlotRows = !slots
	defer func() { noSlotRows = old }()
	w, err := sb.worker()
	if err != nil {
		t.Fatal(err)
	}
	if slots != (w.slots != nil) {
		t.Fatalf("worker with slots %v has %v", slots, w.slots != nil)
	}
	return w
}

// slotRowsOf makes the dataset rows of a batch of one partition.
func slotRowsOf(t *testing.T, sb *summaryBuilder, w *sumWorker, batch []*record) [][]slotRow {
	r0 := batch[0]
	w.ruled = w.rulesOut(sb, r0.ix, r0.st)
	if err := w.makeRows(sb, batch, "part"); err != nil {
		t.Fatal(err)
	}
	out := make([][]slotRow, len(w.rows))
	for i, rows := range w.rows {
		for _, r := range rows {
			out[i] = append(out[i], slotRow{Names: r.lay.names, Texts: r.texts, Types: r.types, T: r.t, TOK: r.tOK,
				Seq: r.seq, Copies: r.copies, RefMask: r.refMask})
		}
		clear(rows)
		w.rows[i] = rows[:0]
	}
	return out
}

// sysmonLike writes Sysmon process creations as W1 has them, whose
// fields repeat the last event's, change, go missing or are empty.
func sysmonLike(t *testing.T, n int) string {
	images := []string{`C:\Windows\System32\cmd.exe`, `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, `C:\x\a.exe`, ``}
	levels := []string{"Low", "High", "System", "Medium"}
	var b strings.Builder
	for k := range n {
		img := images[(k/3)%len(images)]
		user := fmt.Sprintf(`CORP\u%d`, (k/5)%7)
		if k%11 == 0 {
			user = ""
		}
		fmt.Fprintf(&b, `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>%d</EventID><TimeCreated SystemTime='2024-01-02T00:00:%02d.%07dZ'/><EventRecordID>%d</EventRecordID><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WS-%04d.corp.example.com</Computer><Security UserID='S-1-5-18'/></System><EventData>`,
			map[bool]int{true: 3, false: 1}[k%17 == 16], k%60, k, 100000+k, (k/4)%9)
		fmt.Fprintf(&b, `<Data Name='UtcTime'>2024-01-02 00:00:%02d.042</Data><Data Name='ProcessGuid'>{AF89A1F3-C2D0-E19E-307B-%012X}</Data><Data Name='ProcessId'>%d</Data>`, k%60, k*7919, 1000+k)
		if k%13 != 5 {
			fmt.Fprintf(&b, `<Data Name='Image'>%s</Data>`, img)
		}
		fmt.Fprintf(&b, `<Data Name='OriginalFileName'>%s</Data><Data Name='CommandLine'>%s /c echo %d</Data><Data Name='CurrentDirectory'>C:\Users\u%d\</Data><Data Name='User'>%s</Data><Data Name='IntegrityLevel'>%s</Data><Data Name='Hashes'>SHA1=%040X,MD5=%032X,SHA256=%064X,IMPHASH=%032X</Data>`,
			filepath.Base(img), img, k%4, k%3, user, levels[(k/2)%len(levels)], k, k*3, k*5, k*7)
		fmt.Fprintf(&b, `<Data Name='ParentProcessGuid'>{B16F2B19-0748-918C-5805-%012X}</Data><Data Name='ParentProcessId'>%d</Data><Data Name='ParentImage'>%s</Data><Data Name='ParentCommandLine'>"%s" -k</Data></EventData></Event>`+"\n",
			k/9, 77332+k/9, images[(k/7)%len(images)], images[(k/7)%len(images)])
	}
	path := filepath.Join(t.TempDir(), "sysmon.xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSlotRowsMatchGeneral checks the dataset rows the slot plans make
// against those of the general path (the knowledge row by row, then each
// dataset's constraints and calculations), over Sysmon events like W1's,
// the test data of many sourcetypes and, with SPELUNK_REALDATA, every
// event of the real data, in batches of one partition as indexing has
// them.
func TestSlotRowsMatchGeneral(t *testing.T) {
	paths := []string{sysmonLike(t, 3000)}
	for _, f := range []string{"seed/data", "datamodels", "sources", "cim_detections/data"} {
		paths = append(paths, filepath.Join("..", "testdata", f))
	}
	// Plans at once, then plans after a few events of each layout (the
	// switch from the general path to the plan within a batch).
	t.Run("after=5", func(t *testing.T) { compareSlotRows(t, paths, 5) })
	switch dir := os.Getenv("SPELUNK_REALDATA"); {
	case dir == "":
		t.Log("SPELUNK_REALDATA not set: the real data is not compared")
	case raceOn:
		t.Log("the race detector is on: the real data is compared by the run without it")
	default:
		paths = append(paths, dir)
	}
	t.Run("after=0", func(t *testing.T) { compareSlotRows(t, paths, 0) })
}

// compareSlotRows compares the rows of the events of paths made by the
// slot plans (made after after events of a layout) and the general way.
func compareSlotRows(t *testing.T, paths []string, after int) {
	defer func(old int) { slotAfter = old }(slotAfter)
	slotAfter = after
	sb, err := newSummaryBuilderFor(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	slots, general := slotWorker(t, sb, true), slotWorker(t, sb, false)
	var rm recordMaker
	var batch []*record
	events, rows, diffs := 0, 0, 0
	flush := func() {
		if len(batch) == 0 {
			return
		}
		got, want := slotRowsOf(t, sb, slots, batch), slotRowsOf(t, sb, general, batch)
		for i := range want {
			rows += len(want[i])
			if d := cmp.Diff(want[i], got[i], cmp.AllowUnexported(sumCopy{})); d != "" && diffs < 5 {
				diffs++
				t.Errorf("%s, batch of %d events of %s (general -, slots +):\n%s", sb.defs[i].Name(), len(batch), batch[0].st, d)
			}
		}
		batch = batch[:0]
	}
	_, err = ingest.ReadPaths(paths, ingest.Options{}, func(ev *ingest.Event) error {
		r, err := rm.record(ev, int64(events))
		if err != nil {
			return err
		}
		events++
		if len(batch) > 0 && (batch[0].ix != r.ix || batch[0].st != r.st || len(batch) >= 512) {
			flush()
		}
		batch = append(batch, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	flush()
	t.Logf("%d events, %d dataset rows compared", events, rows)
	if rows == 0 {
		t.Fatal("no rows compared")
	}
}

// BenchmarkSummaryRowsGeneral is BenchmarkSummaryRows by the general
// path alone (no slot plans), to compare the two.
func BenchmarkSummaryRowsGeneral(b *testing.B) {
	defer func(old bool) { noSlotRows = old }(noSlotRows)
	noSlotRows = true
	BenchmarkSummaryRows(b)
}
