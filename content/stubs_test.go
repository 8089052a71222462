package content

import (
	"testing"

	"github.com/spelunk-dev/spelunk/macros"
)

func TestStubMacros(t *testing.T) {
	set := macros.NewSet()
	AddStubMacros(set)
	x, err := set.Expand("a | `get_asset(src)` | table b", macros.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if x.Text != "a | search * | table b" {
		t.Errorf("expanded to %q", x.Text)
	}
	if len(x.Calls) != 1 || !IsStub(x.Calls[0].Macro) {
		t.Errorf("the call is not marked as a stand-in: %+v", x.Calls)
	}

	// A definition the user loaded wins over the stand-in.
	own := macros.NewSet()
	own.Add(macros.Macro{Name: "get_asset", Args: []string{"field"}, Definition: "lookup assets ip AS $field$", Origin: "mine"})
	AddStubMacros(own)
	if m, _ := own.Lookup("get_asset", 1); IsStub(m) {
		t.Errorf("the stand-in replaced the user's macro")
	}
}
