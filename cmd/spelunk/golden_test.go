package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGolden runs each case under testdata/golden and testdata/bad: a
// folder with
//
//	args       the command line, one argument per line ({testdata} and
//	           {case} stand for those folders, {corpus} for $SPELUNK_CORPUS;
//	           a case using {corpus} is skipped when it is unset; a line
//	           {file:NAME} is the content of the case's file NAME, for
//	           multi-line searches)
//	want.out   expected standard output (optional)
//	want.err   expected standard error (optional; unchecked when absent)
//	want.code  expected exit status (default 0)
//	README.md  what the case checks and where its expectations come from
//
// Expected files are written by hand from Splunk's documentation; there is
// deliberately no flag to regenerate them from spelunk's output.
func TestGolden(t *testing.T) {
	testdata, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	cases, err := filepath.Glob(filepath.Join(testdata, "golden", "*"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	// testdata/bad holds the malformed-input cases, in the same layout.
	bad, err := filepath.Glob(filepath.Join(testdata, "bad", "*"))
	if err != nil || len(bad) == 0 {
		t.Fatalf("no cases in testdata/bad: %v", err)
	}
	cases = append(cases, bad...)
	for _, dir := range cases {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue // a folder's README
		}
		name := filepath.Base(dir)
		if filepath.Base(filepath.Dir(dir)) == "bad" {
			name = "bad/" + name
		}
		t.Run(name, func(t *testing.T) {
			args, ok := goldenArgs(t, testdata, dir)
			if !ok {
				t.Skip("SPELUNK_CORPUS not set; skipping a case that reads the security_content corpus")
			}
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			want := 0
			if b, err := os.ReadFile(filepath.Join(dir, "want.code")); err == nil {
				want, _ = strconv.Atoi(strings.TrimSpace(string(b)))
			}
			if code != want {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", code, want, stderr.String())
			}
			check := func(file, got string) {
				b, err := os.ReadFile(filepath.Join(dir, file))
				if os.IsNotExist(err) {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(b), normalize(got, testdata)); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", file, diff)
				}
			}
			check("want.out", stdout.String())
			check("want.err", stderr.String())
		})
	}
}

var durationRe = regexp.MustCompile(`\(\d+(?:\.\d+)?(?:ns|µs|ms|s|m)\)`)

// normalize replaces what varies between machines and runs: the testdata
// path (absolute or relative) and test durations.
func normalize(s, testdata string) string {
	s = strings.ReplaceAll(s, testdata, "{testdata}")
	if corpus := os.Getenv("SPELUNK_CORPUS"); corpus != "" {
		s = strings.ReplaceAll(s, corpus, "{corpus}")
		if rel, err := filepath.Rel(mustGetwd(), corpus); err == nil {
			s = strings.ReplaceAll(s, rel, "{corpus}")
		}
	}
	if rel, err := filepath.Rel(mustGetwd(), testdata); err == nil {
		s = strings.ReplaceAll(s, rel, "{testdata}")
	}
	return durationRe.ReplaceAllString(s, "(TIME)")
}

func mustGetwd() string {
	wd, _ := os.Getwd()
	return wd
}

// TestSeedWithCorpusMacros checks the seed end to end: the corpus's own
// seed detection YAML and macros, over the crafted Sysmon data, print the
// rows worked out by hand in testdata/golden/seed_sysmon_csv.
func TestSeedWithCorpusMacros(t *testing.T) {
	corpus := os.Getenv("SPELUNK_CORPUS")
	if corpus == "" {
		t.Skip("SPELUNK_CORPUS not set; skipping the corpus run of the seed detection")
	}
	testdata, _ := filepath.Abs(filepath.Join("..", "..", "testdata"))
	var stdout, stderr bytes.Buffer
	code := run(seedCorpusRun(corpus, testdata), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit status %d\n%s", code, stderr.String())
	}
	want, err := os.ReadFile(filepath.Join(testdata, "golden", "seed_sysmon_csv", "want.out"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), stdout.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// goldenArgs reads a case's args file with {testdata}, {case}, {corpus}
// and {file:NAME} filled in; ok is false when the case reads the corpus
// and SPELUNK_CORPUS is unset.
func goldenArgs(t *testing.T, testdata, dir string) (args []string, ok bool) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "args"))
	if err != nil {
		t.Fatal(err)
	}
	corpus := os.Getenv("SPELUNK_CORPUS")
	if strings.Contains(string(raw), "{corpus}") && corpus == "" {
		return nil, false
	}
	subst := strings.NewReplacer("{testdata}", testdata, "{case}", dir, "{corpus}", corpus)
	for _, l := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		if name, ok := strings.CutPrefix(l, "{file:"); ok && strings.HasSuffix(name, "}") {
			b, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(name, "}")))
			if err != nil {
				t.Fatal(err)
			}
			l = strings.TrimRight(string(b), "\n")
		}
		args = append(args, subst.Replace(l))
	}
	return args, true
}

// seedCorpusRun is the arguments that run the seed detection, with the
// corpus's macros, over its Sysmon data as CSV.
func seedCorpusRun(corpus, testdata string) []string {
	det := filepath.Join(corpus, "detections", "endpoint", "windows_process_injection_wermgr_child_process.yml")
	return []string{"run", "--detection", det, "--macros", corpus, "--data",
		filepath.Join(testdata, "seed", "data", "sysmon_wermgr.log"), "--format", "csv"}
}

// outcome is what one run of the command gave, for comparing two runs.
type outcome struct {
	Code           int
	Stdout, Stderr string
}

func runOutcome(args []string) outcome {
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return outcome{code, stdout.String(), stderr.String()}
}
