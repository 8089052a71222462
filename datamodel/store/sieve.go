package store

import (
	"slices"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/value"
)

// Sieve decides, on a reading goroutine, whether AddPathsSieved holds an
// event, given its row with every search-time field and the chunk it was
// read in, and what row of it the other store holds (nil: none). worker
// numbers the goroutine (0 to workers-1), so that a sieve may keep state
// per goroutine without locks; the rows are reused after the call. pos is
// the event's place in its chunk when the events of a chunk may come from
// several goroutines (AddEventsSieved: the store holds them by it), else 0.
type Sieve func(worker, chunk int, pos int64, row value.Fields) (hold bool, other value.Fields)

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
