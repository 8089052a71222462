package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"

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
