package index

import (
	"fmt"
	"math/bits"
	"strings"
)

// A summary cell equal to its event's cell of an event column (a
// command line, a process id: W1's summary held them again at 5 MB) is
// written as a reference to that column instead: null in the field's
// column, and the event column's name in the column crefPrefix+field.
// The event is the one with the row's _spelunk_seq, as for copies kept
// as places (summary_copy.go), and the part's metaEvents lists the event
// parts holding such events. Which column a field refers to is chosen
// per part by comparing the values of its first row group; a row whose
// value differs keeps its text.
const crefPrefix = "_spelunk_cref_"

// groupedBy are the fields a tenth or more of the corpus's tstats
// searches of a dataset group by (datasets of 5 searches or more; of
// Endpoint.Processes' 484: dest 482, user 479, process 438, ...,
// parent_process 247, process_guid 117, against process_path 16 and
// process_current_directory 9). Their summary cells keep their text: a
// reference read back costs reading the event column's pages (on W1 the
// seed detection's 178 rows of process, process_id and parent_process_id
// took 17 to 65 ms, the broad tstats' user 0.15 to 0.30 s CPU).
var groupedBy = setOf([]string{"action", "answer", "app", "command", "dest", "dest_ip", "dest_port",
	"file_create_time", "file_name", "file_path", "http_method", "http_user_agent", "mitre_tactic",
	"object", "original_file_name", "parent_process", "parent_process_id", "parent_process_name",
	"process", "process_guid", "process_id", "process_name", "query", "record_type",
	"registry_key_name", "registry_path", "registry_value_data", "registry_value_name", "result",
	"risk_object", "risk_object_type", "src", "src_ip", "status", "transport", "url", "url_length",
	"user", "user_role", "vendor_account"})

// refHints remembers, per dataset and cell, the event field whose value
// the cell had last: rows of a dataset mostly take a field from the same
// field of events of the same layout, so a cell is compared with one
// field, not all of the event's.
type refHints struct {
	at [][]refHint
}

// refCols names, for each cell of a layout, the event column it equalled
// (columnOf); never changed once a row holds it.
type refCols struct {
	cols []string
}

// referTo notes that cell k of a row of lay equals its event's cell of
// column col: the rows met next share lay.refs while it names col.
func (lay *sumLayout) referTo(k int, col string) {
	if lay.refs != nil && lay.refs.cols[k] == col {
		return
	}
	c := &refCols{cols: make([]string, len(lay.names))}
	if lay.refs != nil {
		copy(c.cols, lay.refs.cols)
	}
	c.cols[k] = col
	lay.refs = c
}

type refHint struct {
	lay  *sumLayout // the layout ok was worked out for
	ok   bool       // the cell's field may refer (not groupedBy)
	j    int32      // the event field matched last, -1 for none
	miss uint8      // cells since, matched by no field: a sixteenth look again
	// name is that field's name and col its column's, copies of their
	// own: an event's names may be views of the reader's buffers, which
	// a row waiting to be written would keep alive.
	name, col string
	// unique is the layout of events found to have no other column
	// named as col but for letter case.
	unique *layoutID
}

// columnOf is the column of a field ev keeps as text (not as its place
// in _raw, not a multivalue) whose value is t, cell k of dataset i's row
// of layout lay; "" when none is found or the cell's field is one
// searches often group by.
func (h *refHints) columnOf(i, k int, lay *sumLayout, ev *record, t string) string {
	if t == "" {
		return ""
	}
	for len(h.at) <= i {
		h.at = append(h.at, nil)
	}
	for len(h.at[i]) <= k {
		h.at[i] = append(h.at[i], refHint{j: -1})
	}
	x := &h.at[i][k]
	if x.lay != lay {
		x.lay, x.ok = lay, refAll || !groupedBy[lay.names[k]]
	}
	if !x.ok {
		return ""
	}
	if j := int(x.j); j >= 0 && j < len(ev.fs) && ev.fs[j].ref == textCell && ev.fs[j].cell == t && ev.fs[j].name == x.name {
		if ev.lay == nil || ev.lay != x.unique {
			if caseTwin(ev, j) {
				return ""
			}
			x.unique = ev.lay
		}
		return x.col
	}
	// Most cells that match no field never do (a basename, a constant):
	// looking through the event's fields each time would cost more than
	// the references save.
	x.miss++
	if x.miss%16 != 1 {
		return ""
	}
	for j := range ev.fs {
		if ev.fs[j].ref == textCell && ev.fs[j].cell == t && !caseTwin(ev, j) {
			x.unique = ev.lay
			if ev.fs[j].name != x.name {
				x.name = strings.Clone(ev.fs[j].name)
				x.col = fieldColumn(x.name)
			}
			x.j, x.miss = int32(j), 0
			return x.col
		}
	}
	return ""
}

