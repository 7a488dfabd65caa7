package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/etcdlint/etcdlint/internal/etcdtest"
)

func runVerify(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &Command{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}
	code = c.Main(append([]string{"verify"}, args...))
	return out.String(), errb.String(), code
}

func TestVerifyBadBinary(t *testing.T) {
	dir := t.TempDir()
	env := filepath.Join(dir, "etcd.env")
	os.WriteFile(env, []byte("ETCD_NAME=n1\n"), 0o644)
	notExec := filepath.Join(dir, "etcd-noexec")
	os.WriteFile(notExec, []byte("#!/bin/sh\n"), 0o644)
	notEtcd := filepath.Join(dir, "etcd-fake")
	os.WriteFile(notEtcd, []byte("#!/bin/sh\necho hello from something else\n"), 0o755)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{env}, "verify needs --etcd PATH"},
		{[]string{"--etcd", filepath.Join(dir, "missing"), env}, "does not exist"},
		{[]string{"--etcd", dir, env}, "is a directory"},
		{[]string{"--etcd", notExec, env}, "is not executable"},
		{[]string{"--etcd", notEtcd, env}, `is not an etcd server: --version printed "hello from something else"`},
		{[]string{"--etcd", notEtcd}, "verify needs files"},
		{[]string{"--etcd", notEtcd, "--unsafe-fixes", env}, "add --fixed"},
	} {
		out, errs, code := runVerify(t, tc.args...)
		if code != ExitError || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("verify %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errs, tc.want)
		}
	}
}

// TestVerifyEtcd35 boots golden inputs on real etcd 3.5.
func TestVerifyEtcd35(t *testing.T) {
	if testing.Short() {
		t.Skip("boots real etcd")
	}
	bin := etcdtest.Binary(t, "3.5")
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	warns := write("warns.env", "ETCD_NAME=n1\nETCD_DEBUG=true\nETCD_DATA_DIR=/var/lib/etcd\n")
	clean := write("clean.env", "ETCD_NAME=n1\nETCD_LOG_LEVEL=debug\nETCD_LISTEN_CLIENT_URLS=http://0.0.0.0:2379\n")
	conf := write("etcd.conf.yml", "name: n1\ndata-dir: /var/lib/etcd\nlisten-client-urls: http://10.0.0.1:2379\nlog-outputs: [/var/log/etcd.log]\nexperimental-corrupt-check-time: \"1m\"\n")
	conf2 := write("ok.conf.yml", "name: n1\ndata-dir: /var/lib/etcd\nlisten-client-urls: http://10.0.0.1:2379\nlog-outputs: [/var/log/etcd.log]\ninitial-cluster-state: existing\ndiscovery-srv: example.com\n")
	golden := "../../testdata/cases/envfile-basic/input/etcd.env"
	unit := "../../testdata/cases/systemd-unit/input/etc/systemd/system/etcd.service"
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{clean}, clean + ":1: starts clean\n", ExitOK},
		{[]string{conf2}, conf2 + ":1: starts clean\n", ExitOK},
		{[]string{warns}, warns + ":1: starts with warnings:\n    unrecognized environment variable environment-variable=ETCD_DEBUG=true\n", ExitFindings},
		{[]string{golden}, golden + ":1: fails (exit 1): failed to verify flags error=--logger=capnslog is removed in v3.5\n", ExitFindings},
		{[]string{"--fixed", "--unsafe-fixes", golden}, golden + ":1: starts clean\n", ExitOK},
		{[]string{unit}, unit + ":13: fails (exit 2): flag provided but not defined: -debug\n", ExitFindings},
		// etcd 3.5 reads durations in YAML as integers only; the log file
		// becomes stderr in the sandbox.
		{[]string{conf}, conf + ":1: fails (exit 1): failed to verify flags error=error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field configYAML.Config.experimental-corrupt-check-time of type time.Duration\n", ExitFindings},
	} {
		t.Run(filepath.Base(tc.args[len(tc.args)-1]), func(t *testing.T) {
			t.Parallel() // etcd mostly waits for its election
			out, errs, code := runVerify(t, append([]string{"--etcd", bin}, tc.args...)...)
			if out != tc.want || code != tc.code {
				t.Errorf("verify %q: exit %d\n%s\nwant exit %d\n%s\nstderr: %s", tc.args, code, out, tc.code, tc.want, errs)
			}
		})
	}
	t.Cleanup(func() {
		// The user's data directory and log file were never created.
		for _, p := range []string{"/var/lib/etcd/member", "/var/log/etcd.log"} {
			if _, err := os.Stat(p); err == nil {
				t.Errorf("verify touched %s", p)
			}
		}
	})
}
