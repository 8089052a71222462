package engine

import (
	"math"
	"sort"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// makecontinuous makes the field (default _time) continuous: it puts each
// value into its bucket as bin does (span=, or bins= choosing a round
// span, the same rules and alignment as bin), keeps the results outside
// [start, end] out ("Data outside of the [start, end] range is
// discarded"), sorts the results by bucket and adds a result holding only
// the field for every bucket between the first and the last (or start and
// end when given) that has none. A numeric bucket is written as its lower
// edge, a number, rather than bin's "10-20" [UNCONFIRMED: the page shows
// only _time], so the axis stays numeric. Results whose field is not a
// number follow the others, unchanged [UNCONFIRMED].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/makecontinuous
func init() {
	registerStream("makecontinuous", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.MakecontinuousCommand)
		spec, err := compileBinSpec(rc, c, "makecontinuous", c.Binning, c.Target())
		if err != nil {
			return nil, err
		}
		return &makecontinuousStage{next: next, c: c, spec: spec, field: c.Target()}, nil
	})
}

type makecontinuousStage struct {
	next  stage
	c     *spl.MakecontinuousCommand
	spec  *binSpec
	field string
	rows  []value.Fields
}

func (s *makecontinuousStage) push(rows []value.Fields) error {
	s.rows = append(s.rows, rows...)
	return nil
}

func (s *makecontinuousStage) finish() error {
	type keyed struct {
		b   float64
		row value.Fields
	}
	var in []keyed
	var other []value.Fields
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range s.rows {
		f, ok := r.Get(s.field).Number()
		if !ok {
			other = append(other, r)
			continue
		}
		if (s.c.Start != nil && f < *s.c.Start) || (s.c.End != nil && f > *s.c.End) {
			continue
		}
		lo, hi = math.Min(lo, f), math.Max(hi, f)
		in = append(in, keyed{b: f, row: r})
	}
	s.rows = nil
	if s.c.Start != nil {
		lo = math.Min(lo, *s.c.Start)
	}
	if s.c.End != nil {
		hi = math.Max(hi, *s.c.End)
	}
	b := &batcher{next: s.next}
	if !math.IsInf(lo, 0) {
		s.spec.choose(lo, hi)
		s.spec.auto = false
		for i := range in {
			in[i].b = s.bucket(in[i].b)
			in[i].row.Set(s.field, value.Num(in[i].b))
		}
		sort.SliceStable(in, func(i, j int) bool { return in[i].b < in[j].b })
		last := s.bucket(hi)
		i := 0
		for at := s.bucket(lo); at <= last; at = s.following(at) {
			if i < len(in) && in[i].b == at {
				for ; i < len(in) && in[i].b == at; i++ {
					if err := b.add(in[i].row); err != nil {
						return err
					}
				}
				continue
			}
			if err := b.add(value.Fields{{Name: s.field, Value: value.Num(at)}}); err != nil {
				return err
			}
		}
	}
	for _, r := range other {
		if err := b.add(r); err != nil {
			return err
		}
	}
	if err := b.flush(); err != nil {
		return err
	}
	return s.next.finish()
}

// bucket is the start of the bucket holding f.
func (s *makecontinuousStage) bucket(f float64) float64 {
	if s.spec.isTime {
		return s.spec.floorTime(f)
	}
	return math.Floor(f/s.spec.width) * s.spec.width
}

// following is the start of the bucket after the one starting at b: half
// a span past its end, floored, which steps over calendar months and
// days of 23 or 25 hours alike.
func (s *makecontinuousStage) following(b float64) float64 {
	if s.spec.isTime {
		w := s.spec.time.seconds()
		return s.spec.floorTime(b + 1.5*w)
	}
	// From the bucket's index, so that a fractional span steps onto the
	// same numbers bucket makes.
	return (math.Round(b/s.spec.width) + 1) * s.spec.width
}
