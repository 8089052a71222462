//go:build spelunk_noclickhouse

package sqlexec

import (
	"context"
	"fmt"

	"github.com/spelunk-dev/spelunk/datamodel"
	"github.com/spelunk-dev/spelunk/engine"
	"github.com/spelunk-dev/spelunk/sqlgen"
)

// A binary built with the spelunk_noclickhouse tag leaves the ClickHouse
// client out (its packages' initialisation is a share of every run's
// start): clickhouse:// URLs are an error saying so.

// ClickHouse is the ClickHouse engine; this binary has none.
type ClickHouse struct{}

// NoClickHouse is what such a binary answers to a clickhouse:// URL.
const NoClickHouse = "this spelunk was built with the spelunk_noclickhouse tag, without the ClickHouse client: build it without the tag (go build ./cmd/spelunk)"

// OpenClickHouse refuses url.
func OpenClickHouse(url string) (Engine, error) {
	return nil, fmt.Errorf("%s: %s", url, NoClickHouse)
}

// DialClickHouse refuses url.
func DialClickHouse(url string) (*ClickHouse, error) {
	return nil, fmt.Errorf("%s: %s", url, NoClickHouse)
}

func (*ClickHouse) Dialect() *sqlgen.Dialect {
	d, _ := sqlgen.LookupDialect("clickhouse")
	return d
}
func (*ClickHouse) Tables() sqlgen.Tables { return ClickHouseTables }
func (*ClickHouse) Close() error          { return nil }
func (*ClickHouse) Query(context.Context, string) (*Rows, error) {
	return nil, fmt.Errorf("%s", NoClickHouse)
}
func (*ClickHouse) Upload(context.Context, string, []string, [][]string) error {
	return fmt.Errorf("%s", NoClickHouse)
}

// Load refuses: there is no ClickHouse to load into.
func (*ClickHouse) Load(context.Context, engine.Source, *datamodel.Base, func(TableStats)) (*LoadStats, error) {
	return nil, fmt.Errorf("%s", NoClickHouse)
}
