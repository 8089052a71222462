package main

import (
	"fmt"
	"path"
)

// fetchProgress shows the downloads of spelunk test's attack data on the
// live line: the bytes so far over every file, and the file that just
// advanced, with its size when the server gave it.
type fetchProgress struct {
	line  *liveLine
	got   map[string]int64 // bytes written so far, by URL
	total int64            // the sum of got
}

func newFetchProgress(line *liveLine) *fetchProgress {
	return &fetchProgress{line: line, got: map[string]int64{}}
}

// update is attackdata.Cache's Progress, whose calls never overlap.
func (p *fetchProgress) update(done, size int64, url string) {
	p.total += done - p.got[url]
	p.got[url] = done
	complete := size >= 0 && done == size
	p.line.draw(complete, func() string {
		s := fmt.Sprintf("downloading attack data: %s in %s  %s %s", byteSize(p.total), quantity(len(p.got), "file"), path.Base(url), byteSize(done))
		if size >= 0 {
			s += " of " + byteSize(size)
		}
		return s
	})
}
