package runner

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spelunk-dev/spelunk/content"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/macros"
	"github.com/spelunk-dev/spelunk/spl"
)

// Search is a search ready to run: as written, expanded, parsed, with the
// macros and lookups it runs with.
type Search struct {
	// Name says where the search came from, in messages ("" for a query).
	Name string
	// Text is the search as written.
	Text      string
	Expansion *macros.Expansion
	Pipeline  *spl.Pipeline
	// Origin is set for a detection's search: messages then point into
	// its YAML file instead of the search text.
	Origin *content.Search

	macros *macros.Set
	from   string // the detection file whose repository gives defaults
}

// SearchError is a search that could not be expanded, parsed or run. Its
// errors are positioned in Source (the search as written, or the
// detection's YAML file); Err is a failure without a position.
type SearchError struct {
	Name   string
	Source string
	Errors []*spl.Error
	Err    error
	// Notices are those the search's expansion gave before it failed.
	Notices []string
}

// Error renders every error at its line and column, with the line and a
// caret.
func (e *SearchError) Error() string {
	if e.Err != nil {
		return prefix(e.Name) + e.Err.Error()
	}
	var b strings.Builder
	for i, x := range e.Errors {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(strings.TrimRight(spl.Render(e.Name, e.Source, x), "\n"))
	}
	return b.String()
}

func (e *SearchError) Unwrap() error { return e.Err }

// Rendered is the text of every error, each ending in a newline: the
// rendered positioned errors, else the failure prefixed with the search's
// name.
func (e *SearchError) Rendered() string {
	if e.Err != nil {
		return e.Error() + "\n"
	}
	var b strings.Builder
	for _, x := range e.Errors {
		b.WriteString(spl.Render(e.Name, e.Source, x))
	}
	return b.String()
}

func prefix(name string) string {
	if name == "" {
		return ""
	}
	return name + ":"
}

// Prepare expands macros in a query and parses it. from, when set, is a
// detection file whose repository's macros and lookups apply when Config
// names none (a drilldown of that detection). Notices go to
// Config.Notice; errors come back as a *SearchError.
func (r *Runner) Prepare(name, text, from string) (*Search, error) {
	return r.prepare(&Search{Name: name, Text: text, from: from})
}

// PrepareDetection prepares a detection's search; its messages point into
// the detection's YAML file.
func (r *Runner) PrepareDetection(d *content.Detection) (*Search, error) {
	s := d.Searches()[0]
	return r.prepare(&Search{Name: RelName(d.Path), Text: s.Text, Origin: &s, from: d.Path})
}

func (r *Runner) prepare(s *Search) (*Search, error) {
	set, err := r.Macros(s.from)
	if err != nil {
		return nil, err
	}
	s.macros = set
	exp, pipe, errs, notices := ExpandAndParse(s.Text, set)
	var said []string
	for _, n := range notices {
		if r.cfg.QuietFilters && strings.Contains(n.Msg, `_filter" is not defined`) {
			continue
		}
		text, at := s.Text, n.Pos
		if s.Origin != nil {
			text = string(s.Origin.Detection.Raw)
			at, _ = s.Origin.FileOffset(n.Pos)
		}
		line, col := spl.LineCol(text, at)
		msg := fmt.Sprintf("%s%d:%d: %s", prefix(s.Name), line, col, n.Msg)
		said = append(said, msg)
		r.notice(msg)
	}
	s.Expansion, s.Pipeline = exp, pipe
	if len(errs) == 0 {
		errs = checkStart(pipe)
	}
	if len(errs) == 0 {
		warns, err := r.NameWarnings(pipe)
		if err != nil {
			return nil, err
		}
		if r.cfg.Strict {
			errs = warns
		} else if len(warns) > 0 {
			se := s.errorOf(spl.ErrorList(warns))
			for _, e := range se.Errors {
				line, col := spl.LineCol(se.Source, e.Pos)
				r.notice(WarningText(fmt.Sprintf("%s%d:%d: ", prefix(s.Name), line, col), e))
			}
		}
	}
	if len(errs) > 0 {
		se := s.errorOf(spl.ErrorList(errs))
		se.Notices = said
		return nil, se
	}
	return s, nil
}

