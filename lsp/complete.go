package lsp

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

func (s *Server) completion(ctx *glsp.Context, p *protocol.CompletionParams) (any, error) {
	c, ok := s.cursorAt(p.TextDocument.URI, p.Position)
	if !ok {
		return protocol.CompletionList{Items: []protocol.CompletionItem{}}, nil
	}
	items, from := s.completeAt(c)
	// The item replaces what is typed of it: a client's own idea of a
	// word stops at the dot of Processes.process_name.
	rng := c.fileRange(from, c.off)
	if from == c.off {
		rng = c.fileRange(c.off, c.off)
	}
	if rng.Start.Line == rng.End.Line && rng.End == p.Position {
		for i := range items {
			text := items[i].Label
			if items[i].InsertText != nil {
				text = *items[i].InsertText
			}
			items[i].TextEdit = protocol.TextEdit{Range: rng, NewText: text}
		}
	}
	return protocol.CompletionList{Items: items}, nil
}

// completeAt lists what may be written at the cursor, and where the
// text it replaces starts: macros inside backticks, commands after a
// pipe, datasets after datamodel=, a dataset's fields after its prefix,
// else the command's options and the functions it takes.
func (s *Server) completeAt(c *cursor) ([]protocol.CompletionItem, int) {
	text := c.r.text
	if mc, ok := macroCallAt(text, c.off); ok {
		return macroItems(c), mc.start + 1
	}
	if strings.HasSuffix(text[:c.off], "`") {
		return macroItems(c), c.off
	}
	a, _ := wordAt(text, c.off)
	word := text[a:c.off]
	switch {
	case startsCommand(text, a):
		return commandItems(), a
	case strings.HasSuffix(strings.ToLower(text[:a]), "datamodel="):
		return s.datasetItems(), a
	case strings.Contains(word, "."):
		if items := s.fieldItems(text, word); len(items) > 0 {
			return items, a
		}
	}
	cmd, _ := commandBefore(text, a)
	return commandArgItems(cmd), a
}

func item(label string, kind protocol.CompletionItemKind, detail, doc, insert string) protocol.CompletionItem {
	it := protocol.CompletionItem{Label: label, Kind: &kind}
	if detail != "" {
		it.Detail = &detail
	}
	if doc != "" {
		it.Documentation = protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: doc}
	}
	if insert != "" && insert != label {
		it.InsertText = &insert
	}
	return it
}

func commandItems() []protocol.CompletionItem {
	var out []protocol.CompletionItem
	for _, spec := range spl.Commands() {
		out = append(out, item(spec.Name, protocol.CompletionItemKindKeyword, spec.Syntax, commandDoc(spec), ""))
	}
	return out
}

func macroItems(c *cursor) []protocol.CompletionItem {
	var out []protocol.CompletionItem
	for _, m := range c.w.macroSet().All() {
		label, insert := m.Name, m.Name
		if len(m.Args) > 0 {
			label = m.Name + "(" + strings.Join(m.Args, ", ") + ")"
			insert = label
		}
		doc := "```spl\n" + m.Definition + "\n```\n\nDefined in " + m.Origin
		out = append(out, item(label, protocol.CompletionItemKindSnippet, m.Stanza(), doc, insert))
	}
	return out
}

func (s *Server) datasetItems() []protocol.CompletionItem {
	cim := s.cim()
	if cim == nil {
		return nil
	}
	var out []protocol.CompletionItem
	for _, name := range cim.DatasetNames() {
		out = append(out, item(name, protocol.CompletionItemKindModule, "data model dataset", s.datasetDoc(name), ""))
	}
	return out
}

// fieldItems completes Dataset.field with the fields of the dataset the
// prefix means.
func (s *Server) fieldItems(text, word string) []protocol.CompletionItem {
	cim := s.cim()
	if cim == nil {
		return nil
	}
	prefix := word[:strings.IndexByte(word, '.')]
	d := datasetForPrefix(cim, text, prefix)
	if d == nil {
		return nil
	}
	fields := datasetFields(cim, d)
	var out []protocol.CompletionItem
	for _, f := range sortedKeys(fields) {
		out = append(out, item(prefix+"."+f, protocol.CompletionItemKindField, d.Name(), fields[f], ""))
	}
	return out
}

var optionRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b([a-z_]+)=`) })

// commandArgItems: a command's options (key= in its syntax) and the
// functions its arguments take, statistical ones first for stats and its
// kin.
func commandArgItems(cmd string) []protocol.CompletionItem {
	var out []protocol.CompletionItem
	if spec, ok := spl.LookupCommand(cmd); ok {
		for _, o := range commandOptions(spec) {
			out = append(out, item(o+"=", protocol.CompletionItemKindProperty, spec.Name+" option", "```spl\n"+spec.Syntax+"\n```", ""))
		}
	}
	var aggs, evals []protocol.CompletionItem
	for _, name := range engine.AggregationNames() {
		if a, ok := engine.LookupAggregation(name); ok {
			aggs = append(aggs, item(name, protocol.CompletionItemKindFunction, a.Usage, a.Doc, name+"("))
		}
	}
	for _, f := range engine.Functions() {
		evals = append(evals, item(f.Name, protocol.CompletionItemKindFunction, f.Usage, f.Doc, f.Name+"("))
	}
	sort.Slice(evals, func(i, j int) bool { return evals[i].Label < evals[j].Label })
	if statsCommands[cmd] {
		return append(append(out, aggs...), evals...)
	}
	return append(append(out, evals...), aggs...)
}

var optionCache sync.Map // command name -> []string

// commandOptions lists a command's options: the key= of its syntax line
// and those its parser names when it meets an option it does not know,
// which is the complete list where the syntax says only [options].
func commandOptions(spec *spl.CommandSpec) []string {
	if v, ok := optionCache.Load(spec.Name); ok {
		return v.([]string)
	}
	seen := map[string]bool{}
	var out []string
	add := func(o string) {
		o = strings.TrimSuffix(strings.Trim(o, `"`), "=")
		if optionName().MatchString(o) && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	for _, m := range optionRe().FindAllStringSubmatch(spec.Syntax, -1) {
		add(m[1])
	}
	probe := "| makeresults | " + spec.Name + " spelunk_probe=1"
	if spec.Generating {
		probe = "| " + spec.Name + " spelunk_probe=1"
	}
	if _, err := spl.Parse(probe); err != nil {
		for _, e := range spl.AsErrors(err) {
			if strings.Contains(e.Msg, "spelunk_probe") {
				for _, o := range e.Expected {
					add(o)
				}
			}
		}
	}
	sort.Strings(out)
	optionCache.Store(spec.Name, out)
	return out
}

var optionName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z_][a-z0-9_]*$`) })
