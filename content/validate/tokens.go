package validate

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/spelunk-dev/spelunk/spl"
)

// outputs is the set of fields a search's results carry, when it can be
// told: from the last command that sets the field list (stats, tstats,
// table, fields) through the commands after it whose effect on the list
// is known. Any other command makes it unknown, and nothing is flagged.
type outputs struct {
	known  bool
	fields map[string]bool // lower-cased names
}

func (o *outputs) set(names []string) {
	o.known, o.fields = true, map[string]bool{}
	o.add(names...)
}

func (o *outputs) add(names ...string) {
	if !o.known {
		return
	}
	for _, n := range names {
		if strings.Contains(n, "*") || strings.Contains(n, "{") {
			o.known = false // a wildcard or dynamic name: the list is open
			return
		}
		o.fields[strings.ToLower(n)] = true
	}
}

func statsOutputs(aggs []spl.Aggregation, by []spl.FieldName) []string {
	var out []string
	for _, a := range aggs {
		out = append(out, a.Name())
	}
	for _, f := range by {
		out = append(out, f.Name)
	}
	return out
}

// searchOutputs follows the pipeline's commands in order.
func searchOutputs(p *spl.Pipeline) outputs {
	var o outputs
	for _, c := range p.Commands {
		switch c := c.(type) {
		case *spl.StatsCommand:
			o.set(statsOutputs(c.Aggs, c.By))
		case *spl.TstatsCommand:
			o.set(statsOutputs(c.Aggs, c.By))
		case *spl.TableCommand:
			o.set(fieldNames(c.Fields))
		case *spl.FieldsCommand:
			if !c.Remove {
				o.set(fieldNames(c.Fields))
			} else if o.known {
				for _, f := range c.Fields {
					delete(o.fields, strings.ToLower(f.Name))
				}
			}
		case *spl.RenameCommand:
			o.rename(c.Pairs)
		case *spl.EvalCommand:
			for _, a := range c.Assignments {
				o.add(a.Target)
			}
		case *spl.ConvertCommand:
			for _, cv := range c.Conversions {
				if cv.As != "" {
					o.add(cv.As)
				}
			}
		case *spl.EventstatsCommand:
			o.add(statsOutputs(c.Aggs, nil)...)
		case *spl.LookupTableCommand:
			if len(c.Outputs) == 0 {
				o.known = false // every column of the table is added
			}
			for _, f := range c.Outputs {
				o.add(f.EventName())
			}
		case *spl.FillnullCommand:
			o.add(fieldNames(c.Fields)...)
		case *spl.SearchCommand, *spl.WhereCommand, *spl.SortCommand, *spl.HeadCommand, *spl.TailCommand,
			*spl.DedupCommand, *spl.ReverseCommand, *spl.MvexpandCommand, *spl.MakemvCommand,
			*spl.MvcombineCommand, *spl.NomvCommand:
			// rows change, the field list does not
		default:
			o.known = false
		}
	}
	return o
}

func fieldNames(fs []spl.FieldName) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// rename applies `from AS to` pairs; a from with one * renames every
// field it matches (drop_dm_object_name's `rename Processes.* AS *`).
func (o *outputs) rename(pairs []spl.RenamePair) {
	if !o.known {
		return
	}
	for _, p := range pairs {
		from, to := strings.ToLower(p.From), strings.ToLower(p.To)
		if strings.Count(from, "*") > 1 || strings.Count(to, "*") > 1 || strings.Contains(to, "*") != strings.Contains(from, "*") {
			o.known = false
			return
		}
		if !strings.Contains(from, "*") {
			if o.fields[from] {
				delete(o.fields, from)
				o.fields[to] = true
			}
			continue
		}
		pre, suf, _ := strings.Cut(from, "*")
		tpre, tsuf, _ := strings.Cut(to, "*")
		renamed := map[string]bool{}
		for f := range o.fields {
			if len(f) >= len(pre)+len(suf) && strings.HasPrefix(f, pre) && strings.HasSuffix(f, suf) {
				mid := f[len(pre) : len(f)-len(suf)]
				delete(o.fields, f)
				renamed[tpre+mid+tsuf] = true
			}
		}
		for f := range renamed {
			o.fields[f] = true
		}
	}
}

// tokenRe is a $field$ token of a risk message or drilldown search.
var tokenRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$([^$\s"'|\[\]()]+)\$`) })

// checkTokens: the $field$ tokens of the risk message and of the
// drilldown searches are filled from the detection's result fields, so
// each must be one of them, when the fields are known.
func (r *repo) checkTokens(d *detection, p *spl.Pipeline) {
	out := searchOutputs(p)
	if !out.known {
		return
	}
	search := strings.ToLower(d.search.Value)
	check := func(n *yaml.Node, where string) {
		for _, m := range tokenRe().FindAllStringSubmatch(n.Value, -1) {
			name := strings.ToLower(m[1])
			if strings.HasPrefix(name, "info_") || out.fields[name] {
				continue // info_* are the search's time range, set by Splunk
			}
			if where == "message" && d.production && !strings.Contains(search, name) {
				continue // the message rule has said so
			}
			line, col := tokenPos(d.o.raw, n, m[0])
			r.addAt(d.o.path, line, col, Error, "token", "%s token $%s$ is not a field of the search's results (%s)", where, m[1], fieldList(out.fields))
		}
	}
	if d.tags != nil {
		if _, msg := entry(d.tags, "message"); msg != nil && msg.Kind == yaml.ScalarNode {
			check(msg, "message")
		}
	}
	if _, dd := d.o.get("drilldown_searches"); dd != nil && dd.Kind == yaml.SequenceNode {
		for i, it := range dd.Content {
			if _, s := entry(it, "search"); s != nil && s.Kind == yaml.ScalarNode {
				check(s, fmt.Sprintf("drilldown %d", i+1))
			}
		}
	}
}

// tokenPos finds a token in the file, after the start of the scalar that
// holds it: a token has no blanks or quotes, so YAML writes it as is.
func tokenPos(raw []byte, n *yaml.Node, tok string) (line, col int) {
	start := 0
	for l := 1; l < n.Line && start < len(raw); l++ {
		i := bytes.IndexByte(raw[start:], '\n')
		if i < 0 {
			break
		}
		start += i + 1
	}
	if i := bytes.Index(raw[start:], []byte(tok)); i >= 0 {
		return spl.LineCol(string(raw), start+i)
	}
	return n.Line, n.Column
}

func fieldList(fields map[string]bool) string {
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
