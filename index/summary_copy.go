package index

import (
	"encoding/json"
	"sort"
	"unsafe"

	"github.com/parquet-go/parquet-go/format"
)

// A summary cell that copies a field its event keeps as its place in
// _raw (hashes, GUIDs: text that does not compress, W1's summaries held
// them again at 18 MB) is written as that place instead: null in the
// field's column, and offset << 32 | length in _raw in the column
// erefPrefix+field. The event is the one with the row's _spelunk_seq; the
// part's metaEvents lists the event parts holding such events.
const (
	erefPrefix = "_spelunk_eref_"
	metaEvents = "spelunk.summary.events"
)

// sumCopy is cell k of a summary row kept as its event's place ref.
type sumCopy struct {
	k   int
	ref int64
}

// placeOfCopy is the place in ev's _raw of t when t is the text of a field
// ev keeps as its place there (the summary's row took it from that field
// unchanged), else -1. at numbers the fields of ev kept as places.
func placeOfCopy(ev *record, at []int, t string) int64 {
	if len(t) == 0 || len(ev.raw) == 0 {
		return -1
	}
	p, base := uintptr(unsafe.Pointer(unsafe.StringData(t))), uintptr(unsafe.Pointer(unsafe.StringData(ev.raw)))
	if p < base || p-base+uintptr(len(t)) > uintptr(len(ev.raw)) {
		return -1
	}
	ref := int64(p-base)<<32 | int64(len(t))
	for _, i := range at {
		if ev.fs[i].ref == ref {
			return ref
		}
	}
	return -1
}

// copyColumns are the eref columns the fields of batch's copies need
// (by field name).
func copyFields(batch []sumRow) map[string]bool {
	var out map[string]bool
	for _, r := range batch {
		for _, c := range r.copies {
			if out == nil {
				out = map[string]bool{}
			}
			out[r.lay.names[c.k]] = true
		}
	}
	return out
}

// eventsMeta is the metaEvents entry of a part whose copies come from the
// event parts events.
func eventsMeta(events map[string]bool) format.KeyValue {
	list := make([]string, 0, len(events))
	for p := range events {
		list = append(list, p)
	}
	sort.Strings(list)
	b, _ := json.Marshal(list)
	return format.KeyValue{Key: metaEvents, Value: string(b)}
}

// copyEventParts is fewEventParts' least limit.
var copyEventParts = 4

// SetCopyEventParts sets fewEventParts' least limit and returns the
// previous one; for tests, whose fixtures spread a few events over many
// small parts.
func SetCopyEventParts(n int) int {
	old := copyEventParts
	copyEventParts = n
	return old
}

// fewEventParts reports whether the copies (and references) of a row
// group's rows come
// from few event parts (at most 4, or one per 1,024 rows): reading them
// back opens each part holding them, which costs more than the bytes
// saved when a dataset's rows are spread over many small parts (realdata:
// 6,464 process rows from 130 parts), and little when they come from a
// few large ones (W1: 8,192 rows from 2).
func fewEventParts(batch []sumRow) bool {
	limit := max(copyEventParts, len(batch)/1024)
	seen := map[string]bool{}
	last := ""
	for i := range batch {
		r := &batch[i]
		// Rows mostly come from the event part of the row before.
		if len(r.copies) == 0 && r.refMask == 0 || len(seen) > 0 && r.event == last {
			continue
		}
		if last = r.event; !seen[last] {
			if seen[last] = true; len(seen) > limit {
				return false
			}
		}
	}
	return true
}
