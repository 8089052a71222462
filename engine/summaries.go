package engine

import "github.com/spelunk-dev/spelunk/spl"

// SummarySource is a Source that keeps data model summaries, as Splunk's
// accelerated data models (spelunk index). tstats asks it for a dataset
// with its summariesonly and allow_old_summaries arguments, which decide
// whether rows missing from the summaries are built from the events
// (docs/SEMANTICS.md, "Data model summaries").
type SummarySource interface {
	SummaryDataset(name string, summariesOnly, allowOld bool) (Dataset, error)
}

// tstatsDataset is the dataset a tstats command reads.
func tstatsDataset(src Source, c *spl.TstatsCommand, name string) (Dataset, error) {
	if ss, ok := src.(SummarySource); ok {
		return ss.SummaryDataset(name, c.SummariesOnly, c.AllowOldSummaries)
	}
	return src.Dataset(name)
}
