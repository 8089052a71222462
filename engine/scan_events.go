package engine

import "github.com/spelunk-dev/spelunk/value"

// scanEvents reads the source's events newest first, leaving unread the
// partitions skip rules out (nil: none), for the generating commands that
// read events themselves (tstats without FROM, metadata, eventcount) and
// explain. A trace counts every event read, so it reads them all.
func scanEvents(rc *runCtx, skip func(Partition) bool, fn func(value.Fields) error) error {
	if rc.trace != nil {
		skip = nil
	}
	return rc.src.Scan(rc.ctx, EventScan{Skip: skip, Interrupt: rc.interrupt}, fn)
}
