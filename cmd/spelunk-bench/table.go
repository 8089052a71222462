package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spelunk-dev/spelunk/internal/benchgen"
)

// measure is one timed run of a command.
type measure struct {
	wall, cpu time.Duration
	rssKB     int64
	stdout    string
}

// timeCmd runs a command and measures it: wall clock, user+system CPU
// and peak RSS of the child. Linux floors a child's getrusage peak RSS
// at this process's own peak when it starts (exec records the memory it
// replaces), and this process holds answers of hundreds of MB; so the
// RSS comes from /usr/bin/time, whose own children start small, when it
// is there.
func timeCmd(name string, args ...string) (measure, error) {
	rssFile := ""
	if _, err := os.Stat("/usr/bin/time"); err == nil {
		if f, err := os.CreateTemp("", "spelunk-bench-rss-*"); err == nil {
			rssFile = f.Name()
			f.Close()
			defer os.Remove(rssFile)
			args = append([]string{"-f", "%M", "-o", rssFile, name}, args...)
			name = "/usr/bin/time"
		}
	}
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	m := measure{wall: time.Since(start), stdout: out.String()}
	if err != nil {
		return m, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	ps := cmd.ProcessState
	m.cpu = ps.UserTime() + ps.SystemTime()
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		m.rssKB = ru.Maxrss
	}
	if rssFile != "" {
		if b, err := os.ReadFile(rssFile); err == nil {
			if kb, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil {
				m.rssKB = kb
			}
		}
	}
	return m, nil
}

// median runs a command n times and returns the run with the median wall
// time (its CPU and RSS with it).
func median(n int, name string, args ...string) (measure, error) {
	var ms []measure
	for range n {
		m, err := timeCmd(name, args...)
		if err != nil {
			return m, err
		}
		ms = append(ms, m)
	}
	return middle(ms), nil
}

// medianPair runs two commands n times, taking turns, so that a change in
// the machine's load falls on both, and returns each one's median run.
func medianPair(n int, a, b []string) (measure, measure, error) {
	var as, bs []measure
	for range n {
		m, err := timeCmd(a[0], a[1:]...)
		if err != nil {
			return m, m, err
		}
		as = append(as, m)
		if m, err = timeCmd(b[0], b[1:]...); err != nil {
			return m, m, err
		}
		bs = append(bs, m)
	}
	return middle(as), middle(bs), nil
}

// middle is the run with the median wall time (of an even count, the
// slower of the two in the middle).
func middle(ms []measure) measure {
	sort.Slice(ms, func(i, j int) bool { return ms[i].wall < ms[j].wall })
	return ms[len(ms)/2]
}

type tableRow struct {
	name          string
	m             measure
	peer          measure // the DuckDB peer's run of the same workload, if any
	bytes, events int64
	note          string
}

