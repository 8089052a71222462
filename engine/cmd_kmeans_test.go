package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// kmeansData is three well-separated groups on a line: 1 2 3, 50 51 and
// 100 101 102, in mixed order.
const kmeansData = `| makeresults format=json data="[{\"x\":1},{\"x\":100},{\"x\":50},{\"x\":2},{\"x\":101},{\"x\":51},{\"x\":3},{\"x\":102}]" | `

// TestKmeans checks kmeans on clusters whose answer does not depend on
// the start: "Each event belongs to the cluster with the nearest mean
// value", and "Events in the same cluster are moved next to each other".
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/kmeans
func TestKmeans(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"k=3 l2", "kmeans k=3 x | table x CLUSTERNUM centroid_x", []string{
			"x=1 CLUSTERNUM=1 centroid_x=2", "x=2 CLUSTERNUM=1 centroid_x=2", "x=3 CLUSTERNUM=1 centroid_x=2",
			"x=100 CLUSTERNUM=2 centroid_x=101", "x=101 CLUSTERNUM=2 centroid_x=101", "x=102 CLUSTERNUM=2 centroid_x=101",
			"x=50 CLUSTERNUM=3 centroid_x=50.5", "x=51 CLUSTERNUM=3 centroid_x=50.5",
		}},
		{"l1, cfield, no centroid", "kmeans k=3 dt=cityblock cfield=c showcentroid=false reps=1 | fields - _time", []string{
			"x=1 c=1", "x=2 c=1", "x=3 c=1", "x=100 c=2", "x=101 c=2", "x=102 c=2", "x=50 c=3", "x=51 c=3",
		}},
		// Distortion is the sum of squared distances to the means:
		// k=3: (1+0+1) + (1+0+1) + (0.25+0.25) = 4.5.
		{"k range", "kmeans k=3-3 x", []string{"k=3 distortion=4.5 cluster_sizes=3|3|2"}},
		// Cosine distance groups by direction: (1,0) (2,0) vs (0,3) (0,1).
		{"cos", `kmeans k=2 dt=cos a b | table a b CLUSTERNUM`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := kmeansData + tc.q
			want := tc.want
			if tc.name == "cos" {
				q = `| makeresults format=json data="[{\"a\":1,\"b\":0},{\"a\":0,\"b\":3},{\"a\":2,\"b\":0.1},{\"a\":0.1,\"b\":1}]" | ` + tc.q
				want = []string{"a=1 b=0 CLUSTERNUM=1", "a=2 b=0.1 CLUSTERNUM=1", "a=0 b=3 CLUSTERNUM=2", "a=0.1 b=1 CLUSTERNUM=2"}
			}
			res, err := runQuery(t, &memSource{}, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, table(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestKmeansDeterministic: the same search gives the same clusters.
func TestKmeansDeterministic(t *testing.T) {
	q := `| makeresults count=40 | streamstats count AS c | eval x=(c*37)%23, y=(c*11)%17 | kmeans k=4 x y | table c CLUSTERNUM`
	first, err := runQuery(t, &memSource{}, q)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		again, err := runQuery(t, &memSource{}, q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(table(first), table(again)); diff != "" {
			t.Fatalf("kmeans differs between runs (-first +again):\n%s", diff)
		}
	}
}

func TestKmeansErrors(t *testing.T) {
	cases := []struct{ q, want string }{
		{kmeansData + "kmeans k=9 x", "kmeans: k=9 needs at least 9 results with numbers in x, has 8"},
		{`| makeresults | eval s="a" | kmeans`, "kmeans: no numeric field to cluster by"},
	}
	for _, tc := range cases {
		_, err := runQuery(t, &memSource{}, tc.q)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.q, err, tc.want)
		}
	}
}
