package sqlgen_test

import (
	"testing"

	"github.com/spelunk-dev/spelunk/datamodel"
)

func builtinBase(t *testing.T) *datamodel.Base {
	t.Helper()
	b, err := datamodel.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
