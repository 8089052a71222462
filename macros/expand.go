package macros

import (
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
)

// Notice is a non-fatal remark about an expansion, positioned in Source.
type Notice struct {
	Pos, End int
	Msg      string
}

// Call is one macro call that was expanded, at any depth.
type Call struct {
	Name  string
	Args  []string // as substituted
	Macro Macro
	// SrcStart and SrcEnd span, in Source, the outermost backtick call this
	// expansion descends from (for a top-level call, its own backticks).
	SrcStart, SrcEnd int
	// Start and End span the text this call's expansion occupies in Text.
	Start, End int
	// Parent is the index in Calls of the enclosing call, -1 for a call
	// written in Source.
	Parent int
}

// Expansion is a search with its macros expanded, plus the bookkeeping to
// map positions in Text back to Source.
type Expansion struct {
	Source  string // the search as written
	Text    string // the search with every macro expanded and ``` comments removed
	Calls   []Call // in order of appearance, each parent before its children
	Notices []Notice

	segs []segment // cover Text in order, without gaps
}

// segment is a run of Text that maps to Source either byte for byte (a
// literal run, call < 0) or as a whole onto one top-level call.
type segment struct {
	tStart, tEnd int
	sStart, sEnd int
	call         int
}

// Options tune Expand.
type Options struct {
	MaxDepth int // maximum nesting of calls; 0 means 50
	// MaxLen caps how many bytes longer than Source Text may get; 0 means
	// 16 MiB. Nested macros that each call the next one twice grow the text
	// exponentially, so a bound is needed even without a cycle.
	MaxLen int
}

const (
	defaultMaxDepth = 50
	defaultMaxLen   = 16 << 20
	implicitOrigin  = "implicit"
	filterSuffix    = "_filter"
	filterDef       = "search *"
)

// Expand expands every macro call in src. Errors are *spl.Error, or
// spl.ErrorList when several calls fail, positioned in src; an error inside
// a nested expansion is positioned at the outermost call and its Notes show
// the chain of expansions.
func (s *Set) Expand(src string, opt Options) (*Expansion, error) {
	e := &expander{set: s, src: src, maxDepth: opt.MaxDepth, maxLen: opt.MaxLen}
	if e.maxDepth <= 0 {
		e.maxDepth = defaultMaxDepth
	}
	if e.maxLen <= 0 {
		e.maxLen = defaultMaxLen
	}
	e.out.Grow(len(src) + len(src)/2)
	if errs := e.scanTop(); len(errs) > 0 {
		if len(errs) == 1 {
			return nil, errs[0]
		}
		return nil, errs
	}
	return &Expansion{
		Source:  src,
		Text:    e.out.String(),
		Calls:   e.calls,
		Notices: e.notices,
		segs:    e.segs,
	}, nil
}

type expander struct {
	set              *Set
	src              string
	maxDepth, maxLen int

	out     strings.Builder
	segs    []segment
	calls   []Call
	notices []Notice
	stack   []frame // calls being expanded, outermost first
}

// frame is a call whose substituted definition is being scanned.
type frame struct {
	call int
	key  key
	body string
	// child spans, in body, the call being expanded one level down, so an
	// error there can show where in this body it came from.
	childPos, childEnd int
}

func (e *expander) scanTop() spl.ErrorList {
	var errs spl.ErrorList
	for p := range pieces(e.src) {
		switch p.kind {
		case pLiteral:
			t := e.out.Len()
			e.out.WriteString(e.src[p.pos:p.end])
			e.segs = append(e.segs, segment{t, e.out.Len(), p.pos, p.end, -1})
		case pComment:
		case pCall:
			t := e.out.Len()
			idx := len(e.calls)
			if err := e.expandCall(e.src, p.pos, p.end, -1); err != nil {
				// Keep going: the other calls of the search are independent
				// and reporting them all saves the user round trips.
				errs = append(errs, err)
				if e.tooLong() {
					return errs // every later call would fail the same way
				}
				continue
			}
			if e.out.Len() > t {
				e.segs = append(e.segs, segment{t, e.out.Len(), p.pos, p.end, idx})
			}
		default:
			errs = append(errs, e.unclosed(e.src, p))
		}
	}
	return errs
}

func (e *expander) tooLong() bool { return e.out.Len()-len(e.src) > e.maxLen }

