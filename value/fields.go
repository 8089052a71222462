package value

// Field is one named value.
type Field struct {
	Name  string
	Value Value
}

// Fields is an ordered set of named values: an event's extracted fields or
// one result row. Order is display order (first appearance); names are
// case-sensitive, as Splunk field names are. Lookups are linear: rows hold a
// few dozen fields, and a scan over short strings beats a map there.
type Fields []Field

// Get returns the value of name, or Null.
func (fs Fields) Get(name string) Value {
	for i := range fs {
		if fs[i].Name == name {
			return fs[i].Value
		}
	}
	return Null
}

// Lookup returns the value of name and whether the field exists.
func (fs Fields) Lookup(name string) (Value, bool) {
	for i := range fs {
		if fs[i].Name == name {
			return fs[i].Value, true
		}
	}
	return Null, false
}

// Index returns the position of name, or -1.
func (fs Fields) Index(name string) int {
	for i := range fs {
		if fs[i].Name == name {
			return i
		}
	}
	return -1
}

// Set assigns name, keeping its position when it exists and appending it
// otherwise. Assigning Null removes the field, as eval does with null().
func (fs *Fields) Set(name string, v Value) {
	if v.IsNull() {
		fs.Delete(name)
		return
	}
	if i := fs.Index(name); i >= 0 {
		(*fs)[i].Value = v
		return
	}
	*fs = append(*fs, Field{Name: name, Value: v})
}

// Add appends a value to name: a new field, or one more value of a
// multivalue field (as MV_ADD extractions do).
func (fs *Fields) Add(name string, v Value) {
	if i := fs.Index(name); i >= 0 {
		(*fs)[i].Value = Multi((*fs)[i].Value, v)
		return
	}
	*fs = append(*fs, Field{Name: name, Value: v})
}

// Delete removes name if present, keeping the order of the others.
func (fs *Fields) Delete(name string) {
	if i := fs.Index(name); i >= 0 {
		*fs = append((*fs)[:i], (*fs)[i+1:]...)
	}
}

// Clone returns a copy that can be changed independently.
func (fs Fields) Clone() Fields {
	out := make(Fields, len(fs))
	copy(out, fs)
	return out
}

// Names lists the field names in order.
func (fs Fields) Names() []string {
	out := make([]string, len(fs))
	for i := range fs {
		out[i] = fs[i].Name
	}
	return out
}
