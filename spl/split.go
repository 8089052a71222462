package spl

// segment is the text of one command in a pipeline.
type segment struct {
	text     string // the command's text, without the "|" before it
	pos, end int    // offsets of text in the whole search
	pipe     int    // offset of the "|" before it, or -1 when there is none
}

// splitPipeline cuts src at every top-level "|": not inside a quoted
// string, a subsearch [...] or parentheses, and not escaped as \|.
// base is the offset of src in the whole search (non-zero for subsearches).
func splitPipeline(src string, base int) ([]segment, *Error) {
	var segs []segment
	start, pipe := 0, -1
	var stack []int // offsets of open ( and [
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '\\':
			i++
		case '"':
			end, ok := scanQuoted(src, i)
			if !ok {
				return nil, &Error{Pos: base + i, End: base + len(src), Msg: "unclosed quoted string", Hint: `add the closing " (a literal quote inside a string is written \")`}
			}
			i = end - 1
		case '(', '[':
			stack = append(stack, i)
		case ')', ']':
			open := byte('(')
			if c == ']' {
				open = '['
			}
			if len(stack) == 0 || src[stack[len(stack)-1]] != open {
				return nil, &Error{Pos: base + i, End: base + i + 1, Msg: "unexpected \"" + string(c) + "\" with no matching \"" + string(open) + "\""}
			}
			stack = stack[:len(stack)-1]
		case '|':
			if len(stack) == 0 {
				segs = append(segs, segment{text: src[start:i], pos: base + start, end: base + i, pipe: pipe})
				start, pipe = i+1, base+i
			}
		}
	}
	if len(stack) > 0 {
		at := stack[len(stack)-1]
		closer := ")"
		what := "parenthesis"
		if src[at] == '[' {
			closer, what = "]", "subsearch"
		}
		return nil, &Error{Pos: base + at, End: base + at + 1, Msg: "unclosed " + what + ": \"" + string(src[at]) + "\" has no matching \"" + closer + "\""}
	}
	segs = append(segs, segment{text: src[start:], pos: base + start, end: base + len(src), pipe: pipe})
	return segs, nil
}

// SplitPipeline returns the text of each command of a search, cut at every
// top-level "|" as the parser cuts it (not inside a quoted string, a
// subsearch or parentheses, not \|), or the error the parser would report
// for an unclosed quote or bracket.
func SplitPipeline(src string) ([]string, error) {
	segs, err := splitPipeline(src, 0)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.text
	}
	return out, nil
}
