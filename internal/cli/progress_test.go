package cli

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer lets the progress goroutine and the test share a buffer.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The line shows the count once the delay has passed, and is erased at the
// end; a run that ends before the delay prints nothing.
func TestProgressLine(t *testing.T) {
	var out lockedBuffer
	p := newProgress(&out, 0, time.Millisecond)
	p.update(3, 10)
	for !strings.Contains(out.String(), "etcdlint: 3/10 files") {
		time.Sleep(time.Millisecond)
	}
	p.end()
	p.end()
	if s := out.String(); !strings.HasSuffix(s, "\r\x1b[K") || strings.Count(s, "\r\x1b[K") != 1 {
		t.Errorf("the line is not erased once at the end: %q", s)
	}
	var quiet lockedBuffer
	q := newProgress(&quiet, time.Hour, time.Millisecond)
	q.update(1, 2)
	q.end()
	if quiet.String() != "" {
		t.Errorf("a short run printed %q", quiet.String())
	}
}

// A report streamed to the same terminal erases the line before it writes,
// and the next tick draws the line again below the report.
func TestReportAboveProgress(t *testing.T) {
	var term lockedBuffer
	p := newProgress(&term, 0, time.Millisecond)
	p.update(1, 5)
	for !strings.Contains(term.String(), "1/5 files") {
		time.Sleep(time.Millisecond)
	}
	io.WriteString(p.above(&term), "a.env:1:1: warning: x [debug-flag]\n")
	p.update(2, 5)
	for !strings.Contains(term.String(), "2/5 files") {
		time.Sleep(time.Millisecond)
	}
	p.end()
	if s := term.String(); !strings.Contains(s, "1/5 files\x1b[K\r\x1b[Ka.env:1:1: warning") {
		t.Errorf("the line is not erased before the report: %q", s)
	}
}

func TestProgressWanted(t *testing.T) {
	env := func(string) string { return "" }
	if progressWanted(&bytes.Buffer{}, false, env) {
		t.Error("a buffer is no terminal")
	}
}
