package ingest

// ExpandPaths lists the files that paths name, in the order ReadPaths and
// ReadChunks read them (folders walked, globs matched, sorted); "-" stays
// as it is.
func ExpandPaths(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		files, _, err := expandPath(p)
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
	}
	return out, nil
}
