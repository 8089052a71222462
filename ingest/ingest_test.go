package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// where identifies an event by file and line.
type where struct {
	File string
	Line int
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipped(t *testing.T, data string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readPaths runs ReadPaths and lists where each event came from.
func readPaths(t *testing.T, paths []string, opt Options) ([]where, Stats, error) {
	t.Helper()
	var got []where
	st, err := ReadPaths(paths, opt, func(ev *Event) error {
		got = append(got, where{ev.File, ev.Line})
		return nil
	})
	return got, st, err
}

// dataDir builds a directory of mixed inputs and returns its path.
func dataDir(t *testing.T) string {
	dir := t.TempDir()
	two := exampleSecurity4688 + "\n" + exampleSysmon1 + "\n"
	writeFile(t, filepath.Join(dir, "b", "win.log.gz"), gzipped(t, two))
	writeFile(t, filepath.Join(dir, "a", "cs.json"), []byte(exampleCrowdStrikePR2+"\n"))
	writeFile(t, filepath.Join(dir, "a", "win.log"), []byte(two))
	writeFile(t, filepath.Join(dir, "README.md"), []byte("# notes\n"))
	writeFile(t, filepath.Join(dir, ".hidden.log"), []byte(two))
	writeFile(t, filepath.Join(dir, ".git", "x.log"), []byte(two))
	return dir
}

func TestReadPaths(t *testing.T) {
	dir := dataDir(t)
	j := func(p ...string) string { return filepath.Join(append([]string{dir}, p...)...) }
	withFiles := func(st Stats, files int) Stats { st.Files = files; return st }
	tests := []struct {
		name  string
		paths []string
		want  []where
		stats Stats
	}{{
		name:  "directory: sorted, hidden skipped, gz read, undetectable file reported",
		paths: []string{dir},
		want:  []where{{j("a", "cs.json"), 1}, {j("a", "win.log"), 1}, {j("a", "win.log"), 2}, {j("b", "win.log.gz"), 1}, {j("b", "win.log.gz"), 2}},
		stats: withFiles(stats(5, map[string]int{"XmlWinEventLog": 4, "crowdstrike:events:sensor": 1},
			Problem{j("README.md"), 1, `cannot detect the format of ` + j("README.md") + ` (first bytes "# notes\n"); use --sourcetype; file skipped`}), 4),
	}, {
		name:  "glob",
		paths: []string{j("*", "win.log*")},
		want:  []where{{j("a", "win.log"), 1}, {j("a", "win.log"), 2}, {j("b", "win.log.gz"), 1}, {j("b", "win.log.gz"), 2}},
		stats: withFiles(stats(4, map[string]int{"XmlWinEventLog": 4}), 2),
	}, {
		name:  "files named directly, in the order given",
		paths: []string{j("b", "win.log.gz"), j("a", "cs.json")},
		want:  []where{{j("b", "win.log.gz"), 1}, {j("b", "win.log.gz"), 2}, {j("a", "cs.json"), 1}},
		stats: withFiles(stats(3, map[string]int{"XmlWinEventLog": 2, "crowdstrike:events:sensor": 1}), 2),
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, st, err := readPaths(t, tc.paths, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.stats, st, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadPathsErrors(t *testing.T) {
	dir := dataDir(t)
	tests := []struct {
		name    string
		paths   []string
		wantErr string
	}{
		{"missing file", []string{filepath.Join(dir, "nope.log")}, "cannot read " + filepath.Join(dir, "nope.log") + ": no such file or directory"},
		{"glob without match", []string{filepath.Join(dir, "*.xyz")}, "no files match " + filepath.Join(dir, "*.xyz")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readPaths(t, tc.paths, Options{})
			if err == nil || err.Error() != tc.wantErr {
				t.Fatalf("error = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// TestReadPathsDamagedFiles: an undetectable file and damaged gzip data
// are problems at the line where reading broke off; the records before
// the damage and the other files are still read.
func TestReadPathsDamagedFiles(t *testing.T) {
	dir := dataDir(t)
	two := exampleSecurity4688 + "\n" + exampleSysmon1 + "\n"
	corrupt := gzipped(t, two)
	corrupt[len(corrupt)-6] ^= 0xff // CRC-32 trailer
	writeFile(t, filepath.Join(dir, "corrupt.log.gz"), corrupt)
	writeFile(t, filepath.Join(dir, "notgzip.log.gz"), []byte(two))
	cut := gzipped(t, strings.Repeat(two, 50))
	writeFile(t, filepath.Join(dir, "cut.log.gz"), cut[:len(cut)/2])
	j := func(p ...string) string { return filepath.Join(append([]string{dir}, p...)...) }
	winLog := []where{{j("a", "win.log"), 1}, {j("a", "win.log"), 2}}

	tests := []struct {
		name    string
		paths   []string
		want    []where
		problem Problem
	}{{
		name:    "undetectable file named directly",
		paths:   []string{j("README.md"), j("a", "win.log")},
		want:    winLog,
		problem: Problem{j("README.md"), 1, "cannot detect the format of " + j("README.md") + ` (first bytes "# notes\n"); use --sourcetype; file skipped`},
	}, {
		// The two records are whole; only the trailer is wrong, found
		// after them (line 3 is where reading stopped).
		name:    "corrupt gzip checksum",
		paths:   []string{j("corrupt.log.gz"), j("a", "win.log")},
		want:    append([]where{{j("corrupt.log.gz"), 1}, {j("corrupt.log.gz"), 2}}, winLog...),
		problem: Problem{j("corrupt.log.gz"), 3, "corrupt gzip data (gzip: invalid checksum at the end of the file); the records before it were read but may be damaged"},
	}, {
		name:    "not gzip at all",
		paths:   []string{j("notgzip.log.gz"), j("a", "win.log")},
		want:    winLog,
		problem: Problem{j("notgzip.log.gz"), 1, "not gzip data (gzip: invalid header); file skipped"},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, st, err := readPaths(t, tc.paths, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]Problem{tc.problem}, st.Problems); diff != "" || st.Bad != 1 || st.Files != len(tc.paths) {
				t.Errorf("stats %+v; problems (-want +got):\n%s", st, diff)
			}
		})
	}

	// Cut in the middle: each record is one line, so the problem is on the
	// line after the last record delivered from the file.
	got, st, err := readPaths(t, []string{j("cut.log.gz"), j("a", "win.log")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := len(got) - len(winLog)
	if n < 1 || n >= 100 || !cmp.Equal(got[n:], winLog) {
		t.Fatalf("%d events from the cut file, then %v", n, got[n:])
	}
	want := []Problem{{j("cut.log.gz"), n + 1, "corrupt gzip data (the file ends in the middle of the compressed data); the rest of the file cannot be read"}}
	if diff := cmp.Diff(want, st.Problems); diff != "" || st.Bad != 1 {
		t.Errorf("stats %+v; problems (-want +got):\n%s", st, diff)
	}
}

func TestReadStdinAndCallbackError(t *testing.T) {
	input := exampleCrowdStrikePR2 + "\n" + exampleCrowdStrikePR2 + "\n"
	got, st, err := readString(t, input, "-", Options{Sourcetype: "_json"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].File != "-" || got[0].Source != "-" || got[1].Line != 2 || st.BySourcetype["_json"] != 2 {
		t.Errorf("stdin read: %d events, first %+v, stats %+v", len(got), got[0], st)
	}

	stop := errors.New("stop")
	calls := 0
	st, err = Read(strings.NewReader(input), "-", Options{}, func(*Event) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 || st.Events != 1 {
		t.Errorf("callback error: err %v, %d calls, stats %+v", err, calls, st)
	}
}

func TestReadEmptyAndBlank(t *testing.T) {
	for _, in := range []string{"", "\n\n  \r\n", "\xef\xbb\xbf"} {
		got, st, err := readString(t, in, "e.log", Options{})
		if err != nil || len(got) != 0 || st.Bad != 0 {
			t.Errorf("Read(%q): %d events, stats %+v, err %v", in, len(got), st, err)
		}
	}
	got, _, err := readString(t, "\xef\xbb\xbf"+exampleSecurity4688, "bom.log", Options{})
	if err != nil || len(got) != 1 || got[0].Raw != exampleSecurity4688 {
		t.Errorf("BOM: %d events, err %v", len(got), err)
	}
}

// TestLongRecords reads records far longer than bufio.Scanner's default
// limit and than one read.
func TestLongRecords(t *testing.T) {
	big := strings.Repeat("A", 17<<20)
	xml := exampleSecurity4688 + "\n" + xmlns + "<System><Channel>Security</Channel></System><EventData><Data Name='CommandLine'>" + big + "</Data></EventData></Event>\n" + exampleSecurity4688
	got, st, err := readString(t, xml, "big.log", Options{})
	if err != nil || st.Bad != 0 || len(got) != 3 {
		t.Fatalf("xml: %d events, stats %+v, err %v", len(got), st, err)
	}
	if v := got[1].Fields.Get("CommandLine").String(); v != big || got[2].Line != 3 {
		t.Errorf("xml: CommandLine of %d bytes, third event on line %d", len(v), got[2].Line)
	}
	js := `{"a":"` + big + `"}` + "\n" + `{"b":1}`
	got, st, err = readString(t, js, "big.json", Options{})
	if err != nil || st.Bad != 0 || len(got) != 2 || got[0].Fields.Get("a").String() != big || got[1].Line != 2 {
		t.Fatalf("json: %d events, stats %+v, err %v", len(got), st, err)
	}
}

func TestProblemsCapped(t *testing.T) {
	in := strings.Repeat("{\"ok\":1}\nbad\n", 30)
	got, st, err := readString(t, in, "p.json", Options{})
	if err != nil || len(got) != 30 || st.Bad != 30 || len(st.Problems) != maxProblems {
		t.Fatalf("%d events, %d bad, %d problems, err %v", len(got), st.Bad, len(st.Problems), err)
	}
	if s := st.Problems[1].String(); s != "p.json:4: 3 bytes that are not a JSON object" {
		t.Errorf("Problem.String() = %q", s)
	}
}

// TestInvalidUTF8: a record holding bytes that are not UTF-8 is kept with
// its _raw byte for byte, counted and named in a note, not skipped.
func TestInvalidUTF8(t *testing.T) {
	bad4688 := strings.Replace(exampleSecurity4688, "<Computer>", "<Computer>\xff", 1)
	for _, tc := range []struct {
		name, input, raw string
		opt              Options
	}{
		{"json", "{\"a\":\"ok\"}\n{\"a\":\"caf\xe9\"}\n", "{\"a\":\"caf\xe9\"}", Options{}},
		{"key=value", "type=A msg=ok\ntype=B msg=caf\xe9\n", "type=B msg=caf\xe9", Options{Sourcetype: "my:custom"}},
		{"xml", exampleSecurity4688 + "\n" + bad4688 + "\n", bad4688, Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.input == tc.raw || !strings.Contains(tc.input, "\xff") && !strings.Contains(tc.input, "\xe9") {
				t.Fatal("the input holds no invalid UTF-8")
			}
			got, st, err := readString(t, tc.input, "u.log", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[1].Raw != tc.raw {
				t.Fatalf("%d events, second raw %q", len(got), got[len(got)-1].Raw)
			}
			want := []Problem{{"u.log", 2, "invalid UTF-8; the record is kept as it is"}}
			if diff := cmp.Diff(want, st.Notes); diff != "" || st.InvalidUTF8 != 1 || st.Bad != 0 {
				t.Errorf("stats %+v; notes (-want +got):\n%s", st, diff)
			}
		})
	}
}
