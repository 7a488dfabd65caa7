package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress is the line a long run keeps up to date on a terminal's stderr:
// "etcdlint: 1200/5000 files". It shows once a run has taken delay, is
// redrawn every tick, and is erased when the run ends, so that what is
// left on the terminal is the report and the summary.
type progress struct {
	out         io.Writer
	delay, tick time.Duration

	mu          sync.Mutex
	done, total int
	shown       bool
	stop        chan struct{}
	stopped     sync.WaitGroup
	ended       sync.Once
}

func newProgress(out io.Writer, delay, tick time.Duration) *progress {
	p := &progress{out: out, delay: delay, tick: tick, stop: make(chan struct{})}
	p.stopped.Go(p.run)
	return p
}

// update records how far the run is; the engine calls it per file.
func (p *progress) update(done, total int) {
	p.mu.Lock()
	p.done, p.total = done, total
	p.mu.Unlock()
}

func (p *progress) run() {
	select {
	case <-time.After(p.delay):
	case <-p.stop:
		return
	}
	t := time.NewTicker(p.tick)
	defer t.Stop()
	for {
		p.draw()
		select {
		case <-t.C:
		case <-p.stop:
			return
		}
	}
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total == 0 {
		return
	}
	fmt.Fprintf(p.out, "\retcdlint: %d/%d files\x1b[K", p.done, p.total)
	p.shown = true
}

// end stops the redraws and erases the line if it was shown; calling it
// again does nothing.
func (p *progress) end() {
	p.ended.Do(func() {
		close(p.stop)
		p.stopped.Wait()
		if p.shown {
			fmt.Fprint(p.out, "\r\x1b[K")
		}
	})
}

// above returns a writer to w (the same terminal, perhaps) that erases the
// progress line before each write; the next tick draws it again below.
func (p *progress) above(w io.Writer) io.Writer { return aboveProgress{p, w} }

type aboveProgress struct {
	p *progress
	w io.Writer
}

func (a aboveProgress) Write(b []byte) (int, error) {
	a.p.mu.Lock()
	defer a.p.mu.Unlock()
	if a.p.shown {
		fmt.Fprint(a.p.out, "\r\x1b[K")
		a.p.shown = false
	}
	return a.w.Write(b)
}

// progressWanted reports whether a progress line belongs on w: a terminal,
// not a dumb one, and no -q.
func progressWanted(w io.Writer, quiet bool, getenv func(string) string) bool {
	f, ok := w.(*os.File)
	if quiet || !ok || getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
