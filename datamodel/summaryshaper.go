package datamodel

// NewDatasetsShaper compiles the knowledge of b, for one goroutine, to
// make the rows of every dataset of defs from the same events (the data
// model summaries of an index): reduced to what their constraints,
// calculations and fields read, children's included, as
// DatasetShaper.Reduce reduces it for one. Each row is made in the space
// of the one before.
func NewDatasetsShaper(b *Base, defs []*DatasetDef) (*EventShaper, error) {
	sh, err := newShaper(b)
	if err != nil {
		return nil, err
	}
	need := live{}
	for _, d := range defs {
		cd, err := compileDataset(b, d)
		if err != nil {
			return nil, err
		}
		rowFields := append([]string(nil), cd.fields...)
		for _, ch := range cd.children {
			for _, f := range ch.fields {
				rowFields = append(rowFields, ch.prefix+f)
			}
		}
		_, n := cd.prune(rowFields)
		if n == nil {
			need = nil
			break
		}
		for f := range n {
			need[f] = true
		}
	}
	if need != nil {
		if read := sh.prune(need); read != nil {
			sh.only = &fieldFilter{read: read}
		}
	}
	sh.reuse = true
	return &EventShaper{sh: sh}, nil
}
