package content

import "go.yaml.in/yaml/v3"

// ScalarMap maps offsets in a YAML scalar's value back to the file it was
// read from, through the quoting and folding rules the value went through
// (a macro's definition, for an editor that checks it).
type ScalarMap struct{ pos scalarPos }

// MapScalar maps the value of n, a scalar node decoded from file.
func MapScalar(file []byte, n *yaml.Node) ScalarMap { return ScalarMap{locateScalar(file, n)} }

// FileOffset maps an offset in the value to a byte offset in the file;
// exact is false when the scalar could not be replayed and the offset is
// that of the scalar's start.
func (m ScalarMap) FileOffset(off int) (fileOff int, exact bool) { return m.pos.fileOffset(off) }
