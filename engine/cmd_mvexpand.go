package engine

import (
	"strings"

	"github.com/spelunk-dev/spelunk/spl"
	"github.com/spelunk-dev/spelunk/value"
)

// mvexpand makes one result per value of a field, each a copy of the
// result with the field holding that one value; limit caps the values
// used. A result without the field passes through unchanged
// [docs/SEMANTICS.md §18 UNCONFIRMED; chosen so nothing is lost].
// https://help.splunk.com/en/splunk-enterprise/search/spl-search-reference/9.4/search-commands/mvexpand
func init() {
	registerStream("mvexpand", func(rc *runCtx, cmd spl.Command, next stage) (stage, error) {
		c := cmd.(*spl.MvexpandCommand)
		// "Internal fields cannot be expanded."
		if strings.HasPrefix(c.Field, "_") {
			e := errAt(c, "mvexpand: %s is an internal field, which cannot be expanded", c.Field)
			e.End = e.Pos + len("mvexpand")
			return nil, e
		}
		return &mvexpandStage{rc: rc, cmd: c, next: next}, nil
	})
}

// mvexpandStage expands each batch of results. Like Splunk's, it bounds
// the memory the expansion of one batch may take ([mvexpand]
// max_mem_usage_mb, Limits.MvexpandMaxBytes): "If the memory limit is
// exceeded, output is truncated, not spilled to disk", with a warning.
type mvexpandStage struct {
	rc   *runCtx
	cmd  *spl.MvexpandCommand
	next stage
}

func (s *mvexpandStage) push(rows []value.Fields) error {
	var out []value.Fields
	var size int64
	limit := s.rc.limits.MvexpandMaxBytes
	for _, r := range rows {
		vals := r.Get(s.cmd.Field).Values()
		if len(vals) <= 1 {
			out = append(out, r)
			continue
		}
		if s.cmd.Limit > 0 && len(vals) > s.cmd.Limit {
			vals = vals[:s.cmd.Limit]
		}
		for _, v := range vals {
			o := r.Clone()
			o.Set(s.cmd.Field, v)
			if limit > 0 {
				size += rowBytes(o)
				if size > limit {
					s.rc.warnOnce("mvexpand: output will be truncated at %d results due to excessive memory usage; the memory threshold of %s (Splunk's [mvexpand] max_mem_usage_mb, --mvexpand-max-mb) has been reached", len(out), byteSize(limit))
					return s.emit(out)
				}
			}
			out = append(out, o)
		}
	}
	return s.emit(out)
}

func (s *mvexpandStage) emit(out []value.Fields) error {
	if len(out) == 0 {
		return nil
	}
	return s.next.push(out)
}

func (s *mvexpandStage) finish() error { return s.next.finish() }
