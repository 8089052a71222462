package engine

import (
	"strconv"
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// foreachCacheMax bounds the compiled bodies kept per foreach: with
// <<ITEM>> every distinct value makes a new body.
const foreachCacheMax = 4096

// foreach runs its eval body once per matching field of each row, in the
// row's field order, after replacing the templates as text:
// <<FIELD>> the field name, <<MATCHSTR>> the text the wildcards matched,
// <<MATCHSEG1>>.. each wildcard's text; fields a row lacks are skipped for
// that row; a name without a wildcard is taken as written. mode=multivalue
// runs once per value of the field with <<ITEM>> the value (a number, or
// else a quoted string) and <<ITER>> its index from 0, json_array once per
// element of a JSON array, both taking names literally, and
// auto_collections picks one of these by the field's content. A * that
// does not start with "_" does not match internal fields such as _raw and
// _time [our choice, as for table and fields wildcards].
// https://help.splunk.com/splunk-enterprise/spl-search-reference/10.0/search-commands/foreach
func init() {
	registerStream("foreach", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.ForeachCommand)
		fe := &foreachRun{rc: rc, c: c, cache: map[string]func(*value.Fields) error{}}
		for _, f := range c.Fields {
			fe.pats = append(fe.pats, f.Name)
		}
		return &mapStage{next: next, f: fe.row}, nil
	})
}

type foreachRun struct {
	rc    *runCtx
	c     *spl.ForeachCommand
	pats  []string
	cache map[string]func(*value.Fields) error
}

func (fe *foreachRun) row(r *value.Fields) error {
	type target struct {
		name string
		caps []string
	}
	var targets []target
	seen := map[string]bool{}
	for _, p := range fe.pats {
		// A name without a wildcard is taken as written, present or not
		// (example 3 assigns name, price and category); so is every name
		// of the multivalue and json_array modes, which "treat a wildcard
		// as part of the field name".
		if !strings.Contains(p, "*") || fe.c.Mode == "multivalue" || fe.c.Mode == "json_array" {
			if !seen[p] {
				seen[p] = true
				targets = append(targets, target{p, nil})
			}
			continue
		}
		parts := strings.Split(p, "*")
		for _, f := range *r {
			if seen[f.Name] || (strings.HasPrefix(f.Name, "_") && !strings.HasPrefix(p, "_")) {
				continue
			}
			if caps, ok := wildcardCaptures(f.Name, parts); ok {
				seen[f.Name] = true
				targets = append(targets, target{f.Name, caps})
			}
		}
	}
	for _, t := range targets {
		subst := map[string]string{
			"FIELD":    t.name,
			"MATCHSTR": strings.Join(t.caps, ""),
		}
		for i, c := range t.caps {
			if i < 3 {
				subst["MATCHSEG"+string(rune('1'+i))] = c
			}
		}
		mode := fe.c.Mode
		v := r.Get(t.name)
		if mode == "auto_collections" {
			mode = "multifield"
			if v.IsMulti() {
				mode = "multivalue"
			} else if n, err := parseJSON(strings.TrimSpace(v.String())); err == nil && n.kind == jArr {
				mode = "json_array"
			}
		}
		switch mode {
		case "multivalue":
			for i, item := range v.Strings() {
				subst["ITEM"], subst["ITER"] = itemLiteral(item), strconv.Itoa(i)
				if err := fe.apply(subst, r); err != nil {
					return err
				}
			}
		case "json_array":
			n, err := parseJSON(strings.TrimSpace(v.String()))
			if err != nil || n.kind != jArr {
				continue
			}
			for i, it := range n.items {
				subst["ITEM"], subst["ITER"] = it.raw, strconv.Itoa(i)
				if err := fe.apply(subst, r); err != nil {
					return err
				}
			}
		default:
			if err := fe.apply(subst, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// itemLiteral is a multivalue item as eval text: a number as written, any
// other value as a quoted string, so that json_append(a, "", <<ITEM>>)
// appends "Alex" (examples 10 and 15) rather than reading a field Alex.
func itemLiteral(s string) string {
	if isNumberText(strings.TrimSpace(s)) {
		return strings.TrimSpace(s)
	}
	return spl.QuoteString(s)
}

// apply substitutes the templates into the body, then compiles (once per
// distinct text) and runs it on the row.
func (fe *foreachRun) apply(subst map[string]string, r *value.Fields) error {
	body := fe.c.Body
	for name, val := range subst {
		body = strings.ReplaceAll(body, fe.c.Template(name), val)
	}
	run, ok := fe.cache[body]
	if !ok {
		p, err := spl.ParseForeachBody(body)
		if err != nil {
			return errAt(fe.c, "foreach: the body does not parse after substitution (%q): %v", body, err)
		}
		var evals []func(*value.Fields) error
		for _, cmd := range p.Commands {
			ev, ok := cmd.(*spl.EvalCommand)
			if !ok {
				return errAt(fe.c, "foreach: the subsearch may hold only eval commands, not %s", cmd.CommandName())
			}
			f, err := compileEval(fe.rc, ev)
			if err != nil {
				return errAt(fe.c, "foreach: %v (in %q)", err, body)
			}
			evals = append(evals, f)
		}
		run = func(row *value.Fields) error {
			for _, f := range evals {
				if err := f(row); err != nil {
					return err
				}
			}
			return nil
		}
		if len(fe.cache) < foreachCacheMax {
			fe.cache[body] = run
		}
	}
	return run(r)
}
