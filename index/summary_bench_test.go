package index_test

import (
	"context"
	"os"
	"testing"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/runner"
)

// BenchmarkSummaryTstats runs the benchmark's tstats searches over the
// index SPELUNK_BENCH_INDEX names (one of W1 with summaries: scripts/
// bench.sh builds one), in the process: the read and the grouping,
// without the program's start or the printing. The rows/ sub-benchmarks
// group the summary's rows one by one.
func BenchmarkSummaryTstats(b *testing.B) {
	dir := os.Getenv("SPELUNK_BENCH_INDEX")
	if dir == "" {
		b.Skip("SPELUNK_BENCH_INDEX not set")
	}
	searches := []struct{ name, q string }{
		{"seed", `| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.parent_process_name = "wermgr.exe" AND NOT (Processes.process_name IN ("WerFaultSecure.exe", "wermgr.exe", "WerFault.exe")) by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id Processes.original_file_name`},
		{"broad", `| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes by Processes.dest Processes.user Processes.process_name Processes.parent_process_name`},
	}
	r := runner.New(runner.Config{Data: []string{dir}})
	ctx := context.Background()
	defer engine.SetBlockGrouping(true)
	for _, blocks := range []bool{true, false} {
		for _, s := range searches {
			name := "blocks/" + s.name
			if !blocks {
				name = "rows/" + s.name
			}
			b.Run(name, func(b *testing.B) {
				engine.SetBlockGrouping(blocks)
				p, err := r.Prepare("search", s.q, "")
				if err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if _, err := r.Run(ctx, p); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
