package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
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
		{[]string{"--etcd", notEtcd, "--format", "sarif", env}, `verify --format is text or json, not "sarif"`},
	} {
		out, errs, code := runVerify(t, tc.args...)
		if code != ExitError || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("verify %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errs, tc.want)
		}
	}
}

// TestVerifyEtcd35 boots golden inputs on real etcd 3.5.
// substitutions is the line verify prints after a result to list what the
// sandbox changed.
var substitutions = regexp.MustCompile(`(?m)^    booted with: .*\n`)

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
	broken := "../../testdata/cases/config-syntax-error/input/broken.yaml"
	golden := "../../testdata/cases/envfile-basic/input/etcd.env"
	unit := "../../testdata/cases/systemd-unit/input/etc/systemd/system/etcd.service"
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{clean}, clean + ":1:1: starts clean\n", ExitOK},
		// an invocation that cannot be prepared does not stop the others
		{[]string{broken, clean}, broken + ":1:1: not verified: the config file is not YAML etcd can read: yaml: line 2: did not find expected ',' or ']'\n" + clean + ":1:1: starts clean\n", ExitFindings},
		{[]string{conf2}, conf2 + ":1:1: starts clean\n", ExitOK},
		{[]string{warns}, warns + ":1:1: starts with warnings:\n    unrecognized environment variable environment-variable=ETCD_DEBUG=true\n", ExitFindings},
		{[]string{golden}, golden + ":1:1: fails (exit 1): failed to verify flags error=--logger=capnslog is removed in v3.5\n", ExitFindings},
		{[]string{"--fixed", "--unsafe-fixes", golden}, golden + ":1:1: starts clean\n", ExitOK},
		{[]string{unit}, unit + ":13:11: fails (exit 2): flag provided but not defined: -debug\n", ExitFindings},
		// etcd 3.5 reads durations in YAML as integers only; the log file
		// becomes stderr in the sandbox.
		{[]string{conf}, conf + ":1:1: fails (exit 1): failed to verify flags error=error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field configYAML.Config.experimental-corrupt-check-time of type time.Duration\n", ExitFindings},
	} {
		t.Run(filepath.Base(tc.args[len(tc.args)-1]), func(t *testing.T) {
			t.Parallel() // etcd mostly waits for its election
			full, errs, code := runVerify(t, append([]string{"--etcd", bin}, tc.args...)...)
			out := substitutions.ReplaceAllString(full, "") // temporary paths and ports
			if out != tc.want || code != tc.code {
				t.Errorf("verify %q: exit %d\n%s\nwant exit %d\n%s\nstderr: %s", tc.args, code, out, tc.code, tc.want, errs)
			}
			if tc.args[0] == conf2 {
				// every substitution of the user's text is printed
				for _, want := range []string{"data-dir /var/lib/etcd → ", "listen-client-urls http://10.0.0.1:2379 → http://127.0.0.1:", "log-outputs [/var/log/etcd.log] → stderr", "discovery-srv left out"} {
					if !strings.Contains(full, want) {
						t.Errorf("verify %q does not say %q:\n%s", tc.args, want, full)
					}
				}
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

// TestVerifyTLSAndJSON boots an https unit on real etcd 3.6: the user's
// certificates are not on this machine, so it fails unless --test-certs
// gives it the sandbox's; --format json writes one object per invocation.
func TestVerifyTLSAndJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("boots real etcd")
	}
	bin := etcdtest.Binary(t, "3.6")
	dir := t.TempDir()
	unit := filepath.Join(dir, "etcd.service")
	src := `[Service]
Environment=ETCD_TRUSTED_CA_FILE=/etc/etcd/pki/ca.crt
ExecStart=/usr/local/bin/etcd --name n1 \
  --listen-client-urls=https://10.0.0.1:2379 --advertise-client-urls=https://10.0.0.1:2379 \
  --cert-file=/etc/etcd/pki/server.crt --key-file=/etc/etcd/pki/server.key --client-cert-auth \
  --listen-peer-urls=https://10.0.0.1:2380 --peer-cert-file=/etc/etcd/pki/peer.crt \
  --peer-key-file=/etc/etcd/pki/peer.key --peer-trusted-ca-file=/etc/etcd/pki/ca.crt
`
	v2 := filepath.Join(dir, "v2.env")
	if err := os.WriteFile(unit, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(v2, []byte("ETCD_NAME=n2\nETCD_ENABLE_V2=true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	version, _ := etcdtest.Version("3.6")
	type object struct {
		File     string   `json:"file"`
		Line     int      `json:"line"`
		Column   int      `json:"column"`
		Program  string   `json:"program"`
		Version  string   `json:"version"`
		Result   string   `json:"result"`
		ExitCode *int     `json:"exit_code"`
		Lines    []string `json:"lines"`
	}
	decode := func(out string) []object {
		var objs []object
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var o object
			if err := json.Unmarshal([]byte(l), &o); err != nil {
				t.Fatalf("not one JSON object per line: %v\n%s", err, out)
			}
			objs = append(objs, o)
		}
		return objs
	}
	two := func(n int) *int { return &n }
	for _, tc := range []struct {
		args []string
		want []object
	}{
		// Without --test-certs the user's files are used, and they are
		// not here.
		{[]string{"--format", "json", unit, v2}, []object{
			{File: unit, Line: 3, Program: bin, Version: version, Result: "fails", ExitCode: two(1), Lines: []string{"open /etc/etcd/pki/"}},
			{File: v2, Line: 1, Program: bin, Version: version, Result: "warnings", Lines: []string{"unrecognized environment variable environment-variable=ETCD_ENABLE_V2=true"}},
		}},
		{[]string{"--format", "json", "--test-certs", unit, v2}, []object{
			{File: unit, Line: 3, Program: bin, Version: version, Result: "clean", Lines: []string{}},
			{File: v2, Line: 1, Program: bin, Version: version, Result: "warnings", Lines: []string{"unrecognized environment variable environment-variable=ETCD_ENABLE_V2=true"}},
		}},
	} {
		t.Run(strings.Join(tc.args[:len(tc.args)-2], " "), func(t *testing.T) {
			t.Parallel()
			out, errs, code := runVerify(t, append([]string{"--etcd", bin}, tc.args...)...)
			if code != ExitFindings {
				t.Errorf("exit %d, want 1; stderr %s", code, errs)
			}
			got := decode(out)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d objects, want %d:\n%s", len(got), len(tc.want), out)
			}
			for i, w := range tc.want {
				g := got[i]
				ok := g.File == w.File && g.Line == w.Line && g.Program == w.Program && g.Version == w.Version && g.Result == w.Result &&
					(g.ExitCode == nil) == (w.ExitCode == nil) && (w.ExitCode == nil || *g.ExitCode == *w.ExitCode) && len(g.Lines) == len(w.Lines)
				for j := range w.Lines {
					ok = ok && j < len(g.Lines) && strings.Contains(g.Lines[j], w.Lines[j])
				}
				if !ok {
					t.Errorf("object %d:\n got %+v\nwant %+v (lines contain)", i, g, w)
				}
			}
			if !strings.Contains(out, `"exit_code":null`) {
				t.Errorf("a member that did not exit has exit_code null:\n%s", out)
			}
		})
	}
}
