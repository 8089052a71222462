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
		{`* | tags`, &spl.TagsCommand{}},
		{`* | tags host eventtype`, &spl.TagsCommand{Fields: []spl.FieldName{{Name: "host"}, {Name: "eventtype"}}}},
		{`* | tags outputfield=test inclname=t`, &spl.TagsCommand{OutputField: "test", InclName: true}},
		{`* | tags outputfield=test inclname=t allowed_tags="error, group" host`,
			&spl.TagsCommand{OutputField: "test", InclName: true, AllowedTags: []string{"error", "group"}, Fields: []spl.FieldName{{Name: "host"}}}},
		{`* | tags outputfield=mytags inclname=true inclvalue=yes host, clientip`,
			&spl.TagsCommand{OutputField: "mytags", InclName: true, InclValue: true, Fields: []spl.FieldName{{Name: "host"}, {Name: "clientip"}}}},
		{`* | typer`, &spl.TyperCommand{MaxLen: 10000}},
		{`* | typer eventtypes="successful purchases" maxlen=300`, &spl.TyperCommand{Eventtypes: []string{"successful purchases"}, MaxLen: 300}},
		{`* | typer eventtypes="a*, b"`, &spl.TyperCommand{Eventtypes: []string{"a*", "b"}, MaxLen: 10000}},
		{`* | typer eventtypes=""`, &spl.TyperCommand{Eventtypes: []string{}, MaxLen: 10000}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			p, err := spl.Parse(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, p.Commands[len(p.Commands)-1], ignore); diff != "" {
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
		{`* | tags inclvalue=f outputfield=t2 allowed_tags="a,b" host, src`, `* | tags outputfield=t2 allowed_tags="a, b" host src`},
		{`* | typer maxlen=10000 eventtypes=web*`, `* | typer eventtypes="web*"`},
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
		{`* | tags inclname=maybe`, `tags: inclname takes a Boolean (true or false)`},
		{`* | tags outputfeld=x`, `tags: unknown option "outputfeld"`},
		{`* | typer maxlen=-1`, `typer: maxlen takes a whole number, not "-1"`},
		{`* | typer web_error`, `typer: unexpected "web_error"`},
	}
	for _, tc := range cases {
		_, err := spl.Parse(tc.in)
		errs := spl.AsErrors(err)
		if len(errs) == 0 || errs[0].Msg != tc.want {
			t.Errorf("Parse(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}
