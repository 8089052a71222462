package content

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// SearchKind tells a detection's own search from its drilldowns.
type SearchKind string

const (
	KindDetection SearchKind = "detection"
	KindDrilldown SearchKind = "drilldown"
)

// OriginalSearchToken is what a drilldown search writes for the
// detection's search (security_content's contentctl substitutes it).
const OriginalSearchToken = "%original_detection_search%"

// DrilldownPlaceholder stands for every $token$ of a drilldown search:
// Splunk fills tokens from a notable event's fields when the drilldown
// runs, and a bare word is valid wherever a value is, quoted or not.
const DrilldownPlaceholder = "PLACEHOLDER"

// drilldownToken matches a dashboard token such as $dest$ or
// $destination{}.address$.
var drilldownToken = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$[^$\s"'|\[\]()]+\$`) })

// Search is one search of a detection file, ready to expand and parse,
// with the way back from its offsets to the file.
type Search struct {
	Detection *Detection
	Kind      SearchKind
	// Index is the drilldown's position in drilldown_searches, from 0;
	// -1 for the detection search.
	Index int
	// Name is the drilldown's name as written ("" for the detection).
	Name string
	// Text is the search: the detection's as written; a drilldown's with
	// %original_detection_search% and its $tokens$ substituted.
	Text string

	pieces []piece // cover Text in order
}

// piece is a run of Text that comes from one scalar of the file (from
// offset from in that scalar's value), or, when scalar is nil, text
// spelunk put there that maps to one file offset (a token).
type piece struct {
	start, end int
	scalar     *scalarPos
	from       int
	at         int
}

// Label names the search for messages: "search" or "drilldown 2".
func (s *Search) Label() string {
	if s.Kind == KindDetection {
		return "search"
	}
	return "drilldown " + strconv.Itoa(s.Index+1)
}

// FileOffset maps an offset in Text to a byte offset in the detection's
// file. exact is false when the scalar's text could not be replayed and
// the offset is that of the scalar's start.
func (s *Search) FileOffset(off int) (fileOff int, exact bool) {
	if len(s.pieces) == 0 {
		return 0, false
	}
	i := sort.Search(len(s.pieces), func(i int) bool { return s.pieces[i].end > off })
	if i == len(s.pieces) {
		// At or past the end: just after the last character.
		p := s.pieces[len(s.pieces)-1]
		if p.scalar == nil {
			return p.at, true
		}
		return p.scalar.fileOffset(p.from + off - p.start)
	}
	p := s.pieces[i]
	if p.scalar == nil {
		return p.at, true
	}
	return p.scalar.fileOffset(p.from + off - p.start)
}

// Searches returns the detection's search and each drilldown search.
func (d *Detection) Searches() []Search {
	out := []Search{{
		Detection: d, Kind: KindDetection, Index: -1, Text: d.Search,
		pieces: []piece{{start: 0, end: len(d.Search), scalar: &d.searchPos}},
	}}
	for i, dd := range d.Drilldowns {
		s := Search{Detection: d, Kind: KindDrilldown, Index: i, Name: dd.Name}
		var pos *scalarPos
		if i < len(d.drilldownPos) {
			pos = &d.drilldownPos[i]
		} else {
			pos = &scalarPos{}
		}
		var b strings.Builder
		add := func(text string, p piece) {
			p.start = b.Len()
			b.WriteString(text)
			p.end = b.Len()
			if p.end > p.start {
				s.pieces = append(s.pieces, p)
			}
		}
		// Tokens are substituted in the drilldown's own text only: the
		// detection's search keeps its $ signs ($$ in a regex is text).
		literal := func(from, to int) {
			for from < to {
				loc := drilldownToken().FindStringIndex(dd.Search[from:to])
				if loc == nil {
					add(dd.Search[from:to], piece{scalar: pos, from: from})
					return
				}
				add(dd.Search[from:from+loc[0]], piece{scalar: pos, from: from})
				at, _ := pos.fileOffset(from + loc[0])
				add(DrilldownPlaceholder, piece{at: at})
				from += loc[1]
			}
		}
		rest := 0
		for {
			j := strings.Index(dd.Search[rest:], OriginalSearchToken)
			if j < 0 {
				break
			}
			literal(rest, rest+j)
			add(d.Search, piece{scalar: &d.searchPos, from: 0})
			rest += j + len(OriginalSearchToken)
		}
		literal(rest, len(dd.Search))
		s.Text = b.String()
		out = append(out, s)
	}
	return out
}
