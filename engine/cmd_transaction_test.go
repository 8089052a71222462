package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/value"
)

func txnRows() *memSource {
	return &memSource{events: []value.Fields{
		row("_time", 1000, "user", "a", "EventCode", "2"),
		row("_time", 900, "user", "b", "EventCode", "1"),
		row("_time", 600, "user", "a", "EventCode", "9"),
		row("_time", 500, "user", "a", "EventCode", "1"),
		row("_time", 100, "user", "a", "EventCode", "1"),
		row("_time", 50, "EventCode", "1"),
		row("_time", 40, "user", "b", "EventCode", "9"),
	}}
}

func TestTransaction(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"group by field", `* | transaction user | table _time user EventCode duration eventcount`,
			[]string{"_time=100 user=a EventCode=1|2|9 duration=900 eventcount=4", "_time=40 user=b EventCode=1|9 duration=860 eventcount=2"}},
		{"maxpause", `* | transaction user maxpause=200s | table _time user duration eventcount`,
			[]string{"_time=1000 user=a duration=0 eventcount=1", "_time=900 user=b duration=0 eventcount=1", "_time=500 user=a duration=100 eventcount=2",
				"_time=100 user=a duration=0 eventcount=1", "_time=40 user=b duration=0 eventcount=1"}},
		{"maxspan", `* | transaction user maxspan=450s | table _time user duration eventcount`,
			[]string{"_time=900 user=b duration=0 eventcount=1", "_time=600 user=a duration=400 eventcount=2",
				"_time=100 user=a duration=400 eventcount=2", "_time=40 user=b duration=0 eventcount=1"}},
		{"maxevents", `* | transaction user maxevents=3 | table _time user eventcount`,
			[]string{"_time=1000 user=a eventcount=1", "_time=100 user=a eventcount=3", "_time=40 user=b eventcount=2"}},
		{"startswith and endswith drop evicted", `* | transaction user startswith=(EventCode=1) endswith=(EventCode=2) | table _time user duration eventcount`,
			[]string{"_time=500 user=a duration=500 eventcount=3"}},
		{"keepevicted", `* | transaction user startswith="EventCode=1" endswith=eval(EventCode=="2") keepevicted=t | table _time user closed_txn`,
			[]string{"_time=900 user=b closed_txn=0", "_time=500 user=a closed_txn=1", "_time=100 user=a closed_txn=0"}},
		{"mvlist keeps every value in time order", `* | transaction user mvlist=t | table EventCode`,
			[]string{"EventCode=1|1|9|2", "EventCode=9|1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, txnRows(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
