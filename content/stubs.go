package content

import (
	"github.com/spelunk-dev/spelunk/macros"
)

// StubOrigin is the Origin of the macros AddStubMacros adds.
const StubOrigin = "stand-in (defined by a Splunk app security_content depends on)"

// stubMacros are macros security_content calls that neither it nor
// Splunk_SA_CIM defines: they come from Splunk Enterprise Security, which
// ESCU detections run inside. Their real definitions are not public, so
// each stands in as a no-op with the effect it has when the app has
// nothing configured, and callers announce the stand-in.
var stubMacros = []macros.Macro{
	{
		// SA-IdentityManagement: enriches a field with the asset
		// inventory's fields through lookups with OUTPUTNEW. Offline
		// there is no inventory; a lookup that matches nothing adds no
		// field and keeps every row, which "search *" does too.
		Name:        "get_asset",
		Args:        []string{"field"},
		Definition:  "search *",
		Description: "Splunk Enterprise Security asset enrichment; no asset inventory offline, so it adds no fields",
		Origin:      StubOrigin,
	},
}

// AddStubMacros adds the stand-ins for the app macros the set does not
// define already: a definition loaded from the user's files wins.
func AddStubMacros(set *macros.Set) {
	for _, m := range stubMacros {
		if _, ok := set.Lookup(m.Name, len(m.Args)); !ok {
			set.Add(m)
		}
	}
}

// IsStub reports whether m is one of AddStubMacros' stand-ins.
func IsStub(m macros.Macro) bool { return m.Origin == StubOrigin }
