package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Outcome is how a boot went.
type Outcome int

const (
	// Clean: etcd became healthy and logged no warning beyond the baseline.
	Clean Outcome = iota
	// Warned: etcd became healthy and logged warnings.
	Warned
	// Failed: etcd exited, or never became healthy.
	Failed
)

func (o Outcome) String() string {
	switch o {
	case Clean:
		return "starts clean"
	case Warned:
		return "starts with warnings"
	}
	return "fails"
}

// Report is the result of one boot.
type Report struct {
	Outcome Outcome
	// ExitCode is etcd's exit status when it exited by itself, else -1.
	ExitCode int
	// Reason quotes why a boot failed: etcd's own error line, or a timeout.
	Reason string
	// Warnings are the warning lines (Line.Text) not in the baseline.
	Warnings []string
	Lines    []Line
	Args     []string
	Env      []string
	// Substituted is what the sandbox changed of the user's text.
	Substituted []string
}

// Options tune Boot.
type Options struct {
	// Timeout bounds the wait for /health; 0 means 30 seconds.
	Timeout time.Duration
	// Settle is how long a healthy etcd keeps running so that late
	// warnings reach the log; 0 means 300ms.
	Settle time.Duration
	// Baseline are messages that any start of this binary logs; they are
	// not reported as warnings.
	Baseline []string
}

// Boot starts bin with inv, waits until it is healthy or fails, stops it
// and reports how it went. The loopback ports are free when chosen but
// another process may take one before etcd binds it: a boot that fails on
// that is tried again on new ports.
func Boot(ctx context.Context, bin string, inv *Invocation, o Options) (*Report, error) {
	for attempt := 1; ; attempt++ {
		r, err := bootOnce(ctx, bin, inv, o)
		if err != nil || attempt == 3 || r.Outcome != Failed || !LostPort(r.Reason) {
			return r, err
		}
	}
}

// LostPort reports whether etcd's log says another process took a port
// the sandbox chose for it: the boot deserves another try on new ports.
func LostPort(log string) bool { return strings.Contains(log, "address already in use") }

func bootOnce(ctx context.Context, bin string, inv *Invocation, o Options) (*Report, error) {
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Settle == 0 {
		o.Settle = 300 * time.Millisecond
	}
	m, err := Start(bin, inv)
	if err != nil {
		return nil, err
	}
	defer m.Stop()
	wctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	herr := m.WaitHealthy(wctx)
	if herr == nil {
		select {
		case <-time.After(o.Settle):
		case <-ctx.Done():
		}
	}
	code, exited := m.Exited()
	m.Stop()
	r := &Report{ExitCode: -1, Lines: ParseLog(m.Log()), Args: m.Args, Env: m.Env, Substituted: m.Substituted}
	if exited {
		r.ExitCode = code
	}
	for _, l := range r.Lines {
		if l.Serious() && !slices.Contains(o.Baseline, l.Msg) && !fromHealthProbe(l) {
			r.Warnings = append(r.Warnings, l.Text)
		}
	}
	switch {
	case herr == nil && !exited:
		r.Outcome = Clean
		if len(r.Warnings) > 0 {
			r.Outcome = Warned
		}
	case errors.Is(herr, ErrExited) || exited:
		r.Outcome = Failed
		r.Reason = failure(r.Lines, code)
	default:
		r.Outcome = Failed
		r.Reason = herr.Error()
	}
	return r, nil
}

// fromHealthProbe reports whether a line answers the sandbox's own /health
// polling: before a leader is elected, or a probe that hung up during the
// TLS handshake (its timeout on a loaded machine). How often these show
// depends on timing, not on settings; a handshake that fails for a reason
// (a bad certificate) is still the file's.
func fromHealthProbe(l Line) bool {
	switch {
	case strings.HasPrefix(l.Msg, "serving /health false"), strings.HasPrefix(l.Msg, "/health error"):
		return true
	case strings.HasPrefix(l.Msg, "rejected connection on client endpoint"):
		return strings.Contains(l.Text, "connection reset by peer") || strings.Contains(l.Text, "error=EOF")
	}
	return false
}

// Baseline boots bin with nothing but the sandbox's own settings and
// returns the messages of the warnings it logs anyway ("Running http and
// grpc server on single port"), so that Boot reports only the ones a
// file's settings cause.
func Baseline(ctx context.Context, bin string) ([]string, error) {
	r, err := Boot(ctx, bin, &Invocation{}, Options{})
	if err != nil {
		return nil, err
	}
	if r.Outcome == Failed {
		return nil, fmt.Errorf("%s does not start even without any settings: %s", bin, r.Reason)
	}
	var msgs []string
	for _, l := range r.Lines {
		if l.Serious() {
			msgs = append(msgs, l.Msg)
		}
	}
	return msgs, nil
}

// failure picks the line that says why etcd stopped: Go's flag package
// prints its error as plain text (exit 2); etcd logs the others.
func failure(lines []Line, code int) string {
	for _, l := range lines {
		if l.Level == "" && code == 2 {
			return l.Text
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i].Serious() {
			return lines[i].Text
		}
	}
	for _, l := range lines {
		if l.Level == "" {
			return l.Text
		}
	}
	if len(lines) > 0 {
		return lines[len(lines)-1].Text
	}
	return fmt.Sprintf("exit status %d, nothing logged", code)
}

var versionLine = regexp.MustCompile(`(?m)^etcd Version: (\d+\.\d+\.\d+\S*)`)

// Version runs bin --version and returns etcd's version ("3.5.33"); it
// fails when bin is not an etcd server binary.
func Version(ctx context.Context, bin string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--version")
	cmd.Env = []string{}
	out, err := cmd.CombinedOutput()
	m := versionLine.FindSubmatch(out)
	if m == nil {
		if err != nil {
			return "", fmt.Errorf("%s --version failed: %v", bin, err)
		}
		first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		return "", fmt.Errorf("%s is not an etcd server: --version printed %q", bin, first)
	}
	return string(m[1]), nil
}
