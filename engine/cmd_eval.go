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
		}}, nil
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
			r.Set(dynamicName(a.target, *r), v)
		}
		return nil
	}, nil
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
