package lsp

import (
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/spelunk-dev/spelunk/content"
)

// region is one piece of SPL in a file: a detection's search or a
// drilldown, a macro's definition, a .conf search, a whole .spl file.
type region struct {
	text string
	// whole is true for a search, which is expanded and parsed; a macro
	// definition is a fragment and is only expanded.
	whole bool
	label string
	// toFile maps an offset in text to a byte offset in the file; exact is
	// false where quoting could not be replayed.
	toFile func(off int) (fileOff int, exact bool)
	// search is set for a detection's searches (drilldowns name theirs).
	search *content.Search
}

// fromFile maps a byte offset of the file to an offset in the region's
// text, if the region covers it: the text offset whose file offset is
// the greatest not after fileOff.
func (r *region) fromFile(fileOff int) (int, bool) {
	first, _ := r.toFile(0)
	last, _ := r.toFile(len(r.text))
	if fileOff < first || fileOff > last {
		return 0, false
	}
	best, bestAt := -1, -1
	for i := 0; i <= len(r.text); i++ {
		fo, _ := r.toFile(i)
		if fo == fileOff {
			return i, true
		}
		if fo < fileOff && fo > bestAt {
			best, bestAt = i, fo
		}
	}
	return best, best >= 0
}

// fileKind is what a document is, from its name and content.
type fileKind int

const (
	kindOther fileKind = iota
	kindDetection
	kindMacroYAML
	kindSPL
	kindConf
)

// document is an open file with its analysis.
type document struct {
	uri, path string
	version   int32
	text      string
	lines     *lines
	kind      fileKind
	det       *content.Detection
	regions   []region
	yamlErr   error
}

func newDocument(uri, text string, version int32) *document {
	d := &document{uri: uri, path: uriToPath(uri), text: text, version: version, lines: newLines(text)}
	d.analyse()
	return d
}

func (d *document) analyse() {
	name := strings.ToLower(d.path)
	switch {
	case strings.HasSuffix(name, ".spl"):
		d.kind = kindSPL
		d.regions = []region{{text: d.text, whole: true, label: "search", toFile: func(o int) (int, bool) { return o, true }}}
	case strings.HasSuffix(name, ".conf"):
		d.kind = kindConf
		d.regions = confRegions(d.text)
	case strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml"):
		d.analyseYAML()
	}
}

func (d *document) analyseYAML() {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(d.text), &root); err != nil {
		d.yamlErr = err
		if strings.Contains(filepath.ToSlash(d.path), "/detections/") {
			d.kind = kindDetection
		}
		return
	}
	top := &root
	if top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = top.Content[0]
	}
	if top.Kind != yaml.MappingNode {
		return
	}
	var search, def *yaml.Node
	keys := map[string]bool{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		keys[top.Content[i].Value] = true
		switch top.Content[i].Value {
		case "search":
			search = top.Content[i+1]
		case "definition":
			def = top.Content[i+1]
		}
	}
	// Other YAML may have a search: key; a detection is in detections/ or
	// looks like one.
	isDetection := strings.Contains(filepath.ToSlash(d.path), "/detections/") || keys["name"] && (keys["type"] || keys["tests"])
	switch {
	case search != nil && isDetection:
		d.kind = kindDetection
		det, err := content.ParseDetection(d.path, []byte(d.text))
		if err != nil {
			return
		}
		d.det = det
		for _, s := range det.Searches() {
			s := s
			d.regions = append(d.regions, region{text: s.Text, whole: true, label: s.Label(), toFile: s.FileOffset, search: &s})
		}
	case def != nil && def.Kind == yaml.ScalarNode:
		d.kind = kindMacroYAML
		m := content.MapScalar([]byte(d.text), def)
		d.regions = []region{{text: def.Value, label: "definition", toFile: m.FileOffset}}
	}
}

// regionAt finds the region holding a file offset and the offset in it.
// A detection's own search comes before its drilldowns, which may
// include it.
func (d *document) regionAt(fileOff int) (*region, int, bool) {
	for i := range d.regions {
		if off, ok := d.regions[i].fromFile(fileOff); ok {
			return &d.regions[i], off, true
		}
	}
	return nil, 0, false
}

// confRegions finds the search and definition values of a .conf file
// (savedsearches.conf, macros.conf), joined across backslash
// continuations as Splunk reads them: the backslash goes, the line
// break stays.
func confRegions(text string) []region {
	var out []region
	ls := strings.SplitAfter(text, "\n")
	starts := make([]int, len(ls))
	for i, off := 0, 0; i < len(ls); i++ {
		starts[i] = off
		off += len(ls[i])
	}
	stanza := ""
	for i := 0; i < len(ls); i++ {
		line := strings.TrimRight(ls[i], "\r\n")
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			stanza = strings.Trim(t, "[]")
			continue
		}
		eq := strings.IndexByte(line, '=')
		if t == "" || t[0] == '#' || eq < 0 {
			continue
		}
		key := strings.TrimSpace(line[:eq])
		if key != "search" && key != "definition" {
			continue
		}
		var val []byte
		var offs []int
		seg, at := line[eq+1:], starts[i]+eq+1
		for {
			cont := strings.HasSuffix(seg, `\`)
			if cont {
				seg = seg[:len(seg)-1]
			}
			for j := 0; j < len(seg); j++ {
				val, offs = append(val, seg[j]), append(offs, at+j)
			}
			if !cont || i+1 >= len(ls) {
				break
			}
			val, offs = append(val, '\n'), append(offs, at+len(seg))
			i++
			seg, at = strings.TrimRight(ls[i], "\r\n"), starts[i]
		}
		lead := len(val) - len(strings.TrimLeft(string(val), " \t\r\n"))
		trimmed := strings.TrimSpace(string(val))
		offs = offs[lead : lead+len(trimmed)]
		end := starts[i] + len(strings.TrimRight(ls[i], "\r\n"))
		out = append(out, region{text: trimmed, whole: key == "search", label: "[" + stanza + "] " + key,
			toFile: sliceMap(offs, end)})
	}
	return out
}

// sliceMap maps through a table of offsets; the end maps to end.
func sliceMap(offs []int, end int) func(int) (int, bool) {
	return func(o int) (int, bool) {
		switch {
		case o < 0:
			o = 0
		case o >= len(offs):
			if len(offs) == 0 {
				return end, true
			}
			return offs[len(offs)-1] + 1, true
		}
		return offs[o], true
	}
}

// sortedKeys lists a set's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
