package engine

import "github.com/spelunk-dev/spelunk/value"

// scanEvents reads the source's events newest first, leaving unread the
// partitions skip rules out (nil: none), for the generating commands that
// read events themselves (tstats without FROM, metadata, eventcount) and
// explain. A trace counts the events of the partitions skipped as read.
func scanEvents(rc *runCtx, skip func(Partition) bool, fn func(value.Fields) error) error {
	return rc.src.Scan(rc.ctx, EventScan{Skip: rc.countedSkip(skip), Interrupt: rc.interrupt}, fn)
}
