package index

import "github.com/spelunk-dev/spelunk/datamodel"

//go:generate env SPELUNK_GENERATE=fingerprints go test -run ^TestBuiltinFingerprints$ .

// builtinModelFingerprints is the fingerprint of each data model of the
// built-in knowledge, from the table go generate writes, when b is the
// built-in knowledge (no --knowledge) and the table was made for this
// summary layout; nil otherwise. Computing them marshals the whole
// knowledge to JSON, a millisecond at the start of every search over an
// index. TestBuiltinFingerprints checks the table against the computation.
func builtinModelFingerprints(b *datamodel.Base) map[string]string {
	bi, err := datamodel.Builtin()
	if err != nil || b != bi || builtinFingerprintsLayout != summaryVersion {
		return nil
	}
	out := make(map[string]string, len(builtinFingerprints))
	for _, f := range builtinFingerprints {
		out[f.model] = f.fp
	}
	return out
}
