package spl_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/spelunk-dev/spelunk/spl"
)

// TestMetadataCommandsParse parses the examples of the Search Reference's
// metadata, eventcount, tags and typer pages into their typed options.
func TestMetadataCommandsParse(t *testing.T) {
	ignore := cmpopts.IgnoreTypes(spl.Loc{}, spl.Option{})
	cases := []struct {
		in   string
		want spl.Command
	}{
		{`| metadata type=hosts index=cs* index=na* index=ap* index=eu*`,
			&spl.MetadataCommand{Type: "hosts", Indexes: []string{"cs*", "na*", "ap*", "eu*"}}},
		{`| metadata type=sourcetypes index=_internal`,
			&spl.MetadataCommand{Type: "sourcetypes", Indexes: []string{"_internal"}}},
		{`| metadata type=hosts index=mymetrics datatype=metric`,
			&spl.MetadataCommand{Type: "hosts", Indexes: []string{"mymetrics"}, Datatype: "metric"}},
		{`| metadata type=sourcetypes index=_audit splunk_server=peer*`,
			&spl.MetadataCommand{Type: "sourcetypes", Indexes: []string{"_audit"}, Server: "peer*"}},
		{`| metadata TYPE=Sources`, &spl.MetadataCommand{Type: "sources"}},
		{`| eventcount`, &spl.EventcountCommand{Summarize: true, ListVix: true}},
		{`| eventcount summarize=false index=_* report_size=true`,
			&spl.EventcountCommand{Indexes: []string{"_*"}, ReportSize: true, ListVix: true}},
		{`| eventcount summarize=false index=* index=_*`,
			&spl.EventcountCommand{Indexes: []string{"*", "_*"}, ListVix: true}},
		{`|eventcount summarize=f list_federated_remote=t index=access_* index=federated:access_* list_vix=no`,
			&spl.EventcountCommand{Indexes: []string{"access_*", "federated:access_*"}, ListFederatedRemote: true}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			p, err := spl.Parse(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, p.Commands[0], ignore); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			roundTrip(t, tc.in)
		})
	}
}

func TestMetadataCommandsCanonical(t *testing.T) {
	cases := []struct{ in, want string }{
		{`| metadata type=hosts index=cs* index=na*`, `| metadata type=hosts index=cs* index=na*`},
		{`| metadata index=main TYPE=SourceTypes splunk_server=local datatype=Event`, `| metadata type=sourcetypes index=main splunk_server=local datatype=event`},
		{`| eventcount summarize=true list_vix=t report_size=0`, `| eventcount`},
		{`| eventcount summarize=f index=_* report_size=yes`, `| eventcount index=_* summarize=false report_size=true`},
	}
	for _, tc := range cases {
		p, err := spl.Parse(tc.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if diff := cmp.Diff(tc.want, p.String()); diff != "" {
			t.Errorf("String() mismatch (-want +got):\n%s", diff)
		}
	}
}

func TestMetadataCommandsErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{`| metadata index=main`, `metadata: missing type=`},
		{`| metadata type=indexes`, `metadata: type takes "hosts", "sources", or "sourcetypes"`},
		{`| metadata type=hosts datatype=log`, `metadata: datatype takes "metric" or "event"`},
		{`| metadata type=hosts main`, `metadata: unexpected "main"`},
		{`| metadata type=hosts idx=main`, `metadata: unknown option "idx"`},
		{`* | metadata type=hosts`, `metadata is a generating command and must be the first command of a search`},
		{`| eventcount summarize=maybe`, `eventcount: summarize takes a Boolean (true or false)`},
		{`| eventcount index!=main`, `eventcount: unexpected "index"`},
		{`| eventcount count=3`, `eventcount: unknown option "count"`},
	}
	for _, tc := range cases {
		_, err := spl.Parse(tc.in)
		errs := spl.AsErrors(err)
		if len(errs) == 0 || errs[0].Msg != tc.want {
			t.Errorf("Parse(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}
