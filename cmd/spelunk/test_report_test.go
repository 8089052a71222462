package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spelunk-dev/spelunk/judge"
)

// TestReports checks the JUnit and JSON reports of the verdicts case: the
// JUnit file must have the common schema's shape (testsuites > testsuite
// > testcase with failure/error/skipped and the count attributes).
func TestReports(t *testing.T) {
	dir := t.TempDir()
	junit, js := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.json")
	var out, errb bytes.Buffer
	code := run([]string{"test", "--jobs", "2", "--junit", junit, "--json", js, filepath.Join("..", "..", "testdata", "golden", "test_verdicts", "repo")}, &out, &errb)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errb.String())
	}
	b, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Skipped  int      `xml:"skipped,attr"`
		Suites   []struct {
			Tests int `xml:"tests,attr"`
			Cases []struct {
				Name      string    `xml:"name,attr"`
				Classname string    `xml:"classname,attr"`
				Time      string    `xml:"time,attr"`
				Failure   *struct{} `xml:"failure"`
				Error     *struct{} `xml:"error"`
				Skipped   *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("JUnit XML does not parse: %v", err)
	}
	got := []int{doc.Tests, doc.Failures, doc.Errors, doc.Skipped, len(doc.Suites), len(doc.Suites[0].Cases)}
	if diff := cmp.Diff([]int{9, 4, 1, 1, 1, 9}, got); diff != "" {
		t.Errorf("JUnit counts (tests, failures, errors, skipped, suites, cases) (-want +got):\n%s", diff)
	}
	var kinds []string
	for _, c := range doc.Suites[0].Cases {
		switch {
		case c.Failure != nil:
			kinds = append(kinds, "failure")
		case c.Error != nil:
			kinds = append(kinds, "error")
		case c.Skipped != nil:
			kinds = append(kinds, "skipped")
		default:
			kinds = append(kinds, "pass")
		}
		if c.Time == "" || c.Classname == "" || c.Name == "" {
			t.Errorf("testcase lacks name, classname or time: %+v", c)
		}
	}
	wantKinds := []string{"pass", "pass", "pass", "failure", "failure", "failure", "error", "failure", "skipped"}
	if diff := cmp.Diff(wantKinds, kinds); diff != "" {
		t.Errorf("JUnit case kinds (-want +got):\n%s", diff)
	}
	jb, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Summary judge.Summary
		Results []judge.Result
	}
	if err := json.Unmarshal(jb, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Passed != 3 || len(rep.Results) != 9 || rep.Results[5].Details == nil || len(rep.Results[5].Details) != 3 {
		t.Errorf("JSON report: %+v", rep.Summary)
	}
}

// TestDurations checks that every test of the seed reports the time it
// took, greater than zero, in the printed line, the JUnit file and the
// JSON report.
func TestDurations(t *testing.T) {
	dir := t.TempDir()
	junit, js := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "report.json")
	var out, errb bytes.Buffer
	if code := run([]string{"test", "--junit", junit, "--json", js, filepath.Join("..", "..", "testdata", "seed")}, &out, &errb); code != 0 {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	lineRe := regexp.MustCompile(`^PASS .* \(([^()]+)\) \d+ rows?$`)
	var lines int
	for _, l := range strings.Split(out.String(), "\n") {
		if m := lineRe.FindStringSubmatch(l); m != nil {
			lines++
			if d, err := time.ParseDuration(m[1]); err != nil || d <= 0 {
				t.Errorf("line %q: duration %q is not > 0 (%v)", l, m[1], err)
			}
		}
	}
	if lines != 3 {
		t.Errorf("%d PASS lines, want 3:\n%s", lines, out.String())
	}
	b, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suites []struct {
			Cases []struct {
				Name string `xml:"name,attr"`
				Time string `xml:"time,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 3 {
		t.Fatalf("JUnit: %v\n%s", err, b)
	}
	for _, c := range doc.Suites[0].Cases {
		if s, err := strconv.ParseFloat(c.Time, 64); err != nil || s <= 0 {
			t.Errorf("JUnit case %s: time=%q is not > 0", c.Name, c.Time)
		}
	}
	jb, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Summary struct {
			Duration int64 `json:"duration_ns"`
		} `json:"summary"`
		Results []struct {
			Test     string `json:"test"`
			Duration int64  `json:"duration_ns"`
		} `json:"results"`
	}
	if err := json.Unmarshal(jb, &rep); err != nil || len(rep.Results) != 3 {
		t.Fatalf("JSON report: %v\n%s", err, jb)
	}
	for _, r := range rep.Results {
		if r.Duration <= 0 {
			t.Errorf("JSON result %s: duration_ns %d is not > 0", r.Test, r.Duration)
		}
	}
	if rep.Summary.Duration <= 0 {
		t.Errorf("JSON summary: duration_ns %d is not > 0", rep.Summary.Duration)
	}
}