func (e *expander) scanBody(body string, parent int) *spl.Error {
	for p := range pieces(body) {
		switch p.kind {
		case pLiteral:
			e.out.WriteString(body[p.pos:p.end])
		case pComment:
		case pCall:
			if err := e.expandCall(body, p.pos, p.end, parent); err != nil {
				return err
			}
		default:
			return e.unclosed(body, p)
		}
	}
	return nil
}

func (e *expander) unclosed(text string, p piece) *spl.Error {
	if p.kind == pUnclosedComment {
		return e.fail(p.pos, p.end, "unclosed comment: ``` has no closing ```")
	}
	err := e.fail(p.pos, p.end, "unclosed macro call")
	if strings.IndexByte(text[p.pos+1:], '`') >= 0 {
		err.Hint = "a double quote inside the call is not closed, so the backtick after it is taken as quoted text"
	} else {
		err.Hint = "a backtick starts a macro call that must end with another backtick; quote the text if the backtick is meant literally"
	}
	return err
}

// expandCall expands the call at text[pos:end] (backticks included) and
// writes the result to e.out.
func (e *expander) expandCall(text string, pos, end, parent int) *spl.Error {
	name, args, ok := parseCall(text[pos+1 : end-1])
	if !ok {
		err := e.fail(pos, end, "invalid macro call %s", abbrev(text[pos:end]))
		err.Hint = "a macro call is `name` or `name(arg1, arg2)`; names use letters, digits, _, -, . and :"
		return err
	}
	m, found := e.set.m[key{name, len(args)}]
	if !found {
		var err *spl.Error
		m, err = e.undefined(name, args, pos, end)
		if err != nil {
			return err
		}
	}
	if m.IsEval {
		err := e.fail(pos, end, "macro %q is an eval-based macro (iseval = true), which spelunk does not support", m.Stanza())
		err.Hint = "rewrite it as a plain macro whose definition is the search text"
		return err
	}
	args = namedArgs(m.Args, args)
	k := key{name, len(args)}
	for i, f := range e.stack {
		if f.key == k {
			var chain []string
			for _, g := range e.stack[i:] {
				chain = append(chain, e.calls[g.call].Macro.Stanza())
			}
			chain = append(chain, m.Stanza())
			return e.fail(pos, end, "macro cycle: %s", strings.Join(chain, " -> "))
		}
	}
	if len(e.stack) >= e.maxDepth {
		return e.fail(pos, end, "macro expansion is nested more than %d levels deep", e.maxDepth)
	}

	srcStart, srcEnd := pos, end
	if len(e.stack) > 0 {
		outer := e.calls[e.stack[0].call]
		srcStart, srcEnd = outer.SrcStart, outer.SrcEnd
		top := &e.stack[len(e.stack)-1]
		top.childPos, top.childEnd = pos, end
	}
	if m.Origin == implicitOrigin {
		e.notices = append(e.notices, Notice{srcStart, srcEnd,
			fmt.Sprintf("macro %q is not defined; using %q", name, filterDef)})
	}
	idx := len(e.calls)
	e.calls = append(e.calls, Call{
		Name: name, Args: args, Macro: m,
		SrcStart: srcStart, SrcEnd: srcEnd,
		Start: e.out.Len(), Parent: parent,
	})
	body := substitute(m.Definition, m.Args, args)
	e.stack = append(e.stack, frame{call: idx, key: k, body: body})
	err := e.scanBody(body, idx)
	e.stack = e.stack[:len(e.stack)-1]
	e.calls[idx].End = e.out.Len()
	if err == nil && e.tooLong() {
		err = e.fail(pos, end, "macro expansion adds more than %d bytes", e.maxLen)
	}
	return err
}

