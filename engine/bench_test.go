package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// benchRows makes n Endpoint.Processes-like rows with a few hundred
// hosts, a few thousand users and varied processes.
func benchRows(n int) []value.Fields {
	procs := []string{"cmd.exe", "powershell.exe", "svchost.exe", "rundll32.exe", "conhost.exe", "chrome.exe", "reg.exe", "net.exe"}
	rows := make([]value.Fields, n)
	for i := range rows {
		p := procs[i*7%len(procs)]
		parent := procs[i*3%len(procs)]
		if i%1000 == 0 {
			parent = "wermgr.exe"
		}
		rows[i] = row("_time", float64(1704153600+i), "dest", fmt.Sprintf("WS-%04d", i%400), "user", fmt.Sprintf("CORP\\u%d", i%3000),
			"parent_process_name", parent, "process_name", p, "process", fmt.Sprintf("%s /c job %d", p, i),
			"process_id", fmt.Sprint(4+i*4%120000), "parent_process_id", fmt.Sprint(4+i*8%120000), "original_file_name", p)
	}
	return rows
}

func benchRun(b *testing.B, src Source, q string) {
	p, err := spl.Parse(q)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), p, src, Options{TZ: time.UTC, Now: time.Unix(1700000000, 0)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTstatsGroup is tstats grouping: 8 BY fields over 20,000 rows,
// behind the seed detection's selective where clause and over all rows.
func BenchmarkTstatsGroup(b *testing.B) {
	src := &memSource{datasets: map[string]*memDataset{"Endpoint.Processes": {name: "Endpoint.Processes", object: "Processes", rows: benchRows(20000)}}}
	by := ` by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id Processes.original_file_name`
	b.Run("where", func(b *testing.B) {
		benchRun(b, src, `| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.parent_process_name = "wermgr.exe" AND NOT (Processes.process_name IN ("WerFaultSecure.exe", "wermgr.exe", "WerFault.exe"))`+by)
	})
	b.Run("all", func(b *testing.B) {
		benchRun(b, src, `| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes`+by)
	})
	b.Run("two-by", func(b *testing.B) {
		benchRun(b, src, `| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name`)
	})
}

// BenchmarkEval is eval over 20,000 rows: string functions, a regex
// replace and a case().
func BenchmarkEval(b *testing.B) {
	src := &memSource{events: benchRows(20000)}
	benchRun(b, src, `search * | eval name=lower(process_name), short=replace(process, "^(\S+).*", "\1"), kind=case(match(process, "powershell"), "ps", process_name="cmd.exe", "cmd", true(), "other") | stats count by kind`)
}

// BenchmarkSearchFilter is a leading search over 20,000 events whose
// terms keep few of them.
func BenchmarkSearchFilter(b *testing.B) {
	src := &memSource{events: benchRows(20000)}
	benchRun(b, src, `search parent_process_name=wermgr.exe process_name IN (cmd.exe, powershell.exe) | stats count by dest`)
}
