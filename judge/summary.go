package judge

import (
	"time"
)

// Summary counts verdicts.
type Summary struct {
	Tests    int           `json:"tests"`
	Passed   int           `json:"passed"`
	Failed   int           `json:"failed"`
	Errors   int           `json:"errors"`
	Skipped  int           `json:"skipped"`
	Duration time.Duration `json:"duration_ns"`
}

// Summarize counts the verdicts of rs.
func Summarize(rs []Result) Summary {
	var s Summary
	for _, r := range rs {
		s.Tests++
		s.Duration += r.Duration
		switch r.Verdict {
		case Pass:
			s.Passed++
		case Fail:
			s.Failed++
		case Skip:
			s.Skipped++
		default:
			s.Errors++
		}
	}
	return s
}
