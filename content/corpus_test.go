package content

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestCorpusPositions replays the YAML quoting of every detection and
// drilldown search of security_content and checks that each character of
// a search maps to the same character in the file (bar what YAML
// rewrites: folded line breaks, doubled quotes, escapes; and the
// placeholders, which map to their $token$).
func TestCorpusPositions(t *testing.T) {
	root := os.Getenv("SPELUNK_CORPUS")
	if root == "" {
		t.Skip("SPELUNK_CORPUS not set; skipping the position test over security_content")
	}
	files, err := FindDetections([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	searches := 0
	for _, f := range files {
		d, err := LoadDetection(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range d.Searches() {
			searches++
			if msg := checkPositions(d, &s); msg != "" {
				t.Errorf("%s (%s): %s", f, s.Label(), msg)
			}
		}
	}
	t.Logf("%d files, %d searches mapped exactly", len(files), searches)
}

func checkPositions(d *Detection, s *Search) string {
	for i := 0; i < len(s.Text); i++ {
		off, exact := s.FileOffset(i)
		if !exact {
			return "not replayed exactly"
		}
		if strings.HasPrefix(s.Text[i:], DrilldownPlaceholder) && d.Raw[off] == '$' {
			i += len(DrilldownPlaceholder) - 1
			continue
		}
		switch c := s.Text[i]; {
		case c == ' ' || c == '\n' || c == '\'' || c == '"' || c == '\\':
		case d.Raw[off] != c:
			return "text " + strconv.Quote(s.Text[max(0, i-10):min(len(s.Text), i+10)]) +
				" maps to " + strconv.Quote(string(d.Raw[max(0, off-10):min(len(d.Raw), off+10)]))
		}
	}
	return ""
}