// undefined handles a call with no macro of that name and arity: the
// _filter convention, a wrong arity, or an unknown name.
func (e *expander) undefined(name string, args []string, pos, end int) (Macro, *spl.Error) {
	over := e.set.overloads(name)
	if len(over) == 0 && strings.HasSuffix(name, filterSuffix) {
		// security_content calls `<detection>_filter` at the end of every
		// detection as a per-site tuning hook and ships it as "search *";
		// a missing one therefore means "no tuning", not a broken search.
		params := make([]string, len(args))
		for i := range params {
			params[i] = "arg" + strconv.Itoa(i+1)
		}
		return Macro{Name: name, Args: params, Definition: filterDef,
			Description: "undefined _filter macro, treated as a no-op", Origin: implicitOrigin}, nil
	}
	if len(over) == 0 {
		err := e.fail(pos, end, "undefined macro %q", name)
		if s := spl.Suggest(name, e.set.names()); s != "" {
			err.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		return Macro{}, err
	}
	var arities, usage []string
	for _, m := range over {
		arities = append(arities, strconv.Itoa(len(m.Args)))
		u := "`" + m.Name + "`"
		if len(m.Args) > 0 {
			u = "`" + m.Name + "(" + strings.Join(m.Args, ", ") + ")`"
		}
		usage = append(usage, u)
	}
	noun := "arguments"
	if len(over) == 1 && len(over[0].Args) == 1 {
		noun = "argument"
	}
	verb := "were"
	if len(args) == 1 {
		verb = "was"
	}
	err := e.fail(pos, end, "macro %q takes %s %s, but %d %s given", name, spl.OrList(arities), noun, len(args), verb)
	err.Hint = "usage: " + strings.Join(usage, " or ")
	return Macro{}, err
}

// fail makes an error for text[pos:end] of the innermost body being
// scanned. Inside an expansion the user can only act on the call they
// wrote, so the error spans that call and the notes walk down to the part
// of the definition that failed.
func (e *expander) fail(pos, end int, format string, a ...any) *spl.Error {
	if len(e.stack) == 0 {
		return spl.Errorf(pos, end, format, a...)
	}
	outer := e.calls[e.stack[0].call]
	err := spl.Errorf(outer.SrcStart, outer.SrcEnd, format, a...)
	err.Notes = chainNotes(len(e.stack), func(i int) []string {
		f := e.stack[i]
		p, q := f.childPos, f.childEnd
		if i == len(e.stack)-1 {
			p, q = pos, end
		}
		return expansionNote(e.calls[f.call], f.body, p, q)
	})
	return err
}

// namedArgs reorders a named-argument call (`m(b=2, a=1)`, [MACROEX]) into
// positional order. It applies only when every argument is name=value and
// the names are exactly the macro's; otherwise the arguments are positional,
// so a positional value that happens to contain "=" is left alone.
func namedArgs(names, args []string) []string {
	if len(names) == 0 || len(args) != len(names) {
		return args
	}
	vals := make([]string, len(names))
	seen := make([]bool, len(names))
	for _, a := range args {
		eq := strings.IndexByte(a, '=')
		if eq < 0 {
			return args
		}
		k := slices.Index(names, strings.TrimSpace(a[:eq]))
		if k < 0 || seen[k] {
			return args
		}
		seen[k] = true
		vals[k] = strings.TrimSpace(a[eq+1:])
	}
	return vals
}

// substitute replaces every $name$ of def by the matching value. The
// macros.conf spec says the replacement is global, "even inside quotation
// marks", which would turn `drop_dm_object_name("Processes")` into
// `rename ""Processes".*" as *`. ESCU writes both that form and the
// unquoted one and evidently relies on them being equivalent, so the
// mechanism (UNCONFIRMED, docs/SEMANTICS.md §1.1) chosen here is: a value wrapped
// in double quotes loses them when its $name$ sits inside a double-quoted
// string of the definition; everywhere else values go in verbatim. The
// quote state is that of the definition alone, so a value's own quotes
// cannot change how later $name$s are treated.
func substitute(def string, names, vals []string) string {
	if len(names) == 0 || !strings.Contains(def, "$") {
		return def
	}
	var b strings.Builder
	inQuote := false
	for i := 0; i < len(def); {
		c := def[i]
		if c == '$' {
			if k := argAt(def[i+1:], names); k >= 0 {
				v := vals[k]
				if inQuote {
					v = stripQuotes(v)
				}
				b.WriteString(v)
				i += len(names[k]) + 2
				continue
			}
		}
		switch {
		case c == '\\' && i+1 < len(def) && (def[i+1] == '"' || def[i+1] == '\\'):
			// Only these escapes matter to the quote state; any other
			// backslash stays a plain character so `\$arg$` still
			// substitutes.
			b.WriteString(def[i : i+2])
			i += 2
			continue
		case c == '"':
			inQuote = !inQuote
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// argAt returns the index of the name that rest starts with followed by
// "$", or -1. Names are unique, so at most one can match.
func argAt(rest string, names []string) int {
	for k, n := range names {
		if len(rest) > len(n) && rest[len(n)] == '$' && strings.HasPrefix(rest, n) {
			return k
		}
	}
	return -1
}

// stripQuotes removes the quotes around v when v is exactly one
// double-quoted string ("a" but not "a" OR "b").
func stripQuotes(v string) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return v
	}
	for i := 1; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			if i == len(v)-1 {
				return v[1 : len(v)-1]
			}
			return v
		}
	}
	return v
}