// caseTwin reports whether ev has another column named as field j's but
// for letter case: engines that ignore the case of names (DuckDB, which
// joins the event parts by name) could not tell them apart (Sysmon's
// ProcessID of System and ProcessId of EventData).
func caseTwin(ev *record, j int) bool {
	name := fieldColumn(ev.fs[j].name)
	for _, c := range []string{colTime, colRaw, colHost, colSource, colST, colIndex, colSeq, colLayout, colDateZone, colExact} {
		if strings.EqualFold(c, name) {
			return true
		}
	}
	for k := range ev.fs {
		if k != j && len(ev.fs[k].name) == len(ev.fs[j].name) && strings.EqualFold(ev.fs[k].name, ev.fs[j].name) {
			return true
		}
	}
	return false
}

// columnRefs chooses the event column each field of batch refers to: the
// one most of its cells equal, when they are at least half of the
// field's cells, for the fields ok allows.
func columnRefs(batch []sumRow, count map[string]int, ok func(field string) bool) map[string]string {
	votes := map[string]map[string]int{}
	for _, r := range batch {
		for m := r.refMask; m != 0; m &= m - 1 {
			k := bits.TrailingZeros64(m)
			f, col := r.lay.names[k], r.refs.cols[k]
			v := votes[f]
			if v == nil {
				v = map[string]int{}
				votes[f] = v
			}
			v[col]++
		}
	}
	var out map[string]string
	for f, v := range votes {
		if !ok(f) {
			continue
		}
		best, n := "", 0
		for col, m := range v {
			if m > n || m == n && col < best {
				best, n = col, m
			}
		}
		if 2*n >= count[f] {
			if out == nil {
				out = map[string]string{}
			}
			out[f] = best
		}
	}
	return out
}

// refDistinct is the least distinct values of a field, in a part's
// first row group, for its cells to refer to an event column: fewer make
// a dictionary whose indexes take under a byte a row (W1's process_exec:
// a reference saved nothing).
const refDistinct = 256

// refAll makes every field's cells refer to event columns they equal,
// whatever its distinct values and searches (SetColumnRefs).
var refAll bool

// SetColumnRefs makes summaries refer to event columns for every field
// (all) or as chosen for size and reading (not all) and returns the
// previous setting; for tests, whose fixtures are too small for the
// choice to refer to any.
func SetColumnRefs(all bool) bool {
	old := refAll
	refAll = all
	return old
}

// sumCref is the column of an open summary part holding a field's
// references, and the event column they name.
type sumCref struct {
	c   *pqColumn
	col string
}

// columnTexts reads the cells of the events seqs in the event columns
// cols from the event parts events: texts[i] is reference i's text. An
// event not found, a column its part lacks or a null cell is an error (a
// damaged index).
func (ep *eventPlaces) columnTexts(events []string, seqs []int64, cols []string) ([]string, error) {
	groups, err := ep.groups(events, seqs, nil, cols)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(seqs))
	for _, k := range groups {
		if err := k.pp.readColumn(k.g, k.col, k.wants, out); err != nil {
			return nil, fmt.Errorf("%s: %w", k.pp.rel, err)
		}
	}
	return out, nil
}

// readColumn puts the cell of column col of each want of row group g into
// out, reading the pages that hold their rows alone.
func (pp *placePart) readColumn(g int, col string, wants []placeWant, out []string) error {
	i, ok := pp.cols[col]
	if !ok {
		return fmt.Errorf("no column %s, which a summary refers to", col)
	}
	rows := wantedRows(wants)
	rg := sumRG{pq: pp.pf.RowGroups()[g], g: g, pqPages: true}
	c, err := readSumColumn(rg, i, rg.rows(), rows)
	if err != nil {
		return fmt.Errorf("column %s: %w", col, err)
	}
	s := 0
	for _, w := range wants {
		for rows[s] != w.row {
			s++
		}
		id := c.ids[s]
		if id < 0 {
			return fmt.Errorf("row %d has no %s, which a summary refers to", w.row, col)
		}
		out[w.slot] = c.get(id)
	}
	return nil
}
