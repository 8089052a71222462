package engine

import (
	"strconv"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// gauge returns one result: the value in field x and the range values in
// y1, y2, ... Each argument is a number or a field whose value in the
// first result is used. [UNCONFIRMED] The page names x and says the
// default range is 0 to 100; the names y1..yN of the range fields are
// spelunk's reading of the gauge chart's input, and with no range given
// spelunk returns y1=0 and y2=100, the documented default range. A
// field with no value in the first result gives an empty field.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/gauge
func init() {
	registerStream("gauge", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.GaugeCommand)
		return &bufferStage{next: next, done: func(rows []value.Fields) ([]value.Fields, error) {
			var first value.Fields
			if len(rows) > 0 {
				first = rows[0]
			}
			arg := func(f spl.FieldName) value.Value {
				if n, err := strconv.ParseFloat(f.Name, 64); err == nil {
					return value.Num(n)
				}
				return first.Get(f.Name)
			}
			out := value.Fields{{Name: "x", Value: arg(c.Value)}}
			rng := c.Range
			if len(rng) == 0 {
				rng = []spl.FieldName{{Name: "0"}, {Name: "100"}}
			}
			for i, r := range rng {
				out.Set("y"+strconv.Itoa(i+1), arg(r))
			}
			return []value.Fields{out}, nil
		}}, nil
	})
}
