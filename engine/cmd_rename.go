package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// rename changes field names in place, keeping each field's position.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/rename
func init() {
	registerStream("rename", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.RenameCommand)
		pairs := c.Pairs
		// "You can't rename one field with multiple names ... | rename A
		// as B, A as C" (10.0 page).
		to := map[string]string{}
		for _, p := range pairs {
			if prev, ok := to[p.From]; ok && prev != p.To {
				return nil, errAtLoc(p.Loc, "rename: %s is renamed twice (%s, %s); one field takes one name", p.From, prev, p.To)
			}
			to[p.From] = p.To
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			for _, p := range pairs {
				renameFields(r, p.From, p.To)
			}
			return nil
		}, cols: renameColMap(pairs)}, nil
	})
}

func renameFields(r *value.Fields, from, to string) {
	if !strings.Contains(from, "*") {
		i := r.Index(from)
		if i < 0 {
			// "rename pid AS product_id overwrites product_id with
			// Null values where pid does not exist."
			r.Delete(to)
			return
		}
		if from == to {
			return
		}
		r.Delete(to)
		(*r)[r.Index(from)].Name = to
		return
	}
	fromParts := strings.Split(from, "*")
	toParts := strings.Split(to, "*")
	// Collect first: renaming while scanning could rename a field twice.
	type move struct{ old, new string }
	var moves []move
	for _, f := range *r {
		if to, ok := wildcardRename(f.Name, fromParts, toParts); ok {
			moves = append(moves, move{f.Name, to})
		}
	}
	for _, m := range moves {
		if m.old == m.new {
			continue
		}
		// An existing field with the new name is replaced by the renamed
		// one [docs/SEMANTICS.md §8: collision order UNCONFIRMED].
		r.Delete(m.new)
		if i := r.Index(m.old); i >= 0 {
			(*r)[i].Name = m.new
		}
	}
}

// wildcardRename is the name a wildcard rename (its names split at `*`)
// gives name, and whether it renames it at all: each `*` of the new name
// takes the text the matching `*` of the old one matched.
func wildcardRename(name string, fromParts, toParts []string) (string, bool) {
	caps, ok := wildcardCaptures(name, fromParts)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for i, part := range toParts {
		b.WriteString(part)
		if i < len(caps) {
			b.WriteString(caps[i])
		}
	}
	return b.String(), true
}

// wildcardCaptures matches name against a pattern split at its `*`s
// (case-sensitive, as field names are) and returns the text each `*`
// matched. Each `*` matches as little as possible, except the last.
func wildcardCaptures(name string, parts []string) ([]string, bool) {
	if !strings.HasPrefix(name, parts[0]) {
		return nil, false
	}
	rest := name[len(parts[0]):]
	caps := make([]string, 0, len(parts)-1)
	for i := 1; i < len(parts); i++ {
		part := parts[i]
		if i == len(parts)-1 {
			if !strings.HasSuffix(rest, part) {
				return nil, false
			}
			caps = append(caps, rest[:len(rest)-len(part)])
			return caps, true
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return nil, false
		}
		caps = append(caps, rest[:j])
		rest = rest[j+len(part):]
	}
	return caps, rest == ""
}