// errorOf positions err (in the expanded text when the search was
// expanded, else in the text as written) in what the user wrote: the
// search text, or the detection's YAML file.
func (s *Search) errorOf(err error) *SearchError {
	se := &SearchError{Name: s.Name, Source: s.Text}
	if s.Origin != nil {
		se.Source = string(s.Origin.Detection.Raw)
	}
	list := spl.AsErrors(err)
	if list == nil {
		se.Err = err
		return se
	}
	for _, e := range list {
		if s.Expansion != nil {
			e = s.Expansion.MapError(e)
		}
		if s.Origin != nil {
			e = ToFile(s.Origin, e)
		}
		se.Errors = append(se.Errors, e)
	}
	return se
}

// ExpandAndParse runs macro expansion and the parser. Errors from
// expansion are positioned in src; errors from the parser in exp.Text.
// Macros standing in for an app spelunk does not have are reported as
// notices.
func ExpandAndParse(src string, set *macros.Set) (*macros.Expansion, *spl.Pipeline, []*spl.Error, []macros.Notice) {
	exp, err := set.Expand(src, macros.Options{})
	if err != nil {
		return nil, nil, splErrors(err), nil
	}
	notices := exp.Notices
	for _, c := range exp.Calls {
		if content.IsStub(c.Macro) {
			notices = append(notices, macros.Notice{Pos: c.SrcStart, End: c.SrcEnd,
				Msg: fmt.Sprintf("macro %q comes from a Splunk app spelunk does not have; using %q (%s)", c.Macro.Stanza(), c.Macro.Definition, c.Macro.Description)})
		}
	}
	pipe, err := spl.Parse(exp.Text)
	if err != nil {
		return exp, nil, splErrors(err), notices
	}
	return exp, pipe, nil, notices
}

// checkStart refuses, before any data is read, a search whose first
// command cannot start one (| stats count): the engine would say so only
// once the data had been loaded.
func checkStart(p *spl.Pipeline) []*spl.Error {
	if p == nil || len(p.Commands) == 0 {
		return nil
	}
	first := p.Commands[0]
	name := first.CommandName()
	if !engine.Executable(name) || engine.CanStart(name) {
		return nil
	}
	sp := first.Span()
	return []*spl.Error{{Pos: sp.Start, End: sp.End,
		Msg: fmt.Sprintf("%s cannot start a search: start with a search over events (index=main | %s ...), or with | makeresults for rows made up on the spot", name, name)}}
}

func splErrors(err error) []*spl.Error {
	if list := spl.AsErrors(err); list != nil {
		return list
	}
	return []*spl.Error{{Msg: err.Error()}}
}

// ToFile moves an error positioned in a search's text to its file, and
// says which drilldown it is in: the position may be in the detection's
// search, which the drilldown includes.
func ToFile(s *content.Search, e *spl.Error) *spl.Error {
	m := *e
	pos, exact := s.FileOffset(e.Pos)
	end := pos + 1
	if e.End > e.Pos {
		last, _ := s.FileOffset(e.End - 1)
		end = max(last+1, pos+1)
	}
	m.Pos, m.End = pos, end
	m.Notes = append([]string(nil), e.Notes...)
	if !exact {
		line, col := spl.LineCol(s.Text, e.Pos)
		m.Notes = append(m.Notes, fmt.Sprintf("the YAML quoting could not be replayed exactly; the error is at line %d, column %d of the search text", line, col))
	}
	if s.Kind == content.KindDrilldown {
		m.Notes = append(m.Notes, fmt.Sprintf("in drilldown %d %q", s.Index+1, s.Name))
	}
	return &m
}

// Message is the full text of err: a search's errors rendered at their
// positions, else the error's message.
func Message(err error) string {
	var se *SearchError
	if errors.As(err, &se) && se.Err == nil {
		return se.Rendered()
	}
	return err.Error()
}

// Reason is the first line of what preparing or running a search printed
// when it failed, for one-line reports: its first notice, else its first
// error.
func Reason(err error) string {
	var se *SearchError
	text := Message(err)
	if errors.As(err, &se) && len(se.Notices) > 0 {
		text = "notice: " + se.Notices[0]
	}
	line, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	return line
}