// cmdTable generates the workloads (unless present), runs them and prints
// the table of docs/PERFORMANCE.md. With -peer, the workloads the DuckDB
// peer (bench/) answers run there too, and the answers must be equal.
func cmdTable(args []string) error {
	fs := newFlags("table")
	dir := fs.String("dir", filepath.Join(os.TempDir(), "spelunk-bench"), "where the generated data goes")
	spelunk := fs.String("spelunk", "spelunk", "the spelunk binary")
	peer := fs.String("peer", "", "the DuckDB peer binary (bench/, spelunk-duckdb); empty: no peer columns")
	runs := fs.Int("runs", 5, "runs per workload (the median is shown)")
	events := fs.Int("events", 200000, "events in W1 and W2")
	large := fs.Bool("large", false, "also run W1 over 10x the events (linear growth)")
	corpus := fs.String("corpus", "", "security_content root: W3's 100 detections and the realdata hunt")
	realdata := fs.String("realdata", "", "the realdata folder, for the hunt row")
	withIndex := fs.Bool("index", true, "also index W1 (spelunk index) and run the W1 workloads over the index")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	w1, w1Size, err := generate(*dir, fmt.Sprintf("w1_%d.xml", *events), *events, benchgen.SysmonXML)
	if err != nil {
		return err
	}
	w2, w2Size, err := generate(*dir, fmt.Sprintf("w2_%d.json", *events), *events, benchgen.CrowdStrikeJSON)
	if err != nil {
		return err
	}
	seed, err := seedDetection(*dir)
	if err != nil {
		return err
	}
	detArgs := func(data string) []string {
		return []string{"run", "--detection", seed, "--data", data, "--format", "csv"}
	}
	searchArgs := func(data, query string) []string {
		return []string{"run", "--data", data, "--format", "csv", query}
	}
	var rows []tableRow
	add := func(r tableRow) {
		rows = append(rows, r)
		fmt.Fprintf(os.Stderr, "bench: %s: %.3f s wall, %.3f s CPU, %d MB\n", r.name, r.m.wall.Seconds(), r.m.cpu.Seconds(), r.m.rssKB>>10)
		if r.peer.wall > 0 {
			fmt.Fprintf(os.Stderr, "bench: %s, DuckDB: %.3f s wall, %.3f s CPU, %d MB, same answer\n", r.name, r.peer.wall.Seconds(), r.peer.cpu.Seconds(), r.peer.rssKB>>10)
		}
	}
	// workload runs spelunk and, when there is a peer and the workload
	// has a name there, the peer over the same data; a different answer
	// fails the benchmark.
	workload := func(name string, n int, spelunkArgs []string, peerWorkload, data string, size int64, events int) error {
		r := tableRow{name: name, bytes: size, events: int64(events)}
		var err error
		if *peer == "" || peerWorkload == "" {
			if r.m, err = median(n, *spelunk, spelunkArgs...); err != nil {
				return err
			}
			add(r)
			return nil
		}
		if r.m, r.peer, err = medianPair(n, append([]string{*spelunk}, spelunkArgs...), []string{*peer, peerWorkload, data}); err != nil {
			return err
		}
		if err := sameAnswer(r.m.stdout, r.peer.stdout); err != nil {
			return fmt.Errorf("%s: spelunk and DuckDB answer differently: %v", name, err)
		}
		add(r)
		return nil
	}
	if err := workload("W1 seed detection, Sysmon XML", *runs, detArgs(w1), "seed", w1, w1Size, *events); err != nil {
		return err
	}
	naive, err := median(max(1, *runs/2), self, "naive", w1)
	if err != nil {
		return err
	}
	add(tableRow{name: "naive encoding/xml baseline, W1", m: naive, bytes: w1Size, events: int64(*events)})
	if err := workload("W2 seed detection, CrowdStrike JSON", *runs, detArgs(w2), "seed-json", w2, w2Size, *events); err != nil {
		return err
	}
	if err := workload("W1 tstats 4 by, all rows", *runs, searchArgs(w1, broadSearch), "broad", w1, w1Size, *events); err != nil {
		return err
	}
	if err := workload("W1 search CommandLine=*whoami*, stats by Computer", *runs, searchArgs(w1, rawSearch), "raw", w1, w1Size, *events); err != nil {
		return err
	}
	if *withIndex {
		if err := indexWorkloads(*spelunk, *dir, w1, w1Size, *events, *runs, seed, workload, add); err != nil {
			return err
		}
	}
	if *large {
		big, bigSize, err := generate(*dir, fmt.Sprintf("w1_%d.xml", 10**events), 10**events, benchgen.SysmonXML)
		if err != nil {
			return err
		}
		if err := workload("W1 x10 (linear growth)", max(1, *runs/2), detArgs(big), "seed", big, bigSize, 10**events); err != nil {
			return err
		}
	}
	w3, err := w3Rows(self, w1, max(*runs, 5))
	if err != nil {
		return err
	}
	rows = append(rows, w3...)
	if *corpus != "" {
		dets, err := pickDetections(*corpus, *dir, 100)
		if err != nil {
			return err
		}
		m, err := median(max(1, *runs/2), *spelunk, "hunt", "--data", w1, "--macros", *corpus, "--detections", dets, "--format", "table", "--max-rows", "1")
		if err != nil {
			return err
		}
		add(tableRow{name: "W3 100 detections over W1 (hunt)", m: m, bytes: w1Size, events: int64(*events), note: huntSplit(m.stdout)})
		if *realdata != "" {
			m, err := timeCmd(*spelunk, "hunt", "--data", *realdata, "--macros", *corpus, "--format", "table", "--max-rows", "1")
			if err != nil {
				return err
			}
			add(tableRow{name: "hunt: 1,613 detections over realdata", m: m, events: 675270, note: huntSplit(m.stdout)})
		}
	}
	printTable(rows, naive, *peer != "", *runs)
	return nil
}

// w3Rows runs `spelunk-bench w3` (in-process tstats over the loaded W1)
// and makes a row of each of its lines.
func w3Rows(self, w1 string, runs int) ([]tableRow, error) {
	w3, err := timeCmd(self, "w3", "-runs", fmt.Sprint(runs), w1)
	if err != nil {
		return nil, err
	}
	var rows []tableRow
	for _, line := range strings.Split(strings.TrimSpace(w3.stdout), "\n") {
		parts := strings.Split(line, "\t")
		if len(parts) == 3 {
			rows = append(rows, tableRow{name: "W3 " + parts[0] + " (" + parts[1] + ")", note: parts[2] + ", in memory, median"})
		}
	}
	return rows, nil
}

// generate writes a workload's data into dir unless it is there already.
// It writes a temporary file and renames it, so a run sharing dir never
// reads a half-written file.
func generate(dir, name string, n int, f benchgen.Format) (string, int64, error) {
	path := filepath.Join(dir, name)
	if st, err := os.Stat(path); err == nil {
		return path, st.Size(), nil
	}
	out, err := os.CreateTemp(dir, "."+name+".*")
	if err != nil {
		return "", 0, err
	}
	defer os.Remove(out.Name())
	if err := out.Chmod(0o644); err != nil { // CreateTemp's 0600 would keep a shared dir's data from others
		out.Close()
		return "", 0, err
	}
	if err := benchgen.Generate(out, benchgen.Options{Events: n, Seed: 1, Format: f}); err != nil {
		out.Close()
		return "", 0, err
	}
	if err := out.Close(); err != nil {
		return "", 0, err
	}
	if err := os.Rename(out.Name(), path); err != nil {
		return "", 0, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", 0, err
	}
	return path, st.Size(), nil
}

