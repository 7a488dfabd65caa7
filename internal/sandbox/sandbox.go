package sandbox

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Member is a running sandboxed etcd.
type Member struct {
	// ClientURL serves the client API (gRPC and the HTTP gateway);
	// MetricsURL serves /metrics and /health over plain HTTP.
	ClientURL, MetricsURL string
	// Args and Env are what etcd was started with.
	Args, Env []string
	// Substituted lists what of the user's settings the sandbox replaced
	// or left out (addresses, ports, directories, TLS files, discovery).
	Substituted []string

	// certs, when the sandbox made the TLS files of an https member.
	certs *Certs
	cmd   *exec.Cmd
	dir   string
	log   *logBuffer
	done  chan struct{}
	err   error // from Wait, valid after done
	stop  sync.Once
}

// Start boots bin with the sandboxed invocation. The caller must Stop the
// member, which kills it and removes its directory.
func Start(bin string, inv *Invocation) (*Member, error) {
	dir, err := os.MkdirTemp("", "etcdlint-sandbox-")
	if err != nil {
		return nil, err
	}
	pt, err := freePorts()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	var certs *Certs
	if inv.TestCerts && !inv.PlainHTTP {
		if certs, err = NewCerts(filepath.Join(dir, "certs")); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	args, env, config, subs, err := inv.command(dir, pt, certs)
	if err == nil {
		err = writeConfig(dir, config)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	m := &Member{
		ClientURL:   pt.url("http", pt.client),
		MetricsURL:  pt.url("http", pt.metrics),
		Args:        args,
		Env:         env,
		Substituted: subs,
		dir:         dir,
		log:         &logBuffer{},
		done:        make(chan struct{}),
	}
	if !inv.PlainHTTP && strings.HasPrefix(strings.TrimSpace(inv.lookup("listen-client-urls")), "https://") {
		m.ClientURL = pt.url("https", pt.client)
		m.certs = certs
	}
	m.cmd = exec.Command(bin, args...)
	// Only the invocation's own variables: never the caller's ETCD_*.
	m.cmd.Env = append([]string{}, env...)
	m.cmd.Dir = dir
	m.cmd.Stdout = m.log
	m.cmd.Stderr = m.log
	ownGroup(m.cmd)
	if err := m.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("cannot run %s: %v", bin, err)
	}
	go func() {
		m.err = m.cmd.Wait()
		close(m.done)
	}()
	return m, nil
}

// freePorts picks four free loopback ports; they are held open together
// so that they differ.
func freePorts() (ports, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var nums []int
	for range 4 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return ports{}, fmt.Errorf("no free loopback port: %v", err)
		}
		ls = append(ls, l)
		nums = append(nums, l.Addr().(*net.TCPAddr).Port)
	}
	return ports{client: nums[0], peer: nums[1], metrics: nums[2], clientHTTP: nums[3]}, nil
}

// ErrExited is returned by WaitHealthy when etcd stopped before it was healthy.
var ErrExited = errors.New("etcd exited")

// TLS is the client configuration for ClientURL when the sandbox made
// its certificates (Invocation.TestCerts), else nil.
func (m *Member) TLS() *tls.Config {
	if m.certs == nil {
		return nil
	}
	return m.certs.ClientTLS()
}

// HealthURL is where WaitHealthy polls: the client URL over https with
// the sandbox's CA when the sandbox made the certificates, else the
// plain-HTTP metrics URL.
func (m *Member) HealthURL() string {
	if m.certs != nil {
		return m.ClientURL + "/health"
	}
	return m.MetricsURL + "/health"
}

// WaitHealthy polls /health until etcd reports healthy, exits, or ctx ends.
func (m *Member) WaitHealthy(ctx context.Context) error {
	client := &http.Client{Timeout: time.Second}
	if tc := m.TLS(); tc != nil {
		client.Transport = &http.Transport{TLSClientConfig: tc}
		defer client.CloseIdleConnections()
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, m.HealthURL(), nil)
		if resp, err := client.Do(req); err == nil {
			body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && bytes.Contains(body, []byte(`"health":"true"`)) {
				return nil
			}
		}
		select {
		case <-m.done:
			return ErrExited
		case <-ctx.Done():
			return fmt.Errorf("etcd was not healthy in time: %w", ctx.Err())
		case <-tick.C:
		}
	}
}

// Exited reports whether etcd has stopped, and its exit code.
func (m *Member) Exited() (code int, exited bool) {
	select {
	case <-m.done:
	default:
		return 0, false
	}
	var ee *exec.ExitError
	if errors.As(m.err, &ee) {
		return ee.ExitCode(), true
	}
	return 0, true
}

// Log is everything etcd wrote to stdout and stderr so far.
func (m *Member) Log() []byte { return m.log.Bytes() }

// Stop kills etcd and everything it started, waits for it and removes
// its directory. It is safe to call more than once.
func (m *Member) Stop() {
	m.stop.Do(func() {
		killGroup(m.cmd)
		select {
		case <-m.done:
		case <-time.After(10 * time.Second):
		}
		os.RemoveAll(m.dir)
	})
}

// logBuffer collects output written from the process's pipes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 16<<20 {
		return len(p), nil // enough to judge a start
	}
	return b.buf.Write(p)
}

func (b *logBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
