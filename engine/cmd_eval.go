package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// eval: assignments run left to right on each row, each seeing the ones
// before; a null result removes the field; `{f}` in a target is replaced
// by the value of field f.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/eval
func init() {
	registerStream("eval", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		f, err := compileEval(rc, cmd.(*spl.EvalCommand))
		if err != nil {
			return nil, err
		}
		st := &mapStage{next: next, f: f}
		var targets []string
		for _, a := range cmd.(*spl.EvalCommand).Assignments {
			targets = append(targets, a.Target)
		}
		if !strings.ContainsAny(strings.Join(targets, ""), "{*") {
			st.cols = evalColMap(targets)
			st.derive = newEvalPush(cmd.(*spl.EvalCommand), f)
		}
		return st, nil
	})
	registerStream("where", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.WhereCommand)
		f, t, err := (&exprCompiler{rc: rc}).compileT(c.Expr)
		if err != nil {
			return nil, err
		}
		if t == tNum || t == tStr {
			return nil, typeError(c.Expr, "where", "a Boolean expression", t)
		}
		return &filterStage{next: next, keep: func(r value.Fields) (bool, error) {
			return f(r).Truth(), nil
		}, pushed: wherePush(c.Expr, f)}, nil
	})
}

// compileEval compiles an eval command into a function that applies it
// to one row.
func compileEval(rc *runCtx, c *spl.EvalCommand) (func(*value.Fields) error, error) {
	type assign struct {
		target string
		f      evalFn
	}
	var as []assign
	for _, a := range c.Assignments {
		f, t, err := (&exprCompiler{rc: rc}).compileT(a.Expr)
		if err != nil {
			return nil, err
		}
		// "The result of an eval expression cannot be a Boolean."
		if t == tBool {
			return nil, boolResult(a.Expr, a.Target)
		}
		as = append(as, assign{a.Target, f})
	}
	return func(r *value.Fields) error {
		for i, a := range as {
			v := a.f(*r)
			if v.Kind() == value.KindBool {
				return boolResult(c.Assignments[i].Expr, a.target)
			}
			name := a.target
			if hasFieldRef(name) {
				var ok bool
				if name, ok = expandName(name, *r); !ok {
					return errAt(c.Assignments[i].Expr, "eval %s: the field name refers to itself without end (a field's value holds its own {name})", a.target)
				}
			}
			r.Set(name, v)
		}
		return nil
	}, nil
}

// expandName applies dynamicName until the name holds no more {field}
// that changes it. Splunk repeats the replacement: the page's
// `eval p="{p}", v_{p} = p` "doesn't produce results because ... v_{p}
// becomes v_{p} over and over again, in a recursive loop", so a name that
// comes back is an error (ok false).
func expandName(target string, r value.Fields) (string, bool) {
	seen := []string{target}
	for range 16 {
		next := dynamicName(target, r)
		if !hasFieldRef(next) {
			return next, true
		}
		for _, s := range seen {
			if s == next {
				return "", false
			}
		}
		seen = append(seen, next)
		target = next
	}
	return "", false
}

// hasFieldRef reports whether dynamicName would replace something in s.
func hasFieldRef(s string) bool {
	i := strings.IndexByte(s, '{')
	return i >= 0 && strings.IndexByte(s, '}') > i
}

func boolResult(x spl.Expr, target string) *spl.Error {
	return errAt(x, "eval %s: the result is a Boolean, which cannot be stored in a field; wrap it in if(..., 1, 0)", target)
}

// dynamicName replaces each {field} in an eval target with that field's
// value (Search Reference, eval: "Dynamic field name creation").
func dynamicName(target string, r value.Fields) string {
	if !strings.Contains(target, "{") {
		return target
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(target, '{')
		j := strings.IndexByte(target, '}')
		if i < 0 || j < i {
			b.WriteString(target)
			return b.String()
		}
		b.WriteString(target[:i])
		b.WriteString(r.Get(target[i+1 : j]).First().String())
		target = target[j+1:]
	}
}
