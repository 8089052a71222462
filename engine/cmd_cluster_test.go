package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const clusterData = `| makeresults format=json data="[{\"m\":\"user alice logged in from 10.0.0.1\"},{\"m\":\"disk full on /var\"},{\"m\":\"user bob logged in from 10.0.0.1\"},{\"m\":\"disk full on /tmp\"},{\"m\":\"in logged user dave from 10.0.0.1\"}]" | `

// TestCluster checks cluster's options on messages whose similarity is
// worked out by hand: "user alice logged in from 10.0.0.1" is 9 terms
// (user alice logged in from 10 0 0 1), and "user bob ..." shares 8 of
// them in place: 8/9 = 0.89. The disk messages share 3 of 4 terms: 0.75.
// The "in logged user dave" message has the same terms as the others but
// only 5 of 9 in place (from 10 0 0 1): termset puts it with them,
// termlist does not.
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/cluster
func TestCluster(t *testing.T) {
	cases := []struct {
		name, q string
		want    []string
	}{
		{"default keeps one per cluster", "cluster field=m | table m cluster_label", []string{
			"m=user alice logged in from 10.0.0.1 cluster_label=1",
			"m=disk full on /var cluster_label=2",
			"m=disk full on /tmp cluster_label=3",
			"m=in logged user dave from 10.0.0.1 cluster_label=4",
		}},
		{"labelonly and showcount", "cluster field=m labelonly=t showcount=t | table m cluster_label cluster_count", []string{
			"m=user alice logged in from 10.0.0.1 cluster_label=1 cluster_count=2",
			"m=disk full on /var cluster_label=2 cluster_count=1",
			"m=user bob logged in from 10.0.0.1 cluster_label=1 cluster_count=2",
			"m=disk full on /tmp cluster_label=3 cluster_count=1",
			"m=in logged user dave from 10.0.0.1 cluster_label=4 cluster_count=1",
		}},
		// 0.75 >= 0.7 joins the disk messages; dave's 5/9 = 0.56 stays out.
		{"lower threshold", "cluster field=m t=0.7 labelonly=t showcount=t countfield=n labelfield=l | table l n", []string{
			"l=1 n=2", "l=2 n=2", "l=1 n=2", "l=2 n=2", "l=3 n=1",
		}},
		// termset: alice's 8 distinct terms (0 twice) against bob's: 7 shared,
		// 7/sqrt(8*8) = 0.875; dave's set equals alice's but for the name: 0.875.
		{"termset", "cluster field=m match=termset labelonly=t | table cluster_label", []string{
			"cluster_label=1", "cluster_label=2", "cluster_label=1", "cluster_label=3", "cluster_label=1",
		}},
		// Only spaces separate: "/var" and "/tmp" are whole terms.
		{"delims", `cluster field=m delims=" " t=0.6 labelonly=t | table cluster_label`, []string{
			"cluster_label=1", "cluster_label=2", "cluster_label=1", "cluster_label=2", "cluster_label=3",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, &memSource{}, clusterData+tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, table(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestClusterNgramset: "abcdef" and "abcdeg" share 3 of 4 trigrams
// (abc bcd cde; def/deg differ): 3/4 = 0.75; "xyz" shares none.
func TestClusterNgramset(t *testing.T) {
	q := `| makeresults format=json data="[{\"p\":\"abcdef\"},{\"p\":\"abcdeg\"},{\"p\":\"xyz\"}]" | cluster field=p match=ngramset t=0.7 labelonly=t | table cluster_label`
	res, err := runQuery(t, &memSource{}, q)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"cluster_label=1", "cluster_label=1", "cluster_label=2"}
	if diff := cmp.Diff(want, table(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