// parseCall splits the text between a call's backticks into the name and
// arguments. Whitespace around the name and before "(" is tolerated, and
// `name()` is the same as `name`.
func parseCall(s string) (name string, args []string, ok bool) {
	s = strings.TrimSpace(s)
	n := 0
	for n < len(s) && isNameByte(s[n]) {
		n++
	}
	if n == 0 {
		return "", nil, false
	}
	name, rest := s[:n], strings.TrimLeft(s[n:], " \t\r\n")
	if rest == "" {
		return name, nil, true
	}
	if rest[0] != '(' || rest[len(rest)-1] != ')' {
		return "", nil, false
	}
	inner := rest[1 : len(rest)-1]
	if strings.TrimSpace(inner) == "" {
		return name, nil, true
	}
	return name, splitArgs(inner), true
}

// splitArgs splits on commas outside double quotes and parentheses, so
// `m("a,b", f(x,y))` has two arguments, and trims each.
func splitArgs(s string) []string {
	var args []string
	depth, start, inQuote := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth <= 0:
			args = append(args, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return append(args, strings.TrimSpace(s[start:]))
}

type pieceKind int

const (
	pLiteral pieceKind = iota
	pComment
	pCall
	pUnclosedCall
	pUnclosedComment
)

type piece struct {
	kind     pieceKind
	pos, end int
}

// pieces splits SPL text into literal runs, ``` comments and backtick
// calls. Inside a double-quoted string nothing is special but a backslash
// escape, because macros are not expanded inside quoted values
// ([MACROCONF]); the same holds for comment markers. A backslash escapes
// the next character outside quotes too (docs/SEMANTICS.md §2: `\"` sends a
// quote): ESCU's kubernetes detections write `*\"privileged\":true*`
// unquoted, and reading that `\"` as an opening quote would swallow the
// rest of the search, _filter call included. So `\“ is a literal
// backtick, not a call [UNCONFIRMED]. An unclosed call or comment ends the
// sequence.
func pieces(s string) iter.Seq[piece] {
	return func(yield func(piece) bool) {
		lit := 0
		flush := func(i int) bool {
			return i <= lit || yield(piece{pLiteral, lit, i})
		}
		inQuote := false
		for i := 0; i < len(s); {
			c := s[i]
			switch {
			case inQuote:
				if c == '\\' {
					i += 2
					continue
				}
				inQuote = c != '"'
				i++
			case c == '\\':
				i += 2
			case c == '"':
				inQuote = true
				i++
			case c != '`':
				i++
			case strings.HasPrefix(s[i:], "```"):
				if !flush(i) {
					return
				}
				n := strings.Index(s[i+3:], "```")
				if n < 0 {
					yield(piece{pUnclosedComment, i, i + 3})
					return
				}
				end := i + 3 + n + 3
				if !yield(piece{pComment, i, end}) {
					return
				}
				i, lit = end, end
			default:
				if !flush(i) {
					return
				}
				j := closingTick(s, i+1)
				if j < 0 {
					yield(piece{pUnclosedCall, i, i + 1})
					return
				}
				if !yield(piece{pCall, i, j + 1}) {
					return
				}
				i, lit = j+1, j+1
			}
		}
		flush(len(s))
	}
}

// closingTick finds the backtick that ends a call, skipping quoted
// arguments so `m("a`b")` is one call.
func closingTick(s string, from int) int {
	inQuote := false
	for i := from; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case c == '`' && !inQuote:
			return i
		}
	}
	return -1
}

// abbrev shortens text quoted in a message: a stray backtick can make the
// "call" run over half the search.
func abbrev(s string) string {
	r := []rune(s)
	if len(r) <= 60 {
		return s
	}
	return string(r[:30]) + "..." + string(r[len(r)-20:])
}
