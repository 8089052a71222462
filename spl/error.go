package spl

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a problem found in SPL text: a syntax error, an unknown command,
// an undefined macro. Pos and End are byte offsets into the text that was
// parsed; Render turns them into line:col with the source line and a caret.
type Error struct {
	Pos, End int
	Msg      string
	// Expected lists what would have been valid at Pos, if known.
	Expected []string
	// Hint is a suggestion, for example `did you mean "stats"?`.
	Hint string
	// Notes are extra lines, such as the macro expansion an error sits in.
	Notes []string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Msg)
	if len(e.Expected) > 0 {
		b.WriteString(" (expected ")
		b.WriteString(OrList(e.Expected))
		b.WriteString(")")
	}
	return b.String()
}

// Errorf makes an Error at a span.
func Errorf(pos, end int, format string, args ...any) *Error {
	return &Error{Pos: pos, End: end, Msg: fmt.Sprintf(format, args...)}
}

// ErrorList is several independent errors of one search, in text order.
// The parser keeps going after a bad command so one run reports them all.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// AsErrors returns the spl errors inside err, if any.
func AsErrors(err error) []*Error {
	var list ErrorList
	if errors.As(err, &list) {
		return list
	}
	var one *Error
	if errors.As(err, &one) {
		return []*Error{one}
	}
	return nil
}

// OrList joins the items of a message: "a", "a or b", "a, b, or c".
func OrList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " or " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", or " + items[len(items)-1]
}

// LineCol converts a byte offset in src to a 1-based line and a 1-based
// column counted in characters (runes), as editors show them.
func LineCol(src string, off int) (line, col int) {
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	line = 1 + strings.Count(src[:off], "\n")
	start := strings.LastIndexByte(src[:off], '\n') + 1
	col = 1 + utf8.RuneCountInString(src[start:off])
	return line, col
}

// Snippet returns the source line holding off and a caret line under it.
// Tabs become spaces so the caret lines up.
func Snippet(src string, off, end int) (string, string) {
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	start := strings.LastIndexByte(src[:off], '\n') + 1
	stop := strings.IndexByte(src[off:], '\n')
	if stop < 0 {
		stop = len(src)
	} else {
		stop += off
	}
	line := strings.ReplaceAll(src[start:stop], "\t", " ")
	lead := utf8.RuneCountInString(src[start:off])
	width := 1
	if end > off {
		if end > stop {
			end = stop
		}
		if w := utf8.RuneCountInString(src[off:end]); w > 1 {
			width = w
		}
	}
	return line, strings.Repeat(" ", lead) + strings.Repeat("^", width)
}

// Window shortens a snippet line (Snippet) as Render shows it: a line
// over 160 characters keeps 60 on either side of the caret. A detection's
// search is often one YAML line of a thousand characters.
func Window(line, caret string) (string, string) { return WindowOf(line, caret, 160, 60, 60) }

// WindowOf shortens a snippet line longer than limit characters to the
// part around the caret: ctx characters before it, at most span
// characters under it and ctx after it, each cut marked with "...". The
// caret line moves with the text.
func WindowOf(line, caret string, limit, ctx, span int) (string, string) {
	runes := []rune(line)
	if len(runes) <= limit {
		return line, caret
	}
	lead := len(caret) - len(strings.TrimLeft(caret, " "))
	width := len(caret) - lead
	from := max(0, lead-ctx)
	to := min(len(runes), lead+min(width, span)+ctx)
	prefix, suffix := "", ""
	if from > 0 {
		prefix = "..."
	}
	if to < len(runes) {
		suffix = "..."
	}
	width = max(1, min(width, to-lead))
	return prefix + string(runes[from:to]) + suffix,
		strings.Repeat(" ", lead-from+len(prefix)) + strings.Repeat("^", width)
}

// Render formats e against the text it refers to:
//
//	name:3:14: unknown command "stast"
//	  | stast count by host
//	    ^^^^^
//	  did you mean "stats"?
//
// name may be empty (then the line starts with line:col).
func Render(name, src string, e *Error) string {
	var b strings.Builder
	line, col := LineCol(src, e.Pos)
	if name != "" {
		fmt.Fprintf(&b, "%s:", name)
	}
	fmt.Fprintf(&b, "%d:%d: %s\n", line, col, e.Msg)
	// The line:col above stays exact when the snippet is shortened.
	text, caret := Window(Snippet(src, e.Pos, e.End))
	fmt.Fprintf(&b, "    %s\n    %s\n", text, caret)
	if len(e.Expected) > 0 {
		fmt.Fprintf(&b, "  expected %s\n", OrList(e.Expected))
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "  %s\n", e.Hint)
	}
	for _, n := range e.Notes {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	return b.String()
}

// Suggest returns the candidate closest to word by edit distance, if it is
// close enough to be a plausible typo, else "".
func Suggest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := levenshtein(w, strings.ToLower(c))
		if d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	limit := 2
	if len(w) <= 4 {
		limit = 1
	}
	if len(w) >= 9 {
		limit = 3
	}
	if bestD <= limit {
		return best
	}
	return ""
}

// levenshtein is the optimal-string-alignment distance: insertions,
// deletions, substitutions and adjacent transpositions ("sats" for "stas")
// each cost one.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	pp := make([]int, len(rb)+1) // row i-2
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(rb)]
}
