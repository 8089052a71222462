package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spelunk-dev/spelunk/judge"
)

func writeJSONReport(path string, rs []judge.Result, s judge.Summary) error {
	b, err := json.MarshalIndent(struct {
		Summary judge.Summary  `json:"summary"`
		Results []judge.Result `json:"results"`
	}{s, rs}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// JUnit XML in the common schema (testsuites/testsuite/testcase with
// failure, error and skipped children) that CI systems read.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// seconds is a JUnit time: milliseconds, or as many decimals as a
// shorter time needs so that it does not read as zero.
func seconds(d time.Duration) string {
	if d >= time.Millisecond || d <= 0 {
		return fmt.Sprintf("%.3f", d.Seconds())
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

func writeJUnit(path string, rs []judge.Result, s judge.Summary) error {
	suite := junitSuite{Name: "spelunk", Tests: s.Tests, Failures: s.Failed, Errors: s.Errors, Skipped: s.Skipped, Time: seconds(s.Duration)}
	for _, r := range rs {
		name := r.Test
		if name == "" {
			name = "(detection)"
		}
		c := junitCase{Name: name, Classname: r.Detection, File: r.Path, Time: seconds(r.Duration)}
		p := &junitProblem{Message: r.Reason, Text: strings.Join(r.Details, "\n")}
		switch r.Verdict {
		case judge.Fail:
			p.Type = "assertion"
			c.Failure = p
		case judge.Error:
			p.Type = "error"
			c.Error = p
		case judge.Skip:
			c.Skipped = &junitProblem{Message: r.Reason}
		}
		suite.Cases = append(suite.Cases, c)
	}
	doc := junitSuites{Name: "spelunk test", Tests: s.Tests, Failures: s.Failed, Errors: s.Errors, Skipped: s.Skipped, Time: seconds(s.Duration), Suites: []junitSuite{suite}}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	io.WriteString(f, xml.Header)
	enc := xml.NewEncoder(f)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err = io.WriteString(f, "\n")
	return err
}
