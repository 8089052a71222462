package macros

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/spelunk-dev/spelunk/spl"
)

// Origin maps an offset in Text to an offset in Source. Inside an
// expansion there is no exact counterpart, so srcOff is the start of the
// outermost call the user wrote and chain lists the calls containing off,
// outermost first. Offsets past the end map to len(Source).
func (x *Expansion) Origin(off int) (srcOff int, chain []Call) {
	off = max(off, 0)
	if off >= len(x.Text) {
		return len(x.Source), nil
	}
	seg := x.segs[sort.Search(len(x.segs), func(i int) bool { return x.segs[i].tEnd > off })]
	if seg.call < 0 {
		return seg.sStart + off - seg.tStart, nil
	}
	// Calls are in pre-order, so Start never decreases and the calls
	// containing off follow the top-level one, outermost first.
	for _, c := range x.Calls[seg.call:] {
		if c.Start > off {
			break
		}
		if off < c.End {
			chain = append(chain, c)
		}
	}
	return seg.sStart, chain
}

// originEnd maps an exclusive end offset: an end inside an expansion maps
// to the end of the outermost call, so a span never cuts a call in half.
func (x *Expansion) originEnd(end int) int {
	if end <= 0 || len(x.Text) == 0 {
		o, _ := x.Origin(0)
		return o
	}
	end = min(end, len(x.Text))
	seg := x.segs[sort.Search(len(x.segs), func(i int) bool { return x.segs[i].tEnd >= end })]
	if seg.call < 0 {
		return seg.sStart + end - seg.tStart
	}
	return seg.sEnd
}

// MapError returns a copy of e, which is positioned in Text, positioned in
// Source instead. An error inside an expansion spans the whole outermost
// call the user wrote, and notes show each expansion down to the offending
// text with a caret under it.
func (x *Expansion) MapError(e *spl.Error) *spl.Error {
	if e == nil {
		return nil
	}
	m := *e
	m.Expected = slices.Clone(e.Expected)
	m.Notes = slices.Clone(e.Notes)
	pos := min(max(e.Pos, 0), len(x.Text))
	end := min(max(e.End, pos), len(x.Text))
	src, chain := x.Origin(pos)
	m.Pos, m.End = src, src
	if end > pos {
		m.End = max(x.originEnd(end), src)
	}
	if len(chain) == 0 {
		return &m
	}
	m.End = max(m.End, chain[0].SrcEnd)
	m.Notes = append(m.Notes, chainNotes(len(chain), func(i int) []string {
		c := chain[i]
		p, q := pos, min(end, c.End)
		if i+1 < len(chain) {
			p, q = chain[i+1].Start, chain[i+1].End
		}
		return expansionNote(c, x.Text[c.Start:c.End], p-c.Start, q-c.Start)
	})...)
	return &m
}

// maxChainNotes bounds how many expansions a note chain lists; a runaway
// recursion would otherwise add fifty near-identical notes.
const maxChainNotes = 8

// chainNotes collects note(i) for each of n nested expansions, outermost
// first, eliding the middle of long chains.
func chainNotes(n int, note func(i int) []string) []string {
	var notes []string
	for i := 0; i < n; i++ {
		if n > maxChainNotes && i == 2 {
			skip := n - maxChainNotes + 2
			notes = append(notes, fmt.Sprintf("... %d more nested expansions ...", skip))
			i += skip - 1
			continue
		}
		notes = append(notes, note(i)...)
	}
	return notes
}

// expansionNote is two note lines: the call with the line of its
// expansion around body[pos:end], and a caret line under that span.
func expansionNote(c Call, body string, pos, end int) []string {
	head := fmt.Sprintf("in expansion of %s (%s): ", callString(c), whereDefined(c.Macro))
	pos = min(max(pos, 0), len(body))
	line, caret := spl.Snippet(body, pos, max(end, pos))
	line, caret = window(line, caret)
	return []string{head + line, strings.Repeat(" ", utf8.RuneCountInString(head)) + caret}
}

// window shortens a long snippet line to the part around the caret, a
// little tighter than spl.Window since a note line starts with the call:
// some ESCU definitions are a single line of several thousand characters.
func window(line, caret string) (string, string) { return spl.WindowOf(line, caret, 120, 40, 80) }

// callString renders a call as it would be written, with the arguments as
// substituted (named arguments appear in positional order).
func callString(c Call) string {
	if len(c.Args) == 0 {
		return "`" + c.Name + "`"
	}
	return "`" + c.Name + "(" + strings.Join(c.Args, ", ") + ")`"
}

func whereDefined(m Macro) string {
	switch m.Origin {
	case BuiltinOrigin:
		return "built-in"
	case implicitOrigin:
		return fmt.Sprintf("not defined; %q by the _filter convention", m.Definition)
	case "":
		return "defined in an unknown place"
	}
	return "defined in " + m.Origin
}
