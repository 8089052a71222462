package engine

import "github.com/spelunk-dev/spelunk/value"

// bufferStage keeps every row until the input ends, then hands the whole
// result set to done and sends what it returns on. Commands that need to
// see all results (sort, tail, reverse, mvcombine, fillnull without a field
// list) use it.
type bufferStage struct {
	next stage
	rows []value.Fields
	done func(rows []value.Fields) ([]value.Fields, error)
}

func (b *bufferStage) push(rows []value.Fields) error {
	b.rows = append(b.rows, rows...)
	return nil
}

func (b *bufferStage) finish() error {
	out, err := b.done(b.rows)
	b.rows = nil
	if err != nil {
		return err
	}
	for len(out) > 0 {
		n := min(len(out), batchSize)
		if err := b.next.push(out[:n]); err != nil {
			return err
		}
		out = out[n:]
	}
	return b.next.finish()
}

// flatStage turns each row into zero or more rows (mvexpand, dedup).
type flatStage struct {
	next stage
	f    func(row value.Fields, emit func(value.Fields)) error
}

func (s *flatStage) push(rows []value.Fields) error {
	var out []value.Fields
	emit := func(r value.Fields) { out = append(out, r) }
	for _, r := range rows {
		if err := s.f(r, emit); err != nil {
			return err
		}
	}
	if len(out) == 0 {
		return nil
	}
	return s.next.push(out)
}

func (s *flatStage) finish() error { return s.next.finish() }