// printTable writes the markdown table; the DuckDB columns only when a
// peer ran.
func printTable(rows []tableRow, naive measure, withPeer bool, runs int) {
	fmt.Printf("Machine: %d CPUs (%s), %s; %s, medians of %d runs.\n\n", runtime.NumCPU(), cpuModel(), runtime.Version(), time.Now().UTC().Format("2006-01-02"), runs)
	peerHead, peerRule := "", ""
	if withPeer {
		peerHead, peerRule = " DuckDB wall | DuckDB CPU | DuckDB RSS | spelunk/DuckDB |", "---:|---:|---:|---:|"
	}
	fmt.Printf("| workload | wall | CPU | MB/s | events/s | peak RSS |%s vs naive | note |\n", peerHead)
	fmt.Printf("|---|---:|---:|---:|---:|---:|%s---:|---|\n", peerRule)
	for _, r := range rows {
		peerCells := ""
		if withPeer {
			peerCells = " | | | |"
			if r.peer.wall > 0 {
				peerCells = fmt.Sprintf(" %.2f s | %.2f s | %d MB | %.2fx (CPU %.2fx) |", r.peer.wall.Seconds(), r.peer.cpu.Seconds(), r.peer.rssKB>>10,
					r.m.wall.Seconds()/r.peer.wall.Seconds(), r.m.cpu.Seconds()/r.peer.cpu.Seconds())
			}
		}
		if r.m.wall == 0 {
			fmt.Printf("| %s | | | | | |%s | %s |\n", r.name, peerCells, r.note)
			continue
		}
		mbs, evs, ratio := "", "", ""
		if r.bytes > 0 {
			mbs = fmt.Sprintf("%.0f", float64(r.bytes)/1e6/r.m.wall.Seconds())
		}
		if r.events > 0 {
			evs = fmt.Sprintf("%.0f", float64(r.events)/r.m.wall.Seconds())
		}
		// The naive program answers the seed detection only.
		if strings.Contains(r.name, "seed detection") || strings.Contains(r.name, "linear growth") {
			ratio = fmt.Sprintf("%.1fx", naive.wall.Seconds()/r.m.wall.Seconds())
		}
		fmt.Printf("| %s | %.2f s | %.2f s | %s | %s | %d MB |%s %s | %s |\n", r.name, r.m.wall.Seconds(), r.m.cpu.Seconds(), mbs, evs, r.m.rssKB>>10, peerCells, ratio, r.note)
	}
}

// seedDetection writes the seed detection with its macros expanded by
// hand (security_content's summariesonly and ctime macros), so the
// benchmark needs no checkout.
func seedDetection(dir string) (string, error) {
	path := filepath.Join(dir, "seed.yml")
	const yml = `name: Windows Process Injection Wermgr Child Process
id: 360ae6b0-38b5-4328-9e2b-bc9436cddb17
type: Anomaly
search: '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.parent_process_name = "wermgr.exe" AND NOT (Processes.process_name IN ("WerFaultSecure.exe", "wermgr.exe", "WerFault.exe")) by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_id Processes.original_file_name | rename "Processes.*" as * | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(lastTime)'
`
	return path, os.WriteFile(path, []byte(yml), 0o644)
}

// pickDetections lists the first n corpus endpoint detections (by file
// name) that read Endpoint.Processes, as a folder of links.
func pickDetections(corpus, dir string, n int) (string, error) {
	out := filepath.Join(dir, "w3_detections")
	os.RemoveAll(out)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	files, err := filepath.Glob(filepath.Join(corpus, "detections", "endpoint", "*.yml"))
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	picked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil || !bytes.Contains(b, []byte("datamodel=Endpoint.Processes")) {
			continue
		}
		abs, _ := filepath.Abs(f)
		if err := os.Symlink(abs, filepath.Join(out, filepath.Base(f))); err != nil {
			return "", err
		}
		if picked++; picked == n {
			break
		}
	}
	return out, nil
}

var (
	ingestedRe = regexp.MustCompile(`ingested in ([^,\s]+)`)
	modelsRe   = regexp.MustCompile(`data models built in (\S+)`)
	detsRe     = regexp.MustCompile(`Detections: \d+ in (\S+):`)
)

// huntSplit reads the hunt report's ingest, data model and total times.
func huntSplit(report string) string {
	ing, models, total := ingestedRe.FindStringSubmatch(report), modelsRe.FindStringSubmatch(report), detsRe.FindStringSubmatch(report)
	if ing == nil || models == nil || total == nil {
		return ""
	}
	a, err1 := time.ParseDuration(ing[1])
	m, err2 := time.ParseDuration(models[1])
	b, err3 := time.ParseDuration(total[1])
	if err1 != nil || err2 != nil || err3 != nil {
		return ""
	}
	return fmt.Sprintf("ingest %.1f s, data models %.1f s, detections %.1f s", a.Seconds(), m.Seconds(), (b - a - m).Seconds())
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
