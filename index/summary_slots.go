package index

import (
	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/value"
)

// noSlotRows makes every row by the general path, for the tests that
// compare the two.
var noSlotRows = false

// slotAfter is how many events of a record layout a worker makes the
// general way before it makes the layout's plan: a plan costs about as
// much as a few hundred events, and realdata's many small layouts (met
// again after the worker forgot them) made plans for a few events each.
var slotAfter = 256

// newSlots gives the worker the slot plans of its shaper and datasets.
func (w *sumWorker) newSlots(sb *summaryBuilder) {
	if !noSlotRows {
		w.slots = datamodel.NewSlotRows(w.sh, w.cds, sb.parent)
		w.slotRows = make([]value.Fields, len(sb.defs))
	}
}

// resetSlots starts a batch: the plans keep the last event's values,
// views of records that the last batch's end may let go.
func (w *sumWorker) resetSlots() {
	for _, rl := range w.recLays {
		if rl.slots != nil {
			rl.slots.Reset()
		}
	}
}

// slotMade makes the dataset rows of r (w.ev) by its layout's slot plan,
// and reports whether it did; else makeRows makes them the general way.
func (w *sumWorker) slotMade(rl *recLayout, r *record, part string) bool {
	if rl.seen <= slotAfter && w.slots != nil && r.lay != nil {
		if rl.seen++; rl.seen > slotAfter {
			rl.slots = w.slots.Layout(rl.names)
		}
	}
	if rl.slots == nil || !rl.slots.Rows(&w.ev, w.ruled, w.ok, w.slotRows) {
		return false
	}
	for i := range w.cds {
		if w.ok[i] {
			w.rows[i] = append(w.rows[i], w.newSumRow(i, w.slotRows[i], r, rl, part))
		}
	}
	return true
}
