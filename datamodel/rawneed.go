package datamodel

import (
	"strings"

	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/spl"
)

// Which text an event must hold for a streamed tstats to keep its row.
//
// A selective filter keeps few events: the seed detection keeps the rows
// whose parent_process_name is wermgr.exe, about one event in a thousand.
// Reading an event costs far more than looking for "wermgr.exe" in its
// text, and an event without that text cannot give such a row when every
// way the add-on and the data model compute parent_process_name yields
// text of the event's own fields (Sysmon's replace(ParentImage, "^.*\\\\",
// "") is the end of ParentImage) or a constant that does not hold it
// ("unknown"). rawPieces proves that from the compiled knowledge and
// dataset, conservatively: any step it cannot account for (a
// concatenation, a lookup, an eventtype, a default field such as source)
// makes it give up on the field, and the events are read in full.
// The reader then skips a record lacking a piece only when nothing in the
// record's encoding could spell the piece otherwise (ingest.Options.Need).

// rawPieces returns the pieces of must that the text of an event must
// hold (ignoring ASCII case) for the dataset row made from it to meet
// must: those of the requirements on fields whose values are always text
// of the event's fields or constants that cannot meet the requirement.
func rawPieces(sh *shaper, cd *compiledDataset, must []engine.Contains) []string {
	var out []string
	for _, c := range must {
		a := &provenance{sh: sh, pieces: c.Pieces, visiting: map[string]bool{}}
		if a.rowField(cd, c.Field) {
			for _, p := range c.Pieces {
				out = appendNew(out, p)
			}
		}
	}
	return out
}

// eventPieces is rawPieces for requirements on the event's own fields (a
// leading search's, engine.EventScan.Must). A requirement on _raw stands
// for a bare term, which searches every field of an event without _raw:
// it counts only when no knowledge sets _raw at all.
func eventPieces(sh *shaper, must []engine.Contains) []string {
	var out []string
	for _, c := range must {
		a := &provenance{sh: sh, pieces: c.Pieces, visiting: map[string]bool{}}
		ok := a.eventField(c.Field)
		if c.Field == "_raw" {
			ok = !sh.sets("_raw")
		}
		if ok {
			for _, p := range c.Pieces {
				out = appendNew(out, p)
			}
		}
	}
	return out
}

// sets reports whether any knowledge entry may set field: an EVAL, an
// alias or an extraction's capture group.
func (sh *shaper) sets(field string) bool {
	for _, list := range sh.knowledge {
		for _, ck := range list {
			for _, c := range ck.evals {
				if c.field == field {
					return true
				}
			}
			for _, al := range ck.aliases {
				if al.Field == field {
					return true
				}
			}
			for _, r := range ck.reports {
				for _, name := range r.re.Names() {
					if name == field {
						return true
					}
				}
			}
		}
	}
	return false
}

// made lists the fields the knowledge may set (EVALs, aliases and
// extractions' capture groups), each once, in no set order.
func (sh *shaper) made() []string {
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, list := range sh.knowledge {
		for _, ck := range list {
			for _, c := range ck.evals {
				add(c.field)
			}
			for _, al := range ck.aliases {
				add(al.Field)
			}
			for _, r := range ck.reports {
				for _, name := range r.re.Names() {
					add(name)
				}
			}
		}
	}
	return out
}

// provenance answers, for one requirement, whether a field's values are
// made only of the event's own text: "safe" below.
type provenance struct {
	sh       *shaper
	pieces   []string
	visiting map[string]bool // steps being followed, against cycles
}

// rowField: the dataset row's field, as rowOf makes it.
func (a *provenance) rowField(cd *compiledDataset, field string) bool {
	for _, ch := range cd.children {
		if name, ok := strings.CutPrefix(field, ch.prefix); ok {
			return a.calcField(ch.calcs, len(ch.calcs), name, func(f string) bool {
				return a.calcField(cd.calcs, len(cd.calcs), f, a.eventField)
			})
		}
	}
	return a.calcField(cd.calcs, len(cd.calcs), field, a.eventField)
}

// calcField: field as the calculations before calcs[n] leave it (each
// sees the ones before it and writes its field whatever the value), else
// as before reads it.
func (a *provenance) calcField(calcs []compiledCalc, n int, field string, before func(string) bool) bool {
	for i := n - 1; i >= 0; i-- {
		if calcs[i].field == field {
			return a.expr(calcs[i].x, func(f string) bool { return a.calcField(calcs, i, f, before) })
		}
	}
	return before(field)
}

// eventField: field of the event row the shaper makes, for any knowledge
// entry that may apply: the EVALs (which see the row before any of them),
// the aliases, the extractions and the reader's fields, in turn.
func (a *provenance) eventField(field string) bool {
	if field == "eventtype" || field == "tag" || strings.HasPrefix(field, "tag::") {
		return false
	}
	for _, list := range a.sh.knowledge {
		for _, ck := range list {
			for _, c := range ck.evals {
				if c.field == field && !a.expr(c.x, a.aliasField) {
					return false
				}
			}
		}
	}
	return a.aliasField(field)
}

