// Package etcdtest gives tests real etcd server binaries, built from the
// module proxy through the separate modules in internal/etcdbin, and
// starts them in the sandbox with cleanup.
package etcdtest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/internal/sandbox"
)

// BuildTimeout bounds one build of etcd (downloading its modules included).
const BuildTimeout = 10 * time.Minute

var (
	mu     sync.Mutex
	builds = map[string]*build{}
)

type build struct {
	once sync.Once
	path string
	err  error
}

// Binary returns the etcd server binary of a minor version ("3.5", "3.6"),
// building it on first use into $ETCDLINT_ETCD_CACHE or the user cache
// directory. A build failure fails the test: the binaries are part of what
// CI checks.
func Binary(t testing.TB, minor string) string {
	t.Helper()
	return built(t, minor, "etcd", "go.etcd.io/etcd/server/v3")
}

// Etcdctl is Binary for etcdctl, for the minors whose module in
// internal/etcdbin requires it (3.7).
func Etcdctl(t testing.TB, minor string) string {
	t.Helper()
	return built(t, minor, "etcdctl", "go.etcd.io/etcd/etcdctl/v3")
}

func built(t testing.TB, minor, name, pkg string) string {
	t.Helper()
	mu.Lock()
	b := builds[minor+" "+name]
	if b == nil {
		b = &build{}
		builds[minor+" "+name] = b
	}
	mu.Unlock()
	b.once.Do(func() { b.path, b.err = buildEtcd(minor, name, pkg) })
	if b.err != nil {
		t.Fatalf("%s %s: %v", name, minor, b.err)
	}
	return b.path
}

var serverRequire = regexp.MustCompile(`(?m)^\s*go\.etcd\.io/etcd/server/v3 v(\S+)`)

// Version is the exact etcd version the module for minor pins ("3.5.33").
func Version(minor string) (string, error) {
	dir, err := moduleDir(minor)
	if err != nil {
		return "", err
	}
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", err
	}
	m := serverRequire.FindSubmatch(mod)
	if m == nil {
		return "", fmt.Errorf("%s/go.mod does not require go.etcd.io/etcd/server/v3", dir)
	}
	return string(m[1]), nil
}

func buildEtcd(minor, name, pkg string) (string, error) {
	dir, err := moduleDir(minor)
	if err != nil {
		return "", err
	}
	version, err := Version(minor)
	if err != nil {
		return "", err
	}
	cache := os.Getenv("ETCDLINT_ETCD_CACHE")
	if cache == "" {
		uc, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no cache directory (set ETCDLINT_ETCD_CACHE): %v", err)
		}
		cache = filepath.Join(uc, "etcdlint")
	}
	out := filepath.Join(cache, "etcd-"+version, name)
	if name != "etcd" {
		if _, err := os.Stat(out); err == nil {
			return out, nil // the cache directory is per version
		}
	} else if got, err := sandbox.Version(context.Background(), out); err == nil && got == version {
		return out, nil
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return "", err
	}
	// Build beside the target and rename, so that test binaries of other
	// packages building at the same time never see half a file.
	tmp := fmt.Sprintf("%s.tmp%d", out, os.Getpid())
	ctx, cancel := context.WithTimeout(context.Background(), BuildTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", tmp, pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly")
	if b, err := cmd.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("building %s %s in %s: %v\n%s", name, version, dir, err, b)
	}
	if err := os.Rename(tmp, out); err != nil {
		return "", err
	}
	return out, nil
}

// moduleDir finds internal/etcdbin/v<minor> above the working directory
// (a package directory of this module when tests run).
func moduleDir(minor string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		cand := filepath.Join(d, "internal", "etcdbin", "v"+minor)
		if _, err := os.Stat(filepath.Join(cand, "go.mod")); err == nil {
			return cand, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no internal/etcdbin/v%s/go.mod above %s", minor, wd)
		}
	}
}

// Start boots etcd with inv in the sandbox, waits until it is healthy and
// stops it when the test ends. It fails the test, with etcd's log, when
// etcd does not become healthy within a minute. The sandbox's ports are
// free when chosen, but another process (a test package running beside
// this one) may bind one first: such a boot is tried again on new ports.
func Start(t testing.TB, bin string, inv *sandbox.Invocation) *sandbox.Member {
	t.Helper()
	for attempt := 1; ; attempt++ {
		m, err := sandbox.Start(bin, inv)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		err = m.WaitHealthy(ctx)
		cancel()
		if err == nil {
			t.Cleanup(m.Stop)
			return m
		}
		m.Stop()
		if attempt == 3 || !sandbox.LostPort(string(m.Log())) {
			t.Fatalf("etcd %v: %v\n%s", m.Args, err, m.Log())
		}
		t.Logf("etcd lost a port to another process; booting again: %v", err)
	}
}

// Flags is an invocation of plain flags ("--enable-v2"), for tests.
func Flags(flags ...string) *sandbox.Invocation {
	inv := &sandbox.Invocation{}
	for _, f := range flags {
		name, value, has := cutFlag(f)
		inv.Settings = append(inv.Settings, sandbox.Setting{Name: name, Raw: "--" + name, Value: value, HasValue: has})
	}
	return inv
}

func cutFlag(f string) (name, value string, has bool) {
	return strings.Cut(strings.TrimLeft(f, "-"), "=")
}
