package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// head keeps the first N results, or with an expression the results up to
// the first for which it is not true (a null result counts as false
// unless null=true); keeplast=true keeps that last result too.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/head
func init() {
	registerStream("head", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.HeadCommand)
		var pred evalFn
		if c.Expr != nil {
			f, err := (&exprCompiler{rc: rc}).compile(c.Expr)
			if err != nil {
				return nil, err
			}
			pred = f
		}
		n, stopped := 0, false
		return &flatStage{next: next, f: func(r value.Fields, emit func(value.Fields)) error {
			if stopped || n >= c.Count {
				return nil
			}
			if pred != nil {
				v := pred(r)
				ok := v.Truth() || (v.IsNull() && c.Null)
				if !ok {
					stopped = true
					if c.KeepLast {
						emit(r)
					}
					return nil
				}
			}
			n++
			emit(r)
			return nil
		}}, nil
	})
}
