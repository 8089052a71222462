package engine

import (
	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// trendline writes moving averages of numeric fields, in the order the
// results come:
//   - sma<N>: the mean of the field's last N numbers;
//   - wma<N>: their mean weighted N for the newest down to 1 for the
//     oldest ("WMA puts more weight on recent values");
//   - ema<N>: the page's formula EMA(t) = alpha * EMA(t-1) + (1 - alpha) *
//     field(t), alpha = 2/(N+1), taken as written.
//
// sma and wma write nothing until N numbers have been seen. ema starts
// from the first number, EMA(1) = field(1) [UNCONFIRMED: the page gives no
// starting value]. A result whose field is not a number gets no output and
// is left out of the window [UNCONFIRMED: the page does not say].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/trendline
func init() {
	registerStream("trendline", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.TrendlineCommand)
		trends := make([]*trendState, len(c.Trends))
		for i, t := range c.Trends {
			trends[i] = &trendState{t: t, out: t.OutField(), win: make([]float64, t.Period)}
		}
		return &mapStage{next: next, f: func(r *value.Fields) error {
			for _, s := range trends {
				n, ok := r.Get(s.t.Field).Number()
				if !ok {
					continue
				}
				if v, ok := s.add(n); ok {
					r.Set(s.out, value.Num(v))
				}
			}
			return nil
		}}, nil
	})
}

// trendState is one trend's window: the last Period numbers in a ring.
type trendState struct {
	t    spl.Trend
	out  string
	win  []float64
	seen int
	ema  float64
}

// add takes the next number and returns the trend, if there is one yet.
func (s *trendState) add(x float64) (float64, bool) {
	n := s.t.Period
	s.win[s.seen%n] = x
	s.seen++
	switch s.t.Type {
	case "ema":
		if s.seen == 1 {
			s.ema = x
		} else {
			alpha := 2 / float64(n+1)
			s.ema = alpha*s.ema + (1-alpha)*x
		}
		return s.ema, true
	case "sma":
		if s.seen < n {
			return 0, false
		}
		sum := 0.0
		for _, v := range s.win {
			sum += v
		}
		return sum / float64(n), true
	default: // wma
		if s.seen < n {
			return 0, false
		}
		sum, weights := 0.0, 0.0
		// The oldest number sits at s.seen%n; weights rise to n at the
		// newest.
		for i := range n {
			w := float64(i + 1)
			sum += w * s.win[(s.seen+i)%n]
			weights += w
		}
		return sum / weights, true
	}
}
