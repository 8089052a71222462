package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spelunk-dev/spelunk/ingest"
)

// isTerminal reports whether w is a terminal. Progress and colour are for
// people watching one; a pipe, a file or a CI log gets neither.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isTerminalFd(f.Fd())
}

// progressEvery is how often a progress line is redrawn at most.
const progressEvery = 200 * time.Millisecond

// liveLine is one line of standard error redrawn in place; every method
// is a no-op when it is not a terminal.
type liveLine struct {
	w     io.Writer
	on    bool
	mu    sync.Mutex
	last  time.Time
	drawn bool
}

func newLiveLine(w io.Writer) *liveLine { return &liveLine{w: w, on: isTerminal(w)} }

// writer is w for the command's other messages: each write first clears
// the line, so that a notice does not land in the middle of it.
func (l *liveLine) writer() io.Writer {
	if !l.on {
		return l.w
	}
	return lineWriter{l}
}

type lineWriter struct{ l *liveLine }

func (w lineWriter) Write(b []byte) (int, error) {
	w.l.clear()
	w.l.mu.Lock()
	defer w.l.mu.Unlock()
	return w.l.w.Write(b)
}

// draw redraws the line with the text f makes, at most every
// progressEvery unless force.
func (l *liveLine) draw(force bool, f func() string) {
	if !l.on {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if !force && now.Sub(l.last) < progressEvery {
		return
	}
	l.last = now
	l.drawn = true
	fmt.Fprintf(l.w, "\r%s\x1b[K", f())
}

// clear erases the line, so that what comes next starts on a clean one.
func (l *liveLine) clear() {
	if !l.on {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.drawn {
		fmt.Fprint(l.w, "\r\x1b[K")
		l.drawn = false
	}
}

// loadProgress shows the reading of the data: bytes and events read,
// the rate, and the time left when the total is known (no .gz file, no
// standard input).
type loadProgress struct {
	line          *liveLine
	total         int64
	exact         bool
	start         time.Time
	bytes, events atomic.Int64
}

func newLoadProgress(line *liveLine, paths []string) *loadProgress {
	p := &loadProgress{line: line, start: time.Now()}
	if p.line.on {
		p.total, p.exact = dataSize(paths)
	}
	return p
}

// event counts one event read; it is called from the reading workers.
func (p *loadProgress) event(ev *ingest.Event) {
	if !p.line.on {
		return
	}
	p.bytes.Add(int64(len(ev.Raw) + 1))
	if p.events.Add(1)%1024 == 0 {
		p.line.draw(false, p.text)
	}
}

func (p *loadProgress) text() string {
	b, n := p.bytes.Load(), p.events.Load()
	secs := time.Since(p.start).Seconds()
	var s strings.Builder
	fmt.Fprintf(&s, "reading the data: %s", byteSize(b))
	if p.exact && p.total > 0 {
		fmt.Fprintf(&s, " of %s", byteSize(p.total))
	}
	fmt.Fprintf(&s, ", %s events", thousands(n))
	if secs > 0.5 {
		rate := float64(b) / secs
		fmt.Fprintf(&s, ", %s/s", byteSize(int64(rate)))
		if p.exact && p.total > b && rate > 0 {
			fmt.Fprintf(&s, ", about %s left", roundLeft(float64(p.total-b)/rate))
		}
	}
	return s.String()
}

func (p *loadProgress) done() { p.line.clear() }

// stepProgress shows work done in steps (detections): how many of how
// many, the rate, the time left and the step just done.
type stepProgress struct {
	line  *liveLine
	what  string
	total int
	start time.Time
	n     atomic.Int64
}

func newStepProgress(line *liveLine, what string, total int) *stepProgress {
	return &stepProgress{line: line, what: what, total: total, start: time.Now()}
}

// step counts one step done; name says which. Safe for concurrent use.
func (p *stepProgress) step(name string) {
	if !p.line.on {
		return
	}
	n := int(p.n.Add(1))
	p.line.draw(n == p.total, func() string { return p.text(n, name) })
}

func (p *stepProgress) text(n int, name string) string {
	secs := time.Since(p.start).Seconds()
	s := fmt.Sprintf("%s: %d of %d", p.what, n, p.total)
	if secs > 0.5 && n > 0 {
		rate := float64(n) / secs
		s += fmt.Sprintf(", %.1f/s", rate)
		if n < p.total {
			s += fmt.Sprintf(", about %s left", roundLeft(float64(p.total-n)/rate))
		}
	}
	if r := []rune(name); len(r) > 50 {
		name = string(r[:47]) + "..."
	}
	return s + "  " + name
}

func (p *stepProgress) done() { p.line.clear() }

// ticker shows that a phase with no count (a search) is still going,
// with its elapsed time; tick is called often (the budget's checks).
type ticker struct {
	line  *liveLine
	what  string
	start time.Time
}

func newTicker(line *liveLine, what string) *ticker {
	return &ticker{line: line, what: what, start: time.Now()}
}

func (t *ticker) tick() {
	t.line.draw(false, func() string {
		return fmt.Sprintf("%s: %s", t.what, time.Since(t.start).Round(100*time.Millisecond))
	})
}

func (t *ticker) done() { t.line.clear() }

// dataSize adds up the sizes of the files paths name (folders walked,
// globs matched, hidden files left out as ingest leaves them); exact is
// false when a .gz file or standard input makes the size no measure of
// the bytes read.
func dataSize(paths []string) (total int64, exact bool) {
	exact = true
	add := func(p string, size int64) {
		total += size
		if strings.HasSuffix(p, ".gz") {
			exact = false
		}
	}
	for _, p := range paths {
		if p == "-" {
			exact = false
			continue
		}
		matches := []string{p}
		if _, err := os.Stat(p); err != nil {
			matches, _ = filepath.Glob(p)
		}
		for _, m := range matches {
			_ = filepath.WalkDir(m, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return nil
				}
				if path != m && strings.HasPrefix(d.Name(), ".") {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.Type().IsRegular() {
					if info, err := d.Info(); err == nil {
						add(path, info.Size())
					}
				}
				return nil
			})
		}
	}
	return total, exact
}

// byteSize writes a size with a decimal unit (kB, MB, GB).
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f, u := float64(n), 0
	for f >= unit && u < 4 {
		f /= unit
		u++
	}
	return fmt.Sprintf("%.1f %s", f, []string{"B", "kB", "MB", "GB", "TB"}[u])
}

// thousands writes n with thousands separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// roundLeft writes a remaining time to a precision a person can use.
func roundLeft(secs float64) string {
	d := time.Duration(secs * float64(time.Second))
	switch {
	case d < 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	}
	return d.Round(time.Minute).String()
}
