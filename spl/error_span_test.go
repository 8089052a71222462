package spl_test

import (
	"testing"

	"github.com/spelunk-dev/spelunk/spl"
)

// TestEndOfInputErrorSpan checks that an error at the end of an eval or
// where expression is an empty span at the input's end: editors and the
// JSON output take the span as is, and a byte past the input does not
// exist.
func TestEndOfInputErrorSpan(t *testing.T) {
	for _, in := range []string{`* | eval x=1+`, `* | eval x=1+ `, `| makeresults | where x=`, `* | eval x="a" .`, `* | eval x=if(a,`} {
		_, err := spl.Parse(in)
		errs := spl.AsErrors(err)
		if len(errs) == 0 {
			t.Fatalf("Parse(%q) succeeded, want an error", in)
		}
		e := errs[0]
		if e.End > len(in) || e.Pos > e.End {
			t.Errorf("Parse(%q): error span [%d,%d) is outside the %d-byte input: %s", in, e.Pos, e.End, len(in), e.Msg)
		}
	}
}
