package engine

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// multikv turns each table in a result's _raw (ps, top, netstat output)
// into one result per row, naming the fields from the header row, as the
// page describes: the header is found automatically (the first line of at
// least two words, each with an upper-case first letter and no digit: the
// page's "text, ALLCAPS or Capitalized"), is the forceheader=-th non-empty
// line, or, with noheader=true, absent (fields Column_1, Column_2, ...
// from the first row). Lines before the header are skipped. With
// multitable=true (the default) a blank line ends a table and the next
// header starts another. A row's words go to the columns in order; a row
// with more words than columns puts the rest in the last column; one with
// fewer gives each word to the header column it lies under (most overlap,
// else the nearest), as the page's "fixed-alignment". fields limits the
// fields set; filter keeps the rows holding one of its terms (ignoring
// case). Each new result's _raw is its row; copyattrs=true (the default)
// copies the original's other fields; rmorig=false emits the original
// after its rows. conf= is refused: it names a stanza of a live Splunk's
// multikv.conf.
// [UNCONFIRMED: the header test, the word-to-column rule, field names
// with each character other than a letter, digit or underscore turned
// into "_", filter's case, forceheader naming one table only; see
// docs/SEMANTICS.md, "outlier, anomalydetection and multikv".]
// https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/multikv
func init() {
	registerStream("multikv", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		m, err := newMultikv(cmd.(*spl.MultikvCommand))
		if err != nil {
			return nil, err
		}
		return &multikvStage{m: m, next: next}, nil
	})
}

type multikvRun struct {
	copyattrs, rmorig, multitable, noheader bool
	forceheader                             int // 1-based; 0: found automatically
	fields                                  map[string]bool
	filter                                  []string // lower case
}

func newMultikv(c *spl.MultikvCommand) (*multikvRun, error) {
	m := &multikvRun{copyattrs: true, rmorig: true, multitable: true}
	for _, o := range c.Options {
		switch strings.ToLower(o.Key) {
		case "conf":
			return nil, errAt(o, "multikv: conf=%s names a stanza of multikv.conf, the configuration of a live Splunk app, which spelunk does not read; use forceheader= or noheader=true, or extract the columns with rex", o.Value)
		case "copyattrs":
			m.copyattrs = isTrue(o.Value)
		case "rmorig":
			m.rmorig = isTrue(o.Value)
		case "multitable":
			m.multitable = isTrue(o.Value)
		case "noheader":
			m.noheader = isTrue(o.Value)
		case "forceheader":
			n, err := strconv.Atoi(o.Value)
			if err != nil || n < 1 {
				return nil, errAt(o, "multikv: forceheader=%s must be a line number, 1 or more", o.Value)
			}
			m.forceheader = n
		}
	}
	if m.noheader || m.forceheader > 0 {
		m.multitable = false
	}
	if len(c.Fields) > 0 {
		m.fields = map[string]bool{}
		for _, f := range c.Fields {
			m.fields[f.Name] = true
		}
	}
	for _, f := range c.Filter {
		m.filter = append(m.filter, strings.ToLower(f))
	}
	return m, nil
}

type multikvStage struct {
	m    *multikvRun
	next stage
}

func (s *multikvStage) push(rows []value.Fields) error {
	var out []value.Fields
	for _, r := range rows {
		out = append(out, s.m.split(r)...)
		if !s.m.rmorig {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return s.next.push(out)
}

func (s *multikvStage) finish() error { return s.next.finish() }

// word is a whitespace-separated word of a line and its byte span.
type word struct {
	text       string
	start, end int
}

func words(line string) []word {
	var ws []word
	start := -1
	for i, r := range line + " " {
		space := unicode.IsSpace(r)
		if !space && start < 0 {
			start = i
		}
		if space && start >= 0 {
			ws = append(ws, word{line[start:i], start, i})
			start = -1
		}
	}
	return ws
}

// split gives the results of the tables in r's _raw.
func (m *multikvRun) split(r value.Fields) []value.Fields {
	var out []value.Fields
	var header []word
	var names []string
	nonEmpty := 0
	for _, line := range strings.Split(r.Get("_raw").String(), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" {
			if m.multitable {
				header = nil
			}
			continue
		}
		nonEmpty++
		if header == nil {
			switch {
			case m.noheader:
				header = words(line)
				for i := range header {
					names = append(names, "Column_"+strconv.Itoa(i+1))
				}
			case m.forceheader > 0 && nonEmpty == m.forceheader, m.forceheader == 0 && isHeaderLine(line):
				header = words(line)
				names = names[:0]
				for _, w := range header {
					names = append(names, cleanColumnName(w.text))
				}
				continue
			default:
				continue
			}
		}
		if !m.keepRow(line) {
			continue
		}
		out = append(out, m.rowResult(r, line, header, names))
	}
	return out
}

func (m *multikvRun) keepRow(line string) bool {
	if len(m.filter) == 0 {
		return true
	}
	l := strings.ToLower(line)
	for _, f := range m.filter {
		if strings.Contains(l, f) {
			return true
		}
	}
	return false
}

func (m *multikvRun) rowResult(orig value.Fields, line string, header []word, names []string) value.Fields {
	var nr value.Fields
	if m.copyattrs {
		nr = orig.Clone()
	}
	nr.Set("_raw", value.Str(line))
	cells := make([]string, len(header))
	ws := words(line)
	switch {
	case len(ws) >= len(header):
		for i := range header[:len(header)-1] {
			cells[i] = ws[i].text
		}
		cells[len(header)-1] = strings.TrimSpace(line[ws[len(header)-1].start:])
	default:
		for _, w := range ws {
			i := columnOf(w, header)
			cells[i] = strings.TrimSpace(cells[i] + " " + w.text)
		}
	}
	for i, c := range cells {
		if c == "" || (m.fields != nil && !m.fields[names[i]]) {
			continue
		}
		nr.Set(names[i], value.Str(c))
	}
	return nr
}

// columnOf is the header column a word lies under: the one it overlaps
// most, else the nearest.
func columnOf(w word, header []word) int {
	best, bestOverlap, bestDist := 0, 0, -1
	for i, h := range header {
		overlap := min(w.end, h.end) - max(w.start, h.start)
		dist := max(h.start-w.end, w.start-h.end, 0)
		switch {
		case overlap > bestOverlap:
			best, bestOverlap = i, overlap
		case bestOverlap == 0 && overlap <= 0 && (bestDist < 0 || dist < bestDist):
			best, bestDist = i, dist
		}
	}
	return best
}

// isHeaderLine reports whether a line reads as a table header: two or
// more words, each holding a letter, no digit, and an upper-case first
// letter.
func isHeaderLine(line string) bool {
	ws := words(line)
	if len(ws) < 2 {
		return false
	}
	for _, w := range ws {
		first := rune(0)
		for _, r := range w.text {
			if unicode.IsDigit(r) {
				return false
			}
			if first == 0 && unicode.IsLetter(r) {
				first = r
			}
		}
		if first == 0 || !unicode.IsUpper(first) {
			return false
		}
	}
	return true
}

// cleanColumnName turns a header word into a field name.
func cleanColumnName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return '_'
	}, s)
}
