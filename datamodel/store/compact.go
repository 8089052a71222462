package store

import "github.com/spelunk-dev/spelunk/value"

// NameTable numbers the field names (and interns the short strings) of
// rows encoded as a Store holds them. Encoders on several goroutines may
// share one; rows are decoded once the encoding is over.
type NameTable struct{ t *nameTable }

// NewNameTable makes an empty table.
func NewNameTable() *NameTable { return &NameTable{t: newNameTable()} }

// RowEncoder encodes rows as a Store holds them, in about a third of the
// memory of value.Fields, for one goroutine.
type RowEncoder struct{ e *rowEncoder }

// NewRowEncoder makes an encoder numbering names in t.
func NewRowEncoder(t *NameTable) *RowEncoder { return &RowEncoder{e: newRowEncoder(t.t)} }

// CompactRow is a row a RowEncoder encoded.
type CompactRow struct{ c crow }

// Encode encodes row, which the caller may then reuse.
func (e *RowEncoder) Encode(row value.Fields) *CompactRow {
	return &CompactRow{c: e.e.encode(row)}
}

// Decode gives the row back, with the values encoded (same kind, text and
// precision); t is the table of the encoder.
func (r *CompactRow) Decode(t *NameTable) value.Fields { return r.c.decode(t.t.names, nil) }
