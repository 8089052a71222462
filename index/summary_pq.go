package index

import (
	"math"
	"sort"
)

// sumPQ are the summary parts' options: small pages compressed with
// sumZstd, ended between writes of rowsAtOnce rows, as parquet-go's
// writer ended them.
var sumPQ = pqOptions{root: "summary", page: sumPageBytes, codec: sumZstd, chunked: true}

// summaryColumns are the columns of a summary part whose rows have the
// fields names (but _time), in the order parquet-go's schema of a group
// gives them (by name): the optional text of each field, dictionary-
// encoded when dict says so, else delta length.
func summaryColumns(names []string, dict func(string) bool, copies map[string]bool, crefs map[string]string) []*pqColumn {
	cols := []*pqColumn{
		{name: colTime, kind: pqTime, optional: true},
		{name: colExact, kind: pqFloat, optional: true},
		{name: colSeq, kind: pqInt},
		{name: colTypes, kind: pqDict, optional: true, exact: true},
	}
	for _, name := range names {
		c := &pqColumn{name: fieldColumn(name), kind: pqBytes, optional: true}
		if dict(name) {
			c.kind, c.exact = pqDict, true
		}
		cols = append(cols, c)
		if copies[name] {
			cols = append(cols, &pqColumn{name: erefPrefix + name, kind: pqRef, optional: true})
		}
		if crefs[name] != "" {
			cols = append(cols, &pqColumn{name: crefPrefix + name, kind: pqDict, optional: true, exact: true})
		}
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].name < cols[j].name })
	return cols
}

// encode adds batch's rows, numbered by w.g, to the open part as a row
// group in the order given, rowsAtOnce rows at a time: a page ends only
// between them.
func (w *sumWriter) encode(batch []sumRow, order []sortKey) error {
	f := w.pw
	var lastLay *sumLayout
	var fields []*fieldIDs
	for i := 0; i < len(batch); i += rowsAtOnce {
		for j := i; j < min(i+rowsAtOnce, len(batch)); j++ {
			k := order[j].i
			r := &batch[k]
			if r.lay != lastLay {
				lastLay, fields = r.lay, w.g.slots[r.lay]
			}
			at := int(w.g.start[k])
			w.fill(f, r, w.g.ids[at:at+len(r.texts)], fields)
			f.rows++
			if r.tOK {
				w.entry.MinTime = math.Min(w.entry.MinTime, r.t)
				w.entry.MaxTime = math.Max(w.entry.MaxTime, r.t)
			}
		}
		f.endFullPages()
	}
	return f.endRowGroup()
}

// layCell is where a layout's cell goes in the open part: its field's
// column, and the columns of its place (a copy) or its reference to an
// event column, nil when the part keeps the field's cells as text.
type layCell struct {
	c, eref *pqColumn
	cref    sumCref
}

// layCells are the cells of rows of lay in the open part, found once per
// layout: by name per cell they cost three map lookups a row.
func (w *sumWriter) layCells(lay *sumLayout) []layCell {
	if cells, ok := w.layCols[lay]; ok {
		return cells
	}
	cells := make([]layCell, len(lay.names))
	for k, name := range lay.names {
		cells[k] = layCell{c: w.cols[fieldColumn(name)], eref: w.erefs[name], cref: w.crefs[name]}
	}
	w.layCols[lay] = cells
	return cells
}

// fill adds r as row f.rows of the open row group: the columns r has no
// value for are null. ids and fields are its cells' numbers and fields
// (groupIDs).
func (w *sumWriter) fill(f *pqFile, r *sumRow, ids []int32, fields []*fieldIDs) {
	row := f.rows
	if r.tOK {
		us, exact := micros(r.t)
		w.cTime.at(row)
		w.cTime.addInt(us, f)
		if !exact {
			w.cExact.at(row)
			w.cExact.addFloat(r.t, f)
		}
	}
	w.cSeq.addInt(r.seq, f)
	if r.types != "" {
		w.cTypes.at(row)
		w.cTypes.addString(r.types, f)
	}
	cells := w.layCells(r.lay)
	copied := 0
	for k, text := range r.texts {
		cell := &cells[k]
		if k < 64 && r.refMask>>k&1 != 0 && w.copying {
			if cr := cell.cref; cr.c != nil && cr.col == r.refs.cols[k] {
				cr.c.at(row)
				cr.c.addString(cr.col, f)
				w.noteEvent(r.event)
				continue
			}
		}
		if copied < len(r.copies) && r.copies[copied].k == k {
			ref := r.copies[copied].ref
			copied++
			if c := cell.eref; c != nil && w.copying {
				c.at(row)
				c.addInt(ref, f)
				w.noteEvent(r.event)
				continue
			}
		}
		c := cell.c
		c.at(row)
		if fi := fields[k]; fi.dict && ids[k] >= 0 {
			// The dictionary's entry of the cell's number, once it has
			// one: no look-up of the text.
			if id := fi.pq[ids[k]]; id >= 0 {
				c.addDictID(text, id, f)
			} else {
				c.addString(text, f)
				fi.pq[ids[k]] = c.lastID
			}
			continue
		}
		c.addString(text, f)
	}
}

// noteEvent lists the event part of a row written with copies or
// references; rows mostly come from the one before's.
func (w *sumWriter) noteEvent(part string) {
	if len(w.events) == 0 || part != w.lastEvent {
		w.events[part] = true
		w.lastEvent = part
	}
}
