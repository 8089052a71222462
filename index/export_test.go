package index

import "testing"

// For the tests of package index_test.

// SysmonLike is sysmonLike: n Sysmon process creations as W1 has them.
func SysmonLike(t *testing.T, n int) string { return sysmonLike(t, n) }

// ArenaReused is how many arena blocks were taken from a pool so far.
func ArenaReused() int64 { return arenaReused.Load() }
