package spl

import "strings"

// ReferenceCommand is a command of the Search Reference that spelunk
// parses, with its documented options checked, but whose run needs what an
// offline search does not have (a summary index, a map's feature
// collection, a learned model, a live service): the engine says
// why at its position (engine/notrun.go). Options are key=value as
// documented; Args are the other words, in order.
type ReferenceCommand struct {
	Loc
	Name    string
	Options []Option
	Args    []FieldName
	// Rest is the text after Args, kept as written, for commands whose
	// arguments form a language of their own (entitymerge).
	Rest string
}

func (c *ReferenceCommand) CommandName() string { return c.Name }

func (c *ReferenceCommand) String() string {
	parts := []string{c.Name}
	for _, a := range c.Args {
		parts = append(parts, word(a.Name))
	}
	if len(c.Options) > 0 {
		parts = append(parts, optionsString(c.Options))
	}
	if c.Rest != "" {
		parts = append(parts, c.Rest)
	}
	return strings.Join(parts, " ")
}

// Option returns the value of a documented option and whether it is set.
func (c *ReferenceCommand) Option(key string) (string, bool) { return optionValue(c.Options, key) }

// referenceCommand describes one such command: its options with their
// checks, the words it takes besides them (words: only those; else up to
// maxWords of any), how many it needs at least, the options it needs, and
// whether the text after the words is kept as written (rest).
type referenceCommand struct {
	name, syntax, doc  string
	options            optionSet
	words              []string
	minWords, maxWords int
	rest               bool
	required           []string
}

// optInt accepts a whole number of at least 0.
func optInt(v string) string {
	if n, ok := ParseInt(v); ok && n >= 0 {
		return ""
	}
	return "takes a whole number"
}

const searchRef = "https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/"

// referenceCommands are taken from each command's Search Reference page
// (searchRef + name).
var referenceCommands = []referenceCommand{
	{name: "bucketdir", syntax: "bucketdir pathfield=<field> sizefield=<field> [maxcount=<int>] [countfield=<field>] [sep=<char>]",
		doc:      "Replaces file paths by the directories above them, keeping at most maxcount results (parsed; not run yet).",
		options:  optionSet{"pathfield": optAny, "sizefield": optAny, "maxcount": optInt, "countfield": optAny, "sep": optAny},
		required: []string{"pathfield", "sizefield"}},
	{name: "diff", syntax: "diff [position1=<int>] [position2=<int>] [attribute=<field>] [diffheader=<bool>] [context=<bool>] [maxlen=<int>]",
		doc:     "Compares a field of two search results line by line and returns the unified diff in _raw.",
		options: optionSet{"position1": optInt, "position2": optInt, "attribute": optAny, "diffheader": optBool, "context": optBool, "maxlen": optInt}},
	{name: "entitymerge", syntax: "entitymerge <arg>...",
		doc:     "Merges entities of Splunk IT Service Intelligence (parsed; needs a live ITSI).",
		options: optionSet{}, rest: true},
	{name: "findtypes", syntax: "findtypes max=<int> [notcovered] [useraw]",
		doc:     "Suggests event types from the search results (parsed; not run offline).",
		options: optionSet{"max": optInt}, words: []string{"notcovered", "useraw"}},
	{name: "folderize", syntax: "folderize attr=<string> [sep=<string>] [size=<string>] [minfolders=<int>] [maxfolders=<int>]",
		doc:      "Groups values of a field into folders along a separator (parsed; not run yet).",
		options:  optionSet{"attr": optAny, "sep": optAny, "size": optAny, "minfolders": optInt, "maxfolders": optInt},
		required: []string{"attr"}},
	{name: "geom", syntax: "geom [<featureCollection>] [allFeatures=<bool>] [featureIdField=<string>] [gen=<double>] [min_x=<float>] [min_y=<float>] [max_x=<float>] [max_y=<float>]",
		doc: "Adds the geographic shape of each result's feature from a geospatial lookup, for choropleth maps (parsed; needs a KMZ feature collection).",
		options: optionSet{"allfeatures": optBool, "featureidfield": optAny, "gen": optNumber,
			"min_x": optNumber, "min_y": optNumber, "max_x": optNumber, "max_y": optNumber},
		maxWords: 1},
	{name: "geomfilter", syntax: "geomfilter [min_x=<float>] [min_y=<float>] [max_x=<float>] [max_y=<float>]",
		doc:     "Clips the shapes geom added to a bounding box (parsed; needs geom's shapes).",
		options: optionSet{"min_x": optNumber, "min_y": optNumber, "max_x": optNumber, "max_y": optNumber}},
	{name: "overlap", syntax: "overlap",
		doc:     "Finds events of a summary index that overlap in time or are missing (parsed; needs a summary index).",
		options: optionSet{}},
	{name: "kvform", syntax: "kvform [form=<string>] [field=<field>]",
		doc:     "Extracts key-value pairs from events laid out as a form, by the .form template files of a Splunk app (parsed; needs those templates).",
		options: optionSet{"form": optAny, "field": optAny}},
	{name: "typelearner", syntax: "typelearner [<grouping-field>] [<grouping-maxlen>] [maxlen=<int>]",
		doc:     "Suggests event types by grouping results on a field (parsed; not run offline).",
		options: optionSet{"maxlen": optInt}, maxWords: 2},
}

func init() {
	for i := range referenceCommands {
		rc := &referenceCommands[i]
		register(&CommandSpec{Name: rc.name, Syntax: rc.syntax, Doc: rc.doc, Parse: rc.parse})
	}
}

func (rc *referenceCommand) parse(p *cmdParser) (Command, error) {
	c := &ReferenceCommand{Loc: p.loc(), Name: rc.name}
	for !p.atEnd() {
		if rc.rest && len(c.Args) >= rc.minWords {
			c.Rest = strings.TrimSpace(p.raw(p.peek().pos, p.restEnd()))
			break
		}
		if p.isOptionAt() {
			o, _, err := p.knownOption(rc.options)
			if err != nil {
				return nil, err
			}
			c.Options = append(c.Options, o)
			continue
		}
		t := p.next()
		switch {
		case t.kind == tComma:
			continue
		case t.kind != tWord && t.kind != tString,
			rc.words != nil && !containsFold(rc.words, t.val),
			rc.words == nil && !rc.rest && len(c.Args) >= rc.maxWords:
			return nil, p.unexpected(t, rc.expected()...)
		}
		c.Args = append(c.Args, FieldName{Loc: Loc{Start: t.pos, End: t.end}, Name: t.val})
	}
	if len(c.Args) < rc.minWords {
		return nil, p.errorf(p.name, "needs %d arguments", rc.minWords).withHint("syntax: " + rc.syntax)
	}
	for _, k := range rc.required {
		if _, ok := optionValue(c.Options, k); !ok {
			return nil, p.errorf(p.name, "missing %s=", k).withHint("syntax: " + rc.syntax)
		}
	}
	return c, nil
}

func (rc *referenceCommand) expected() []string {
	out := quoteAll(rc.words)
	for _, n := range rc.options.names() {
		out = append(out, n+"=")
	}
	if len(out) == 0 {
		out = []string{"end of command"}
	}
	return out
}

func containsFold(list []string, w string) bool {
	for _, s := range list {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}