// aliasField: field after the aliases and extractions; either may have
// set it, and a selected entry may set it or not, so every way must be
// safe, and the value before them too.
func (a *provenance) aliasField(field string) bool {
	key := "alias\x00" + field
	if a.visiting[key] {
		return false
	}
	a.visiting[key] = true
	defer delete(a.visiting, key)
	for _, list := range a.sh.knowledge {
		for _, ck := range list {
			for _, al := range ck.aliases {
				if al.Field == field && !a.aliasField(al.Expr) {
					return false
				}
			}
			for _, r := range ck.reports {
				for _, name := range r.re.Names() {
					// A capture group is text of the field it reads.
					if name == field && !a.aliasField(r.field) {
						return false
					}
				}
			}
		}
	}
	return readerField(field)
}

// readerField: the fields the XML and JSON readers give are text of the
// record (unescaped, which ingest.Options.Need accounts for); the default
// fields are not (source is a file name, host may be --host, _time and
// linecount are numbers, date_* are derived).
func readerField(field string) bool {
	switch field {
	case "_time", "host", "source", "sourcetype", "index", "linecount", "punct", "splunk_server", "timestartpos", "timeendpos", "eventtype", "tag":
		return false
	}
	return !strings.HasPrefix(field, "date_") && !strings.HasPrefix(field, "tag::")
}

// expr: every value x can take is safe, given what field(name) says of
// the fields it reads. Only functions whose results are (a part of) one
// of their arguments, or constants, qualify.
func (a *provenance) expr(x spl.Expr, field func(string) bool) bool {
	switch e := x.(type) {
	case *spl.FieldRef:
		return field(e.Name)
	case *spl.StringLit:
		return !a.holds(e.Value)
	case *spl.CallExpr:
		args := e.Args
		switch e.Name {
		case "null":
			return true
		case "lower", "upper", "trim", "ltrim", "rtrim", "substr", "mvindex", "split", "mvdedup", "mvsort":
			// The result's text is text of the first argument (a part,
			// or the same with ASCII case changed, which the pieces
			// ignore; the readers' guard covers the non-ASCII letters
			// that case to ASCII ones).
			return len(args) > 0 && a.expr(args[0], field)
		case "coalesce", "mvappend":
			return a.all(args, field)
		case "if":
			return len(args) == 3 && a.all(args[1:], field)
		case "case":
			for i := 1; i < len(args); i += 2 {
				if !a.expr(args[i], field) {
					return false
				}
			}
			return len(args)%2 == 0
		case "replace":
			return len(args) == 3 && replaceKeepsText(args[1], args[2]) && a.expr(args[0], field)
		}
	}
	return false
}

func (a *provenance) all(xs []spl.Expr, field func(string) bool) bool {
	for _, x := range xs {
		if !a.expr(x, field) {
			return false
		}
	}
	return true
}

// holds reports whether the constant s meets the requirement.
func (a *provenance) holds(s string) bool {
	s = strings.ToLower(s)
	for _, p := range a.pieces {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// replaceKeepsText reports whether replace(x, re, repl) always gives text
// in which every piece found is also in x (pieces have no control
// characters):
//   - re anchored at the start and repl empty: a prefix is cut off;
//   - re anchored at the start, ending in .* and repl a single \N: the
//     match runs from the start to the end of the line, so the result is
//     group N followed by what comes after that line's end, from a
//     newline on, and a piece cannot straddle the two.
//
// Inline flags (multiline, dotall...) and alternatives at the top level
// would break either argument, so they disqualify.
func replaceKeepsText(reX, replX spl.Expr) bool {
	re, ok1 := reX.(*spl.StringLit)
	repl, ok2 := replX.(*spl.StringLit)
	if !ok1 || !ok2 || !strings.HasPrefix(re.Value, "^") || !topLevelPlain(re.Value) {
		return false
	}
	switch r := repl.Value; {
	case r == "":
		return true
	case len(r) == 2 && r[0] == '\\' && r[1] >= '1' && r[1] <= '9':
		return endsInDotStar(re.Value)
	}
	return false
}

// topLevelPlain reports whether a regex has no alternative at its top
// level and no inline flag group.
func topLevelPlain(re string) bool {
	depth := 0
	for i := 0; i < len(re); i++ {
		switch re[i] {
		case '\\':
			i++
		case '[':
			i = classEnd(re, i)
		case '(':
			if strings.HasPrefix(re[i:], "(?") && i+2 < len(re) && strings.IndexByte("=!:<>", re[i+2]) < 0 {
				return false
			}
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				return false
			}
		}
	}
	return depth == 0
}

// classEnd returns the index of the ] that closes the class opened at i.
func classEnd(re string, i int) int {
	j := i + 1
	if j < len(re) && re[j] == '^' {
		j++
	}
	if j < len(re) && re[j] == ']' {
		j++
	}
	for ; j < len(re); j++ {
		switch re[j] {
		case '\\':
			j++
		case ']':
			return j
		}
	}
	return len(re)
}

// endsInDotStar reports whether the regex ends with an unescaped .* at
// its top level.
func endsInDotStar(re string) bool {
	if !strings.HasSuffix(re, ".*") {
		return false
	}
	// The dot must not be escaped: count the backslashes before it.
	n := 0
	for i := len(re) - 3; i >= 0 && re[i] == '\\'; i-- {
		n++
	}
	return n%2 == 0
}
