package store

import (
	"slices"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/ingest"
	"github.com/spelunk-dev/spelunk/value"
)

// Sieve shapes and judges an event on a reading goroutine: it gives the
// row AddPathsSieved holds (nil: the event is not held) and the row the
// other store holds (nil: none), both read before the next event of the
// goroutine is asked for. Shaping is the sieve's, so that it may give an
// event only the fields its judgement reads, and the rest of the
// knowledge only to the events it holds. worker numbers the goroutine (0
// to workers-1), so that a sieve may keep state per goroutine without
// locks; chunk is the chunk the event was read in, and pos its place in
// the chunk when the events of a chunk may come from several goroutines
// (AddEventsSieved: the store holds them by it), else 0. An error stops
// the read.
type Sieve func(worker, chunk int, pos int64, ev *ingest.Event) (hold, other value.Fields, err error)

// RowSieve is the Sieve that gives each event every search-time field (the
// knowledge of b, one shaper per goroutine, for up to workers goroutines)
// and asks judge whether the store holds that row, and what row of it the
// other store holds (nil: none).
func RowSieve(b *datamodel.Base, workers int, judge func(worker, chunk int, pos int64, row value.Fields) (bool, value.Fields)) Sieve {
	shapers := make([]*datamodel.EventShaper, max(workers, 1))
	return func(worker, chunk int, pos int64, ev *ingest.Event) (value.Fields, value.Fields, error) {
		sh := shapers[worker]
		if sh == nil {
			var err error
			if sh, err = datamodel.NewEventShaper(b); err != nil {
				return nil, nil, err
			}
			sh.Reduce(nil)
			shapers[worker] = sh
		}
		row := sh.Row(ev)
		hold, other := judge(worker, chunk, pos, row)
		if !hold {
			row = nil
		}
		return row, other, nil
	}
}

// PartitionFields are the fields a Store's partitions are made by: a
// store of fewer fields than its events have keeps them, so that its
// partitions are the ones a store of every field makes.
func PartitionFields() []string { return append([]string(nil), storeParts...) }

// RowPartition is the partition a Store would put row in, as
// engine.Partition: it answers for the fields that make partitions
// (index, sourcetype, source, EventCode, eventtype, tag) and cannot tell
// the others. Every row of one AppendPartitionKey key has the same answers, so that
// a test on it (EventScan.Skip, a dataset's RulesOut) may be decided once
// per key.
func RowPartition(row value.Fields) engine.Partition { return rowPart(row) }

// AppendPartitionKey appends to dst a key that tells rows apart by the
// fields that make partitions.
func AppendPartitionKey(dst []byte, row value.Fields) []byte {
	for _, f := range storeParts {
		dst = datamodel.AppendValueKey(dst, row.Get(f))
	}
	return dst
}

type rowPart value.Fields

func (p rowPart) Known(field string) bool { return slices.Contains(storeParts, field) }

func (p rowPart) Len() int { return 1 }

func (p rowPart) Values(field string) ([]value.Value, bool, bool) {
	if !p.Known(field) {
		return nil, false, false
	}
	if v, ok := value.Fields(p).Lookup(field); ok && !v.IsNull() {
		return []value.Value{v}, false, true
	}
	return nil, true, true
}
