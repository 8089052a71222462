package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/engine/value"
	"github.com/spelunk-dev/spelunk/spl"
)

// eval: assignments run left to right on each row; a null result removes
// the field; `{f}` in a target is replaced by the value of field f.
func init() {
	registerStream("eval", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.EvalCommand)
		type assign struct {
			target string
			f      evalFn
		}
		var as []assign
		for _, a := range c.Assignments {
			f, err := (&exprCompiler{rc: rc}).compile(a.Expr)
			if err != nil {
				return nil, err
			}
			as = append(as, assign{a.Target, f})
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			for _, a := range as {
				v := a.f(*r)
				// eval cannot store a Boolean (Search Reference, eval:
				// "The result of an eval expression cannot be a Boolean").
				if v.Kind() == value.KindBool {
					return errAt(c, "eval %s: the result is a Boolean, which cannot be stored in a field; wrap it in if(..., 1, 0)", a.target)
				}
				r.Set(dynamicName(a.target, *r), v)
			}
			return nil
		}}, nil
	})
	registerStream("where", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.WhereCommand)
		f, err := (&exprCompiler{rc: rc}).compile(c.Expr)
		if err != nil {
			return nil, err
		}
		return &filterStage{next: next, keep: func(r value.Fields) (bool, error) {
			return f(r).Truth(), nil
		}}, nil
	})
}

// dynamicName replaces each {field} in an eval target with that field's
// value (Search Reference, eval: "dynamic field names").
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
